"""The one rule for writing: never in lessons/ or a tracked folder, never over a file stemkit did not write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from stemkit.curriculum.outputs import MANIFEST_NAME, OutputError, check_location, open_output

HAVE_GIT = shutil.which("git") is not None


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "lessons" / "start").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    return root


def git_repo(tmp_path: Path) -> Path:
    if not HAVE_GIT:
        if os.environ.get("CI"):
            pytest.fail("git is needed for this test and CI installs it")
        pytest.skip("git is not installed")
    root = make_root(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "classroom.md").write_text("# tracked\n", encoding="utf-8")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    for cmd in (["init", "-q"], ["add", "docs", ".gitignore", "pyproject.toml"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", "-C", str(root), *cmd], check=True, env=env, capture_output=True)
    return root


def test_written_files_are_listed_with_their_checksum_and_replaced_freely(tmp_path):
    out = open_output(tmp_path / "out", command="guide")
    out.write_text("a.html", "one")
    out.write_text("sub/b.txt", "two")
    data = json.loads((tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(data["files"]) == ["a.html", "sub/b.txt"]
    assert data["files"]["a.html"]["sha256"] == "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed"
    # a second run (a new OutputFolder reads the manifest) may replace stemkit's own, unchanged files
    again = open_output(tmp_path / "out", command="guide")
    again.write_text("a.html", "one, again")
    assert (tmp_path / "out" / "a.html").read_text(encoding="utf-8") == "one, again"
    assert again.is_unchanged("a.html") and again.foreign_files() == []


def test_a_file_stemkit_did_not_write_is_never_replaced_even_with_force(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "grades.csv").write_text("the teacher's own", encoding="utf-8")
    for force in (False, True):
        out = open_output(tmp_path / "out", command="grade", force=force)
        with pytest.raises(OutputError, match=r"grades\.csv: stemkit did not write this file.*Move it away"):
            out.check(["grades.csv"])
        with pytest.raises(OutputError, match="did not write"):
            out.write_text("grades.csv", "x")
        with pytest.raises(OutputError, match="1 files stemkit did not write"):
            out.clear()
    assert (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8") == "the teacher's own"


def test_an_edited_output_is_kept_unless_forced(tmp_path):
    out = open_output(tmp_path / "out", command="grade")
    out.write_text("grades.csv", "stemkit's")
    (tmp_path / "out" / "grades.csv").write_text("edited in a spreadsheet", encoding="utf-8")
    with pytest.raises(OutputError, match="changed after stemkit wrote it.*--force"):
        open_output(tmp_path / "out", command="grade").write_text("grades.csv", "new")
    assert (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8") == "edited in a spreadsheet"
    open_output(tmp_path / "out", command="grade", force=True).write_text("grades.csv", "new")
    assert (tmp_path / "out" / "grades.csv").read_text(encoding="utf-8") == "new"


def test_folder_checks_cover_every_file_inside(tmp_path):
    out = open_output(tmp_path / "out", command="grade")
    out.write_text("feedback/ana/l1.md", "x")
    out.check(["feedback/"])
    (tmp_path / "out" / "feedback" / "ana" / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="notes.md: stemkit did not write"):
        out.check(["grades.csv", "feedback/"])
    (tmp_path / "out" / "report.html").mkdir()
    with pytest.raises(OutputError, match="is a folder, where stemkit wants to write a file"):
        out.check(["report.html"])


def test_clear_removes_only_stemkits_files(tmp_path):
    out = open_output(tmp_path / "out", command="release")
    out.write_text("start/01.ipynb", "{}")
    out.write_text("robotics/02.ipynb", "{}")
    assert sorted(out.clear()) == ["robotics/02.ipynb", "start/01.ipynb"]
    assert list((tmp_path / "out").iterdir()) == []


def test_names_stay_inside_the_folder(tmp_path):
    out = open_output(tmp_path / "out", command="guide")
    for bad in ("../escape.html", MANIFEST_NAME, tmp_path / "elsewhere.html"):
        with pytest.raises(OutputError):
            out.write_text(bad, "x")
    assert not (tmp_path / "escape.html").exists()


def test_an_unreadable_manifest_stops_the_write(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot be read"):
        open_output(tmp_path / "out", command="guide")


def test_never_into_lessons_or_a_file(tmp_path):
    root = make_root(tmp_path)
    for bad in (root / "lessons", root / "lessons" / "start", root / "lessons" / "new", root):
        with pytest.raises(OutputError, match="teacher sources"):
            check_location(bad, command="guide", root=root, example="build/teacher")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"notes\.txt is a file, not a folder.*build/teacher"):
        check_location(tmp_path / "notes.txt", command="guide", root=root, example="build/teacher")
    assert check_location(root / "build" / "teacher", command="guide", root=root) == (root / "build" / "teacher").resolve()


def test_never_into_a_folder_git_tracks(tmp_path):
    root = git_repo(tmp_path)
    with pytest.raises(OutputError, match=r"holds files kept in git \(docs/classroom\.md\)"):
        check_location(root / "docs", command="release", root=root)
    with pytest.raises(OutputError, match="kept in git"):
        check_location(root / "docs" / "guides", command="release", root=root)
    # any checkout, not only stemkit's: its top folder is never an output folder
    shutil.rmtree(root / "lessons")
    with pytest.raises(OutputError, match="top folder of a git checkout"):
        check_location(root, command="release")
    check_location(root / "build" / "student", command="release", root=root)
    check_location(root / "handouts", command="release", root=root)
