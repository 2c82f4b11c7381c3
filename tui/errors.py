"""The one exception type the command line turns into a one-line message."""


class SpantagError(Exception):
    """A failure the user can act on; its message is shown as one line, no traceback."""

    exit_code = 1


class UsageError(SpantagError):
    """The command was called wrongly (exit code 2, like argparse)."""

    exit_code = 2
