"""One writer per database in the browser, the token, and team mode."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import pytest
from playwright.sync_api import BrowserContext

from tests.browser.support import SEED, Terminal, lock_released, serving, stored_spans, wait_until


def test_a_second_tab_is_told_and_may_only_read(tmp_path: Path, browser: BrowserContext) -> None:
    db = tmp_path / "db.json"
    with serving([str(SEED), "--db", str(db), "--no-suggest"], tmp_path) as served:
        first = Terminal(browser.new_page())
        first.open(served.url, "ISLAMABAD")
        first.keys("p")  # "Agence" (the word under the cursor)
        wait_until(lambda: len(stored_spans(db)) == 1, what="the first tab's tag")

        second = Terminal(browser.new_page())
        second.open(served.url, "This database is open in another session")
        second.wait_for("Read only")
        second.keys("r")
        second.wait_for("read only")  # the status line
        mark = second.mark
        second.keys("w", "p", "u", "x")
        second.wait_for("Read only: this database is open in another session", after=mark)
        time.sleep(0.5)
        assert len(stored_spans(db)) == 1  # the second tab wrote nothing

        second.page.close()
        first.focus()
        first.keys("w", "l")  # the first tab still writes
        wait_until(lambda: len(stored_spans(db)) == 2, what="the first tab's second tag")

        # Closing the writer's tab ends its process and lets the database go.
        first.page.close()
        wait_until(lambda: lock_released(db), what="the lock to be released")
        third = Terminal(browser.new_page())
        third.open(served.url, "ISLAMABAD")
        time.sleep(0.5)
        assert "open in another session" not in third.text()
        third.keys("G", "b", "p")  # the last word
        wait_until(lambda: len(stored_spans(db)) == 3, what="a new writer after the old one left")


def request_status(url: str, headers: dict[str, str] | None = None) -> int:
    """The final status of a GET, redirects followed with their cookies (as a browser does)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {})) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def websocket_status(url: str, headers: dict[str, str] | None = None) -> int:
    """101 when the websocket opens (then closed at once), else the refusal's status.

    (On a thread of its own: Playwright's sync API keeps an event loop on this one.)
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _websocket_status(url, headers)).result()


async def _websocket_status(url: str, headers: dict[str, str] | None) -> int:
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_without_the_token_nothing_gets_in(tmp_path: Path, browser: BrowserContext) -> None:
    db = tmp_path / "db.json"
    token = "s3cret-token-for-tests"
    args = [str(SEED), "--db", str(db), "--token", token, "--no-suggest"]
    with serving(args, tmp_path) as served:
        assert served.url == f"{served.base}/?token={token}"
        ws = served.base.replace("http", "ws", 1) + "/ws"
        for path in ("/", "/static/js/textual.js", "/ws", "/?token=wrong"):
            assert request_status(served.base + path) == 403, path
        assert websocket_status(ws) == 403
        assert websocket_status(ws + "?token=nope") == 403
        cookie = {"Cookie": "spantag_token_x=" + token}  # the right value, a wrong cookie
        assert websocket_status(ws, cookie) == 403

        page = browser.new_page()
        term = Terminal(page)
        term.open(served.url, "ISLAMABAD")
        assert token not in page.url  # traded for a cookie, out of the address bar
        assert token not in page.content()
        term.keys("p")
        wait_until(lambda: stored_spans(db), what="a tag through the token's cookie")
        assert token not in served.stderr()


def test_a_non_loopback_host_gets_a_generated_token(tmp_path: Path) -> None:
    args = [str(SEED), "--db", str(tmp_path / "db.json"), "--host", "0.0.0.0"]
    with serving(args, tmp_path) as served:
        assert "?token=" in served.url
        port = served.base.rsplit(":", 1)[1]
        assert request_status(f"http://127.0.0.1:{port}/") == 403
        token = served.url.split("?token=")[1]
        assert len(token) >= 24
        assert request_status(f"http://127.0.0.1:{port}/?token={token}") == 200


def test_loopback_without_token_refuses_other_hosts_and_sites(tmp_path: Path) -> None:
    with serving([str(SEED), "--db", str(tmp_path / "db.json")], tmp_path) as served:
        assert request_status(served.url) == 200
        assert request_status(served.url, {"Host": "attacker.example"}) == 403
        ws = served.base.replace("http", "ws", 1) + "/ws"
        origin = {"Origin": "http://attacker.example"}
        assert websocket_status(ws, origin) == 403


@pytest.mark.parametrize("names", [("ana", "bo_2")])
def test_team_mode_one_database_per_name(
    tmp_path: Path, browser: BrowserContext, names: tuple[str, str]
) -> None:
    team = tmp_path / "team"
    with serving([str(SEED), "--team", str(team), "--no-suggest"], tmp_path) as served:
        page = browser.new_page()
        page.goto(served.url)
        for bad in ("../evil", "a b", "ana.json", "émile"):
            answer = page.goto(f"{served.base}/start?name={bad}")
            assert answer is not None and answer.status == 400, bad
            assert "Refused" in page.content()
        assert request_status(f"{served.base}/a/..%2Fevil") == 404
        page.close()

        for name in names:
            page = browser.new_page()
            term = Terminal(page)
            page.goto(served.url)
            page.fill("#name", name)
            page.click("#start")
            term.wait_for("ISLAMABAD", timeout=30)
            term.wait_for(f" {name}  doc 1/1")  # the status line names the owner
            term.focus()
            term.keys("p")
            wait_until(lambda n=name: stored_spans(team / f"{n}.json"), what=f"{name}'s tag")
            page.close()
        assert sorted(p.name for p in team.iterdir() if p.suffix == ".json") == sorted(
            f"{n}.json" for n in names
        )
        for name in names:
            spans = stored_spans(team / f"{name}.json")
            assert [(s["annotator"], s["text"]) for s in spans] == [(name, "Agence")]
        assert not (tmp_path / "evil.json").exists()
