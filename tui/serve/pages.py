"""The one page of our own: team mode's "who are you?" form (the reader's page is textual-serve's).

Everything shown that came from a request is HTML-escaped; the form is a plain GET, so it works
without JavaScript and carries nothing secret.
"""

from __future__ import annotations

from html import escape

HTML_PATTERN = r"[A-Za-z0-9_\-]{1,64}"
"""names.NAME_PATTERN as a browser's `pattern` (its `v` mode wants `-` escaped in a class)."""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>spantag · {team}</title>
<style>
  body {{ background: #0c181f; color: #e8eef2; font: 16px "Roboto Mono", menlo, monospace;
         display: flex; align-items: center; justify-content: center; height: 100vh; margin: 0; }}
  form {{ background: #12232d; padding: 32px 40px; max-width: 560px; }}
  h1 {{ font-size: 20px; margin: 0 0 12px; }}
  p {{ line-height: 1.5; }}
  input {{ font: inherit; padding: 8px; width: 60%; }}
  button {{ font: inherit; padding: 8px 20px; background: #5e0ba7; color: #fff; border: none; }}
  .error {{ color: #ff8080; }}
</style>
</head>
<body>
<form method="get" action="start">
  <h1>spantag · team {team}</h1>
  <p>Your name picks your own database: <code>{team}/NAME.json</code>.
     Letters, digits, <code>_</code> and <code>-</code> only.</p>
  {error}
  <p><input id="name" name="name" value="{value}" autofocus required maxlength="64"
            pattern="{pattern}" autocomplete="username" aria-label="annotator name">
     <button id="start" type="submit">Start</button></p>
</form>
</body>
</html>
"""


def name_page(team: str, value: str = "", error: str | None = None) -> str:
    """The form asking for the annotator's name, with the reason a name was refused."""
    return _PAGE.format(
        team=escape(team),
        value=escape(value),
        pattern=escape(HTML_PATTERN),
        error=f'<p class="error" id="error">Refused: {escape(error)}.</p>' if error else "",
    )
