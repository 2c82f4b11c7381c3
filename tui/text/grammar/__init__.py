"""The grammar of extents: what a word, a figure and a quotation are (see tui/text/extents.py)."""
