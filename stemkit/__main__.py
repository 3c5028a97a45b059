"""``python -m stemkit``: the same as the ``stemkit`` command."""

from stemkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
