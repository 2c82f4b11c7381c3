"""Who may talk to the server: the token, the cookie that carries it, the hosts and origins.

Every HTTP and websocket request passes `Access.middleware` first. Without a token (the
loopback default) a request must name a loopback host (a page elsewhere that re-points its DNS
name at 127.0.0.1 is refused) and a websocket must come from our own page (its Origin). With a
token, every request must carry it, in `?token=` or in the cookie set after the first visit;
anything else is answered 403. The token is compared in constant time, never logged, and never
written into a page: the first page visit trades it for the cookie and a redirect that drops
it from the address bar.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import hdrs, web

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    """A fresh random token for a server that is reachable beyond this machine."""
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or address, IPv6 with or without brackets) is this machine only."""
    host = host.strip("[]").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, as a browser writes it in the Origin header."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Access:
    """The token (None: loopback only, no token) and the public address behind a proxy."""

    def __init__(self, token: str | None, *, public_url: str | None = None) -> None:
        self.token = token
        self.public_origin = origin_of(public_url) if public_url else None
        self.public_host = urlsplit(public_url).hostname if public_url else None
        self.secure = bool(public_url and public_url.startswith("https:"))
        # Browsers share cookies between the ports of one host: each token its own cookie name
        # (a short hash of it: it tells nothing of the token).
        digest = hashlib.sha256((token or "").encode()).hexdigest()[:12]
        self.cookie = f"spantag_token_{digest}"

    def token_ok(self, given: str | None) -> bool:
        """Whether `given` is the token, compared in constant time."""
        if self.token is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def host_ok(self, request: web.Request) -> bool:
        """Without a token, only requests addressed to a loopback name (or the public URL)."""
        if self.token is not None:
            return True
        host = request.url.host or ""
        return is_loopback(host) or (self.public_host is not None and host == self.public_host)

    def origin_ok(self, request: web.Request) -> bool:
        """A websocket opened by a page of ours: its Origin is this server's (or the public URL)."""
        origin = request.headers.get(hdrs.ORIGIN)
        if origin is None:  # not a browser: nothing for another site to hijack
            return True
        origin = origin.lower()
        own = {f"http://{request.host}".lower(), f"https://{request.host}".lower()}
        return origin in own or origin == self.public_origin

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse (403) what may not pass; trade a token in the URL for a cookie."""
        if not self.host_ok(request):
            return forbidden("this server answers on its loopback address only")
        websocket = request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"
        if websocket and not self.origin_ok(request):
            return forbidden("a websocket from another site")
        from_query = request.query.get("token")
        if not self.token_ok(from_query or request.cookies.get(self.cookie)):
            return forbidden("open the URL that 'spantag serve' printed, with its ?token=")
        if self.token is not None and from_query is not None and not websocket:
            # Keep the token out of the address bar, the history and any Referer.
            query = request.rel_url.query.copy()
            del query["token"]
            redirect = web.Response(
                status=303, headers={hdrs.LOCATION: str(request.rel_url.with_query(query))}
            )
            redirect.set_cookie(
                self.cookie,
                self.token,
                httponly=True,
                samesite="Strict",
                secure=self.secure,
                path="/",
            )
            return redirect
        response = await handler(request)
        if not websocket:
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response


def forbidden(why: str) -> web.Response:
    """The 403 answer, with the reason (which never includes the token)."""
    return web.Response(status=403, text=f"403 Forbidden: {why}\n")
