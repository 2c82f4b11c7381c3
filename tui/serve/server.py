"""The HTTP server: textual-serve's page, statics and process protocol, with our routes around it.

textual-serve (Textualize) draws a Textual app in the browser with xterm.js: each websocket
connection starts one process of a command and relays its terminal bytes. Ours adds what it
lacks: the access check of every request (`tui.serve.access`), one command per connection
(team mode: the annotator's own database, from a validated name), the team's name form, no
access log (a URL may hold the token), and a clean stop of every session on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import socket
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.serve.access import Access
from tui.serve.names import BadName, check_name
from tui.serve.pages import name_page

log = logging.getLogger("spantag.serve")
Launch = Callable[[str | None], str]
"""The shell command of one session: given the team member's name (None: not team mode)."""
PAGE = "app_index.html"
GOOGLE_FONT = re.compile(
    r"<link\s+rel=\"stylesheet\"\s+href=\"https://fonts\.googleapis\.com/[^\"]*\"\s*/>"
)
FONT_FACE = """<style>
      @font-face { font-family: "Roboto Mono"; font-style: normal;
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf"); }
      @font-face { font-family: "Roboto Mono"; font-style: italic;
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf"); }
    </style>"""
STOP_TIMEOUT = 15.0
"""Seconds a session's process has to save and exit once its tab is gone, before it is killed."""


class SpantagServer(Server):
    """Serves the reader: one process per websocket, every request checked by `Access`."""

    def __init__(
        self,
        launch: Launch,
        access: Access,
        *,
        host: str,
        port: int,
        team: str | None = None,
        public_url: str | None = None,
        title: str = "spantag",
    ) -> None:
        super().__init__("spantag", host=host, port=port, title=title, public_url=public_url)
        self.launch = launch
        self.access = access
        self.team = team
        self.given_public_url = public_url.rstrip("/") if public_url else None
        self.sessions: set[AppService] = set()
        self.started = asyncio.Event()

    # -- the web application ------------------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.access.middleware])
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({PAGE: self.page_template()}))
        routes = [
            web.static("/static", self.statics_path, name="static"),
            web.get("/download/{key}", self.handle_download, name="download"),
        ]
        if self.team is None:
            routes += [web.get("/", self.reader_page), web.get("/ws", self.websocket)]
        else:
            routes += [
                web.get("/", self.name_form),
                web.get("/start", self.start_session),
                web.get("/a/{name}", self.reader_page),
                web.get("/ws/{name}", self.websocket),
            ]
        app.add_routes(routes)
        app.on_shutdown.append(self.stop_sessions)
        return app

    def page_template(self) -> str:
        """textual-serve's page, its font served from here: the page asks no other site."""
        page = (Path(self.templates_path) / PAGE).read_text(encoding="utf-8")
        page, found = GOOGLE_FONT.subn(FONT_FACE, page)
        if not found:  # another textual-serve: its page as it is
            log.warning("textual-serve's page changed: its fonts may come from elsewhere")
        return page

    def base_url(self, request: web.Request) -> str:
        """Where the browser reaches us: --public-url, or the address it used."""
        return self.given_public_url or f"{request.scheme}://{request.host}"

    def _name(self, request: web.Request) -> str | None:
        """The team member's name of the route (None without team mode); 404 if it is bad."""
        name = request.match_info.get("name")
        if name is None:
            return None
        try:
            return check_name(name)
        except BadName:
            raise web.HTTPNotFound() from None

    async def reader_page(self, request: web.Request) -> web.Response:
        """textual-serve's terminal page, pointed at our websocket (no secret in it)."""
        name = self._name(request)
        base = self.base_url(request)
        ws_base = "wss" + base[len("https") :] if base.startswith("https") else "ws" + base[4:]
        context: dict[str, Any] = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": ws_base + ("/ws" if name is None else f"/ws/{name}"),
            "config": {"static": {"url": base + "/static/"}},
            "application": {"name": self.title if name is None else f"{self.title} · {name}"},
        }
        return aiohttp_jinja2.render_template(PAGE, request, context)

    async def name_form(self, request: web.Request) -> web.Response:
        """Team mode's first page: who is annotating."""
        return web.Response(text=name_page(self.team or ""), content_type="text/html")

    async def start_session(self, request: web.Request) -> web.Response:
        """A submitted name: refused with the reason, or on to that person's reader page."""
        value = request.query.get("name", "")
        try:
            name = check_name(value)
        except BadName as exc:
            page = name_page(self.team or "", value, str(exc))
            return web.Response(status=400, text=page, content_type="text/html")
        raise web.HTTPSeeOther(f"a/{name}")  # relative: right behind a proxy's path prefix too

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: start its process and relay bytes both ways until either ends."""
        command = self.launch(self._name(request))
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=partial(_close, websocket),
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.sessions.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken connection must not take the server down
            log.warning("session ended by an error: %r", error)
        finally:
            if service is not None:
                await self.stop_session(service)
        return websocket

    async def stop_session(self, service: AppService) -> None:
        """Ask the process to quit (it saves first), wait, kill it if it hangs."""
        self.sessions.discard(service)
        process = service._process  # textual-serve keeps it private; we need its exit
        try:
            await asyncio.wait_for(service.stop(), STOP_TIMEOUT)
            if process is not None:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except (TimeoutError, ProcessLookupError, ConnectionError):
            if process is not None and process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()

    async def stop_sessions(self, app: web.Application) -> None:
        """On shutdown: every session saves and exits."""
        await asyncio.gather(*(self.stop_session(s) for s in list(self.sessions)))

    # -- running --------------------------------------------------------------------------------
    async def run(self, announce: Callable[[str], None]) -> None:
        """Listen until SIGINT/SIGTERM; `announce` gets the URL to open once listening."""
        logging.basicConfig(level=logging.WARNING, format="spantag serve: %(message)s")
        # aiohttp's access log would print every URL, token included: it stays off.
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            site = web.TCPSite(runner, self.host, self.port, shutdown_timeout=STOP_TIMEOUT)
            await site.start()
            port = self.port
            server = site._server
            if isinstance(server, asyncio.base_events.Server) and server.sockets:
                port = server.sockets[0].getsockname()[1]
            announce(self.url_to_open(port))
            self.started.set()
            await stop.wait()
        finally:
            await runner.cleanup()

    def url_to_open(self, port: int) -> str:
        """The URL to give the annotators, with the token when there is one."""
        if self.given_public_url:
            url = self.given_public_url + "/"
        else:
            host = self.host
            if host in ("0.0.0.0", "::", ""):
                host = socket.gethostname()
            if ":" in host:
                host = f"[{host}]"
            url = f"http://{host}:{port}/"
        token = self.access.token
        return f"{url}?token={token}" if token else url


async def _close(websocket: web.WebSocketResponse) -> None:
    await websocket.close()
