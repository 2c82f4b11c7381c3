"""The server's gate without a browser: names, the token, hosts and websocket origins."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from tui.serve.access import Access, is_loopback
from tui.serve.names import BadName, check_name, team_database
from tui.serve.pages import name_page

TOKEN = "a-token-of-tests-0123"


@pytest.mark.parametrize("name", ["ana", "Bo_2", "x-y", "A" * 64, "0"])
def test_valid_names_become_files_inside_the_team_folder(tmp_path: Path, name: str) -> None:
    assert team_database(tmp_path, name) == tmp_path / f"{name}.json"


@pytest.mark.parametrize(
    "name", ["", "../evil", "a/b", "a b", "ana.json", ".", "..", "émile", "A" * 65, "a\x00", "~"]
)
def test_anything_else_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(BadName):
        check_name(name)
    with pytest.raises(BadName):
        team_database(tmp_path, name)


def test_the_name_page_escapes_what_it_shows_back() -> None:
    page = name_page("<team>", '"><script>x</script>', "only letters")
    assert "<script>" not in page and "&lt;team&gt;" in page and "Refused: only letters" in page


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("0.0.0.0", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


async def ok(request: web.Request) -> web.StreamResponse:
    if request.headers.get("Upgrade", "").lower() == "websocket":
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.close()
        return ws
    return web.Response(text="the page")


def client(access: Access) -> TestClient[web.Request, web.Application]:
    app = web.Application(middlewares=[access.middleware])
    app.add_routes([web.get("/", ok), web.get("/ws", ok), web.get("/static/x.js", ok)])
    return TestClient(TestServer(app, host="127.0.0.1"))


async def test_with_a_token_every_request_needs_it() -> None:
    access = Access(TOKEN)
    async with client(access) as http:
        for path in ("/", "/static/x.js", "/ws", "/?token=wrong", f"/?token={TOKEN[:-1]}"):
            answer = await http.get(path, allow_redirects=False)
            assert answer.status == 403, path
            assert TOKEN not in await answer.text()
        wrong = {"Cookie": f"{access.cookie}=nope"}
        assert (await http.get("/", headers=wrong)).status == 403
        answer = await http.get(f"/?token={TOKEN}&fontsize=20", allow_redirects=False)
        assert answer.status == 303
        assert answer.headers["Location"] == "/?fontsize=20"  # the token leaves the URL
        cookie = answer.cookies[access.cookie]
        assert cookie.value == TOKEN and cookie["httponly"] and cookie["samesite"] == "Strict"
        # The cookie now carries it: pages, statics and the websocket.
        headers = {"Cookie": f"{access.cookie}={TOKEN}"}
        assert (await http.get("/static/x.js", headers=headers)).status == 200
        page = await http.get("/", headers=headers)
        assert page.status == 200 and await page.text() == "the page"
        ws = await http.ws_connect("/ws", headers=headers)
        await ws.close()
        # A websocket may carry it in its URL too (no redirect there).
        ws = await http.ws_connect(f"/ws?token={TOKEN}")
        await ws.close()


async def test_without_a_token_only_loopback_names_and_our_own_pages() -> None:
    async with client(Access(None)) as http:
        assert (await http.get("/")).status == 200
        assert (await http.get("/", headers={"Host": "localhost:1234"})).status == 200
        assert (await http.get("/", headers={"Host": "rebound.example"})).status == 403
        evil = {"Origin": "http://evil.example"}
        answer = await http.get("/ws", headers={**evil, "Upgrade": "websocket"})
        assert answer.status == 403
        own = {"Origin": f"http://{http.host}:{http.port}"}
        ws = await http.ws_connect("/ws", headers=own)
        await ws.close()


async def test_the_public_url_is_an_accepted_host_and_origin() -> None:
    access = Access(None, public_url="https://tag.example.org/team")
    assert access.secure
    async with client(access) as http:
        assert (await http.get("/", headers={"Host": "tag.example.org"})).status == 200
        ws = await http.ws_connect("/ws", headers={"Origin": "https://tag.example.org"})
        await ws.close()
