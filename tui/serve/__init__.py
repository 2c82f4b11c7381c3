"""The web server of `spantag serve`: the reader in a browser, one process per browser tab.

Neither domain nor TUI: it speaks HTTP (aiohttp, through textual-serve) and starts one reader
process per websocket connection; it imports no Textual and nothing of the TUI, and the
command line (`tui/commands/serve.py`) wires it. See docs/serve.md.
"""
