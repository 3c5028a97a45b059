"""The stemkit command: a clear line and exit code 2 for every bad argument, and no command touches
lessons/ or a tracked file."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stemkit.cli import build_parser, main

REPO = Path(__file__).resolve().parents[1]


def _run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _subcommands() -> set[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return set(action.choices)


@pytest.fixture()
def work(tmp_path, monkeypatch):
    """A scratch folder holding a notebook, a text file, an empty folder and one with loose notebooks."""
    monkeypatch.chdir(REPO)
    (tmp_path / "notes.txt").write_text("not a notebook\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "loose").mkdir()
    shutil.copy(REPO / "lessons" / "start" / "01-welcome.ipynb", tmp_path / "loose" / "01-welcome.ipynb")
    (tmp_path / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    return tmp_path


BAD = {
    # each: arguments (with {tmp} for the scratch folder), the words the one line must hold
    "lint": [(["lint", "{tmp}/empty"], "no notebooks"), (["lint", "--fix", "{tmp}/notes.txt"], "not a notebook"),
             (["lint", "{tmp}/nope.ipynb"], "no such file")],
    "release": [(["release", "--out", "{tmp}/notes.txt"], "is a file, not a folder"),
                (["release", "robotics-99", "--out", "{tmp}/x"], "no lesson 'robotics-99'"),
                (["release", "--out", "lessons"], "teacher sources"),
                (["release", "--out", "{tmp}/s", "--guide", "{tmp}/s/guide"], "outside the student folder"),
                (["release", "--bogus"], "unrecognized arguments"),
                (["release", "start-01", "--lang", "fr", "--out", "{tmp}/x"], "--lang must be")],
    "guide": [(["guide", "chemistry", "--out", "{tmp}/g"], "track must be one of"),
              (["guide", "--out", "lessons/start"], "teacher sources"),
              (["guide", "--out", "{tmp}/notes.txt"], "is a file, not a folder")],
    "pack": [(["pack", "chemistry", "--out", "{tmp}/p"], "track must be one of"),
             (["pack", "--out", "lessons"], "teacher sources")],
    "grade": [(["grade", "{tmp}/empty", "--lesson", "start-01", "--cell-timeout", "-1"], "more than 0 seconds"),
              (["grade", "{tmp}/empty", "--lesson", "start-01", "--cell-timeout", "0"], "more than 0 seconds"),
              (["grade", "{tmp}/empty", "--lesson", "start-01", "--notebook-timeout", "soon"], "not a number"),
              (["grade", "{tmp}/empty", "--lesson", "start-01", "--jobs", "0"], "1 or more"),
              (["grade", "{tmp}/notes.txt", "--lesson", "start-01"], "is a file, not a folder"),
              (["grade", "{tmp}/nope", "--lesson", "start-01"], "does not exist"),
              (["grade", "{tmp}/empty", "--lesson", "start-01"], "no student folders"),
              (["grade", "{tmp}/loose", "--lesson", "start-01"], "1 notebooks but no student folders"),
              (["grade", "{tmp}/loose", "--lesson", "no-such-lesson"], "no student folders"),
              (["grade", "{tmp}"], "--lesson")],
    "list": [(["list", "extra"], "unrecognized arguments")],
    "catalog": [(["catalog", "--chek"], "unrecognized arguments")],
    "translate": [(["translate", "update", "--lang", "fr"], "--lang must be one of"),
                  (["translate", "check", "robotics-99"], "no lesson 'robotics-99'"),
                  (["translate", "mark", "start-01"], "say what to mark"),
                  (["translate", "frob"], "invalid choice")],
    "messages": [(["messages", "--out", "{tmp}"], "is a folder"), (["messages", "--out", "lessons/x.pot"], "teacher sources"),
                 (["messages", "--out", "{tmp}/notes.txt"], "did not write")],
    "export": [(["export", "{tmp}/nope.ipynb", "--out", "{tmp}/h"], "no such file"),
               (["export", "{tmp}/broken.ipynb", "--out", "{tmp}/h"], "not valid JSON"),
               (["export", "start-01", "--out", "lessons"], "teacher sources"),
               (["export", "start-01", "--lang", "fr", "--out", "{tmp}/h"], "--lang must be")],
}


def test_every_subcommand_has_bad_argument_cases():
    assert set(BAD) == _subcommands()


@pytest.mark.parametrize("args, words", [case for cases in BAD.values() for case in cases],
                         ids=[" ".join(a[:2]) + f" {i}" for cases in BAD.values() for i, (a, _w) in enumerate(cases)])
def test_bad_arguments_give_one_clear_line_and_exit_code_2(work, capsys, args, words):
    code, out, err = _run(capsys, [a.format(tmp=work) for a in args])
    assert code == 2, (out, err)
    assert "Traceback" not in out + err
    assert words in err
    assert err.strip().splitlines()[-1].startswith(("stemkit", "usage:")), err


def test_loose_notebooks_beside_student_folders_are_named(work, capsys):
    (work / "loose" / "ana").mkdir()
    code, _out, err = _run(capsys, ["grade", str(work / "loose"), "--lesson", "start-01", "--quiet",
                                    "--out", str(work / "grades")])
    assert code == 0
    assert "1 notebooks lie loose" in err and "01-welcome.ipynb" in err
    assert (work / "grades" / "grades.csv").is_file()


def test_a_broken_notebook_is_a_finding_not_a_traceback(work, capsys):
    code, out, err = _run(capsys, ["lint", str(work / "broken.ipynb")])
    assert code == 1
    assert "not valid JSON" in out + err and "Traceback" not in out + err


def test_an_unexpected_error_is_one_line_unless_debugging(monkeypatch, capsys):
    import stemkit.curriculum.catalog as catalog

    def boom(*_a, **_k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(catalog, "lesson_records", boom)
    monkeypatch.delenv("STEMKIT_DEBUG", raising=False)
    code, _out, err = _run(capsys, ["list"])
    assert code == 1
    assert err.count("\n") == 1 and "unexpected error ZeroDivisionError" in err and "STEMKIT_DEBUG=1" in err
    monkeypatch.setenv("STEMKIT_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["list"])


def test_the_real_command_prints_no_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "stemkit", "lint", str(tmp_path)], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "no notebooks" in done.stderr


# -- nothing a command does changes lessons/ or a tracked file ---------------------------------------
def _course(tmp_path: Path) -> Path:
    """A copy of the curriculum in its own git checkout, so commands run on it can be watched."""
    if shutil.which("git") is None:
        if os.environ.get("CI"):
            pytest.fail("git is needed for this test and CI installs it")
        pytest.skip("git is not installed")
    root = tmp_path / "course"
    root.mkdir()
    shutil.copytree(REPO / "lessons", root / "lessons", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(REPO / "docs", root / "docs")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, root / name)
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run(["git", "-C", str(root), *cmd], check=True, env=env, capture_output=True)
    return root


def _snapshot(root: Path) -> dict[str, str]:
    tracked = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True).stdout
    names = {n for n in tracked.decode().split("\0") if n}
    names |= {str(p.relative_to(root)) for p in (root / "lessons").rglob("*") if p.is_file()}
    return {n: hashlib.sha256((root / n).read_bytes()).hexdigest() if (root / n).exists() else "gone"
            for n in sorted(names)}


def test_no_command_changes_lessons_or_tracked_files(tmp_path, monkeypatch, capsys):
    root = _course(tmp_path)
    monkeypatch.chdir(root)
    (root / "class" / "ana").mkdir(parents=True)   # a student who handed nothing in: graded without a kernel
    shutil.copy(root / "lessons" / "start" / "01-welcome.ipynb", tmp_path / "copy.ipynb")
    before = _snapshot(root)
    findings = (0, 1)   # the lint and the catalogue check report on the lessons as they are now
    runs = [  # (arguments, exit code)
        (["list"], 0), (["lint"], findings), (["lint", "lessons/start"], findings),
        (["lint", "--fix", str(tmp_path / "copy.ipynb")], 1), (["catalog", "--check"], findings),
        (["guide", "start", "--out", "build/teacher"], 0), (["guide", "start", "--out", "build/teacher"], 0),
        (["guide", "--out", "lessons"], 2), (["guide", "--out", "lessons/start"], 2), (["guide", "--out", "docs"], 2),
        (["guide", "--out", "."], 2), (["guide", "--out", "README.md"], 2),
        (["pack", "start", "--out", "build/packs"], 0), (["pack", "--out", "lessons"], 2), (["pack", "start", "--out", "docs"], 2),
        (["release", "start-01", "--out", "build/student"], 0), (["release", "start-01", "--out", "build/student", "--force"], 0),
        (["release", "start-01", "--out", "docs", "--force"], 2), (["release", "start-01", "--out", ".", "--force"], 2),
        (["release", "start-01", "--out", "build/s2", "--guide", "lessons"], 2),
        (["release", "start-01", "--out", "build/s3", "--guide", "docs"], 2),
        (["grade", "class", "--lesson", "start-01", "--out", "build/grades", "--quiet"], 0),
        (["grade", "class", "--lesson", "start-01", "--out", "lessons", "--quiet"], 2),
        (["grade", "class", "--lesson", "start-01", "--out", "docs", "--quiet"], 2),
        (["messages", "--out", "build/stemkit.pot"], findings), (["messages", "--out", "docs/x.pot"], 2),
        (["translate", "status", "start-01"], 0), (["translate", "check", "start"], (0, 1)),
        (["translate", "status", "--lang", "fr"], 2), (["release", "start-01", "--out", "build/s4", "--lang", "fr"], 2),
        (["export", "start-01", "--out", "build/html"], 0), (["export", "start-01", "--out", "build/html"], 0),
        (["export", "start-01", "--out", "docs"], 2), (["export", "start-01", "--out", "lessons/start"], 2),
    ]
    assert {a[0] for a, _c in runs} == _subcommands()
    for args, expected in runs:
        code, out, err = _run(capsys, args)
        assert code in (expected if isinstance(expected, tuple) else (expected,)), (args, out, err)
        assert "Traceback" not in out + err
        assert _snapshot(root) == before, args
    # a refused command wrote nothing at all
    assert not (root / "build" / "s2").exists() and not (root / "build" / "s3").exists()
    assert sorted(p.name for p in (root / "docs").iterdir()) == sorted(p.name for p in (REPO / "docs").iterdir())
