"""spantag: a keyboard-driven terminal annotator for spans of news articles."""

__version__ = "0.1.0"
SCHEMA = "spantag/1"
