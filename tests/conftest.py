"""Shared test set-up: no test writes to a real progress log, figures never open a window."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["STEMKIT_PROGRESS"] = os.devnull
