"""Every data file has a card and loads."""

import re

import numpy as np
import pytest

from stemkit import datasets

NAMES = datasets.names()
REQUIRED = ("source", "licence", "units", "generated")


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_has_a_complete_card(name):
    card = datasets.card(name)
    assert card.exists(), f"{name} has no card {card.name}"
    text = card.read_text(encoding="utf-8")
    assert text.startswith("# "), f"{card.name} must start with a '# Title' line"
    for field in REQUIRED:
        assert re.search(rf"^- {field}:\s*\S", text, re.M), f"{card.name} lacks '- {field}: ...'"
    if datasets.path(name).suffix == ".csv":
        assert "## Columns" in text, f"{card.name} describes no columns"


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_loads(name):
    data = datasets.load(name)
    if datasets.path(name).suffix == ".csv":
        assert data.nrows > 0
        card = datasets.card(name).read_text(encoding="utf-8")
        for column in data.columns:
            assert column in card, f"column {column!r} of {name} is not described on its card"
            assert isinstance(data[column], np.ndarray)
    else:
        assert data is not None


def test_cards_only_beside_data():
    base = datasets.datasets_dir()
    for card in base.glob("*/*.md"):
        siblings = [f for f in card.parent.glob(card.stem + ".*") if f.suffix != ".md"]
        assert siblings, f"card {card} describes no data file"


def test_unknown_dataset_names_what_exists():
    with pytest.raises(FileNotFoundError, match="no dataset named"):
        datasets.load("electronics/no_such_table")
    with pytest.raises(ValueError, match="room/name"):
        datasets.load("e_series")


def test_csv_reader_reports_ragged_rows(tmp_path, monkeypatch):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "t.csv").write_text("# comment\na,b\n1,2\n3\n")
    monkeypatch.setenv("STEMKIT_DATASETS", str(tmp_path))
    with pytest.raises(ValueError, match="row 3 has 1 fields"):
        datasets.load("demo/t")
