"""`python -m tui` runs the same program as the `spantag` command."""

from tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
