"""The keys the reader binds to its own actions, which no label may take.

A plain copy, so that the label file is checked without importing Textual; a test
(tests/app/test_label_keys.py) checks that it equals the live bindings of the reader.
"""

from __future__ import annotations

RESERVED_KEYS: dict[str, str] = {
    # the app
    "ctrl+q": "app.quit",
    "question_mark": "app.help",
    "f1": "app.help",
    "ctrl+p": "app.commands",
    # the reader screen
    "x": "annotation.remove",
    "delete": "annotation.remove",
    "u": "history.undo",
    "U": "history.redo",
    "right_square_bracket": "annotation.next",
    "left_square_bracket": "annotation.previous",
    "greater_than_sign": "document.next",
    "less_than_sign": "document.previous",
    "slash": "search.start",
    "n": "search.next",
    "N": "search.previous",
    "escape": "selection.clear",
    "d": "document.done",
    "s": "document.skip",
    "a": "panel.annotations",
    "o": "panel.documents",
    "ctrl+b": "panel.toggle",
    "tab": "suggestion.next",
    "shift+tab": "suggestion.previous",
    "enter": "suggestion.accept",
    "backspace": "suggestion.reject",
    # span boundaries, notes, review flag, progress (tui/screens/span_keys.py)
    "alt+left": "bounds.end_word_left",
    "alt+right": "bounds.end_word_right",
    "alt+shift+left": "bounds.start_word_left",
    "alt+shift+right": "bounds.start_word_right",
    "left_parenthesis": "bounds.end_char_left",
    "right_parenthesis": "bounds.end_char_right",
    "left_curly_bracket": "bounds.start_char_left",
    "right_curly_bracket": "bounds.start_char_right",
    "number_sign": "note.span",
    "ctrl+n": "note.document",
    "exclamation_mark": "document.review",
    "P": "progress.show",
    # the article view
    "left": "cursor.left",
    "right": "cursor.right",
    "up": "cursor.up",
    "down": "cursor.down",
    "w": "cursor.word_right",
    "ctrl+right": "cursor.word_right",
    "b": "cursor.word_left",
    "ctrl+left": "cursor.word_left",
    "home": "cursor.line_start",
    "end": "cursor.line_end",
    "pageup": "cursor.page_up",
    "pagedown": "cursor.page_down",
    "g": "cursor.doc_start",
    "ctrl+home": "cursor.doc_start",
    "G": "cursor.doc_end",
    "ctrl+end": "cursor.doc_end",
    "shift+left": "select.left",
    "shift+right": "select.right",
    "shift+up": "select.up",
    "shift+down": "select.down",
    "ctrl+shift+right": "select.word_right",
    "ctrl+shift+left": "select.word_left",
    "shift+home": "select.line_start",
    "shift+end": "select.line_end",
    "shift+pageup": "select.page_up",
    "shift+pagedown": "select.page_down",
    "v": "select.mode",
    # the annotation list (label keys filter it too)
    "k": "list.up",
    "j": "list.down",
    "0": "list.filter_all",
    "asterisk": "list.filter_all",
}
"""Key (as Textual names it) -> the id of the reader binding it triggers."""
