"""The committed lessons lint clean, and seeded broken notebooks each give the right error."""

import copy
import json
import shutil
from pathlib import Path

import pytest

from stemkit.cli import main
from stemkit.curriculum.lint import lint
from stemkit.curriculum.notebook import find_lessons, repo_root

ROOT = repo_root(Path(__file__).parent)
WELCOME = ROOT / "lessons" / "start" / "01-welcome.ipynb"


def test_committed_lessons_lint_clean():
    problems = lint(root=ROOT)
    assert problems == [], "\n".join(map(str, problems))


@pytest.fixture
def course(tmp_path):
    """A tiny curriculum with the welcome lesson and a copy renumbered as start-02."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    target = tmp_path / "lessons" / "start"
    target.mkdir(parents=True)
    shutil.copy(WELCOME, target / "01-welcome.ipynb")
    return tmp_path


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def save(nb, path):
    Path(path).write_text(json.dumps(nb), encoding="utf-8")


def messages(root, path=None):
    return [str(p) for p in lint([path] if path else None, root=root)]


def test_the_fixture_itself_is_clean(course):
    assert messages(course) == []


def test_bad_json_names_the_line(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    text = path.read_text().splitlines()
    text[5] = text[5] + ",,"
    path.write_text("\n".join(text))
    out = messages(course)
    assert any("not valid JSON at line 6" in m and "01-welcome.ipynb" in m for m in out), out


def test_missing_metadata(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    del nb["metadata"]["stemkit"]
    save(nb, path)
    assert any("no metadata.stemkit" in m for m in messages(course))


def test_schema_violation_names_the_field(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    nb["metadata"]["stemkit"]["level"] = 7
    save(nb, path)
    assert any("metadata.stemkit level" in m for m in messages(course))


def test_id_must_match_path_and_prerequisites_exist(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    nb["metadata"]["stemkit"]["id"] = "start-02"
    nb["metadata"]["stemkit"]["prerequisites"] = ["robotics-42"]
    save(nb, path)
    out = messages(course)
    assert any("the path says 'start-01'" in m for m in out)
    assert any("prerequisite 'robotics-42' is not a lesson" in m for m in out)


def test_duplicate_grade_id_across_the_curriculum(course):
    src = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(src)
    nb["metadata"]["stemkit"]["id"] = "start-02"
    save(nb, course / "lessons" / "start" / "02-copy.ipynb")
    out = messages(course)
    assert any("02-copy.ipynb: cell" in m and "is also used in" in m for m in out), out


def test_unbalanced_markers_name_the_cell(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    index = next(i for i, c in enumerate(nb["cells"]) if "### END SOLUTION" in "".join(c["source"]))
    nb["cells"][index]["source"] = "".join(nb["cells"][index]["source"]).replace("### END SOLUTION", "")
    save(nb, path)
    out = messages(course)
    assert any(f"cell {index}: ### BEGIN SOLUTION is never closed" in m for m in out), out


def test_outputs_execution_counts_and_widget_state(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    index = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    nb["cells"][index]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    nb["cells"][index]["execution_count"] = 3
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    save(nb, path)
    out = messages(course)
    assert any(f"cell {index}: outputs are saved" in m for m in out)
    assert any(f"cell {index}: an execution count" in m for m in out)
    assert any("saved widget state" in m for m in out)
    # --fix cleans all three and nothing else
    assert main(["lint", "--fix", str(path)]) in (0, 1)
    assert lint([path], root=course) == []


def test_answer_without_test_cell_and_missing_slide_type(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    index = next(i for i, c in enumerate(nb["cells"]) if c["metadata"].get("nbgrader", {}).get("grade"))
    answer_id = nb["cells"][index]["metadata"]["nbgrader"]["grade_id"].removesuffix("-check")
    del nb["cells"][index]
    del nb["cells"][2]["metadata"]["slideshow"]
    save(nb, path)
    out = messages(course)
    assert any(f"answer cell '{answer_id}' has no graded test cell" in m for m in out), out
    assert any("cell 2: no slide type" in m for m in out)


def test_teacher_cell_on_a_slide_and_sys_path(course):
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    teacher = next(i for i, c in enumerate(nb["cells"]) if "teacher" in c["metadata"].get("tags", []))
    nb["cells"][teacher]["metadata"]["slideshow"]["slide_type"] = "slide"
    extra = copy.deepcopy(next(c for c in nb["cells"] if c["cell_type"] == "code"))
    extra["source"] = "import sys\nsys.path.append('../scripts')"
    nb["cells"].append(extra)
    save(nb, path)
    out = messages(course)
    assert any(f"cell {teacher}: a teacher cell would show on the slides" in m for m in out)
    assert any("changes sys.path" in m for m in out)


def test_spaces_and_checkpoints_are_reported(course):
    (course / "lessons" / "start" / ".ipynb_checkpoints").mkdir()
    shutil.copy(WELCOME, course / "lessons" / "start" / "my lesson.ipynb")
    out = messages(course)
    assert any("checkpoint folder" in m for m in out)
    assert any("my lesson.ipynb" in m and "space" in m for m in out)


def test_cli_exit_codes(course, monkeypatch, capsys):
    monkeypatch.chdir(course)
    assert main(["lint"]) == 0
    path = course / "lessons" / "start" / "01-welcome.ipynb"
    nb = load(path)
    nb["metadata"]["stemkit"]["track"] = "robotics"
    save(nb, path)
    assert main(["lint"]) == 1
    assert "Fix:" in capsys.readouterr().out


def test_every_lesson_is_found():
    ids = [lf.lesson_id for lf in find_lessons(ROOT)]
    assert "start-01" in ids
    assert len(ids) == len(set(ids))


def test_the_maths_rubric_and_the_schema_name_the_same_topics():
    from stemkit.curriculum.lint import load_schema
    from stemkit.curriculum.timing import MATHS

    assert load_schema()["properties"]["maths"]["items"]["oneOf"][0]["enum"] == list(MATHS)
    assert MATHS["trigonometry"] == 2 and MATHS["logarithms"] == 3 and MATHS["ratio"] == 1


def _planned(tmp_path, *, timing, maths, level=1, words=200, extension=False):
    import json

    from stemkit.curriculum.timing import timing_problems

    cells = [{"cell_type": "markdown", "metadata": {"tags": ["extension"] if extension else []},
              "source": "word " * words}]
    meta = {"duration_min": 45, "level": level, "timing": timing, "maths": maths}
    json.dumps(meta)
    return [m for m, _fix in timing_problems(meta, cells)]


PLAN = [{"part": "Hook", "min": 5, "kind": "hook"}, {"part": "Teach", "min": 40, "kind": "teach"}]


def test_a_plan_must_add_up_and_fit_the_reading(tmp_path):
    assert _planned(tmp_path, timing=PLAN, maths=["ratio"]) == []
    short = [PLAN[0], {**PLAN[1], "min": 30}]
    assert any("add up to 35 min, not duration_min 45" in m for m in _planned(tmp_path, timing=short, maths=[]))
    later = [*PLAN, {"part": "More practice", "min": 20, "kind": "exercises", "when": "homework"}]
    assert _planned(tmp_path, timing=later, maths=[]) == []   # homework is not class time
    # 6000 words at 100 a minute is an hour of reading: clearly more than 45 minutes
    assert any("asks for about 60 min" in m for m in _planned(tmp_path, timing=PLAN, maths=[], words=6000))
    assert _planned(tmp_path, timing=PLAN, maths=[], words=6000, extension=True) == []


def test_the_level_must_fit_the_maths(tmp_path):
    said = _planned(tmp_path, timing=PLAN, maths=["ratio", "logarithms"], level=2)
    assert any("level 2 is below what its maths needs (logarithms: level 3)" in m for m in said)
    assert _planned(tmp_path, timing=PLAN, maths=["ratio", {"topic": "logarithms", "extension": True}], level=2) == []
    assert _planned(tmp_path, timing=PLAN, maths=["trigonometry"], level=2) == []
