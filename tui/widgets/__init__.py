"""Custom widgets of the reader."""
