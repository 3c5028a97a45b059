"""The classroom guide and the nbgrader settings agree with what stemkit really does."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from stemkit.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "classroom.md"


def test_every_stemkit_command_in_the_guide_parses():
    text = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()
                if line.strip().startswith("stemkit ")]
    assert len(commands) >= 5
    parser = build_parser()
    for command in commands:
        args = parser.parse_args(shlex.split(command)[1:])   # raises SystemExit on an unknown option
        assert args.func is not None, command


def test_guide_names_the_files_it_promises():
    text = GUIDE.read_text(encoding="utf-8")
    for name in ("grades.csv", "report.html", "feedback/", "lessons/teacher/dashboard.ipynb", "nbgrader_config.py"):
        assert name in text
    assert (REPO / "lessons" / "teacher" / "dashboard.ipynb").is_file()


def test_nbgrader_config_uses_lessons_as_the_source_and_writes_under_build():
    pytest.importorskip("traitlets")
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    course = config.CourseDirectory
    assert course.source_directory == "lessons"
    assert Path(course.root) == REPO
    for key in ("release_directory", "submitted_directory", "autograded_directory", "feedback_directory"):
        assert course[key].startswith("build/nbgrader/"), key
    assert "build/nbgrader/gradebook.db" in course.db_url
    assert config.ClearSolutions.code_stub["python"] == "# YOUR CODE HERE\nraise NotImplementedError()"
