from pathlib import Path

from stemkit.cli import main
from stemkit.curriculum.catalog import lesson_records, render_catalog, update_readme
from stemkit.curriculum.notebook import repo_root

ROOT = repo_root(Path(__file__).parent)


def test_syllabus_is_up_to_date():
    current = (ROOT / "lessons" / "README.md").read_text(encoding="utf-8")
    assert current == render_catalog(ROOT), "lessons/README.md is out of date: run `stemkit catalog` (make catalog)"


def test_readme_lesson_table_is_up_to_date():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- catalog:start -->" in text
    assert text == update_readme(text, ROOT), "the lesson table in README.md is out of date: run `stemkit catalog`"
    for record in lesson_records(ROOT):
        assert f"(lessons/{record['path']})" in text


def test_syllabus_lists_every_lesson_with_its_objectives():
    text = render_catalog(ROOT)
    for record in lesson_records(ROOT):
        assert f"`{record['id']}`" in text
        for objective in record["objectives"]:
            assert objective in text


def test_list_command_prints_a_row_per_lesson(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "start-01" in out and f"{len(lesson_records(ROOT))} lessons" in out
