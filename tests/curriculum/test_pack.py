"""Student-edition packs: one zip per track, the same bytes each time, and no answers inside."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from stemkit.curriculum.notebook import cell_source, find_lessons, read_notebook
from stemkit.curriculum.outputs import MANIFEST_NAME
from stemkit.curriculum.pack import pack, pack_track
from stemkit.curriculum.release import ReleaseError

REPO = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)[ \t]*\n(.*?)### END \1", re.S)


def secret_lines(teacher_nb):
    """Lines of solutions, hidden tests and teacher notes that must never reach a student."""
    lines, visible = set(), set()
    for cell in teacher_nb["cells"]:
        src = cell_source(cell)
        for _kind, block in _BLOCK.findall(src):
            lines |= {ln.strip() for ln in block.splitlines() if len(ln.strip()) >= 8}
        if "teacher" in cell.get("metadata", {}).get("tags", []):
            lines |= {ln.strip() for ln in src.splitlines() if len(ln.strip()) >= 40}
        else:
            visible |= {ln.strip() for ln in _BLOCK.sub("", src).splitlines()}
    return lines - visible   # a hidden test may repeat a visible line, e.g. the first line of a call


def assert_clean(student_nb, teacher_nb, where):
    text = json.dumps(student_nb, ensure_ascii=False)
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text, where
    for cell in student_nb["cells"]:
        assert "teacher" not in cell.get("metadata", {}).get("tags", []), where
        if cell.get("cell_type") != "code":
            continue   # a prompt's hint may show the answer on purpose; solutions live in code cells
        shown = {ln.strip() for ln in cell_source(cell).splitlines()}
        for line in secret_lines(teacher_nb):
            # a scaffold line (def f(x):) stays in the hand-out; anything else from a solution must not
            if line in shown and not line.startswith("def "):
                pytest.fail(f"{where}: {line!r} is in the student edition")


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    out = tmp_path_factory.mktemp("packs")
    return out, pack(out, root=REPO)


def test_one_zip_per_track_with_every_lesson(packs):
    out, written = packs
    tracks = sorted({lf.track for lf in find_lessons(REPO)})
    assert sorted(p.name for p in written) == sorted(f"stemkit-{t}-student.zip" for t in tracks)
    for z in written:
        track = z.name.split("-")[1]
        with zipfile.ZipFile(z) as zf:
            names = zf.namelist()
            assert zf.testzip() is None
        expected = sorted(f"{track}/{lf.path.name}" for lf in find_lessons(REPO) if lf.track == track)
        assert sorted(n for n in names if n.endswith(".ipynb")) == expected
        assert f"{track}/README.txt" in names


def test_packed_notebooks_hold_no_solution_hidden_test_or_teacher_note(packs):
    out, written = packs
    by_name = {f"{lf.track}/{lf.path.name}": lf.path for lf in find_lessons(REPO)}
    checked = 0
    for z in written:
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                if not name.endswith(".ipynb"):
                    continue
                student = json.loads(zf.read(name))
                assert_clean(student, read_notebook(by_name[name]), name)
                checked += 1
    assert checked == len(find_lessons(REPO))


def test_a_pack_is_the_same_bytes_each_time(tmp_path):
    track = find_lessons(REPO)[0].track
    a = pack_track(track, tmp_path / "a", root=REPO).read_bytes()
    b = pack_track(track, tmp_path / "b", root=REPO).read_bytes()
    assert a == b


def test_pack_refuses_lessons_folder_and_unknown_tracks(tmp_path):
    with pytest.raises(ReleaseError, match="inside the teacher sources"):
        pack_track("start", REPO / "lessons" / "packs", root=REPO)
    with pytest.raises(ValueError, match="track must be one of"):
        pack_track("chemistry", tmp_path, root=REPO)
    root = tmp_path / "empty"
    (root / "lessons").mkdir(parents=True)
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no lessons yet"):
        pack_track("robotics", tmp_path / "out", root=root)


def test_commands_pack_guide_and_release_with_zip_and_guide(tmp_path, monkeypatch, capsys):
    from stemkit.cli import main

    monkeypatch.chdir(REPO)
    tracks = sorted({lf.track for lf in find_lessons(REPO)})
    assert main(["pack", "--out", str(tmp_path / "packs")]) == 0
    assert sorted(p.name for p in (tmp_path / "packs").iterdir()) == [MANIFEST_NAME] + [
        f"stemkit-{t}-student.zip" for t in tracks]
    assert main(["guide", "start", "--out", str(tmp_path / "teacher")]) == 0
    assert sorted(p.name for p in (tmp_path / "teacher").iterdir()) == [MANIFEST_NAME, "start-teacher-guide.html"]
    out = tmp_path / "student"
    # the guide holds answers: never inside the student folder, and nothing is written when asked to
    assert main(["release", "--out", str(out), "--guide", str(out / "guide")]) == 2
    assert not out.exists()
    assert main(["release", "--out", str(out), "--zip", "--guide", str(tmp_path / "guides")]) == 0
    assert sorted(p.name for p in out.glob("*.zip")) == [f"stemkit-{t}-student.zip" for t in tracks]
    assert sorted(p.name for p in (tmp_path / "guides").iterdir()) == [MANIFEST_NAME] + [
        f"{t}-teacher-guide.html" for t in tracks]
    assert main(["pack", "chemistry", "--out", str(tmp_path / "x")]) == 2
    capsys.readouterr()


def test_a_pack_carries_the_lessons_sketches_beside_them(packs):
    out, written = packs
    sketches = [(lf.track, f.relative_to(lf.path.parent).as_posix(), f.read_bytes())
                for lf in find_lessons(REPO) for f in sorted((lf.path.parent / "sketches" / lf.lesson_id).rglob("*"))
                if f.is_file()]
    assert sketches, "no lesson has a sketch: this test proves nothing"
    zips = {z.name: z for z in written}
    for track, rel, data in sketches:
        with zipfile.ZipFile(zips[f"stemkit-{track}-student.zip"]) as zf:
            assert zf.read(f"{track}/{rel}") == data, rel


def test_a_translated_pack_holds_the_translated_editions(tmp_path):
    from stemkit.curriculum.pack import pack_name
    from stemkit.curriculum.translate import translate_notebook

    lesson = next(lf for lf in find_lessons(REPO) if lf.lesson_id == "start-01")
    teacher = read_notebook(lesson.path)
    z = pack_track("start", tmp_path, root=REPO, lang="ru")
    assert z.name == pack_name("start", "ru") == "stemkit-start-student-ru.zip"
    assert pack_name("start") == "stemkit-start-student.zip"
    with zipfile.ZipFile(z) as zf:
        student = json.loads(zf.read(f"start/{lesson.path.name}"))
        readme = zf.read("start/README.txt").decode("utf-8")
    translated, stats = translate_notebook(teacher, "ru")
    assert stats.used > 0
    meta = student["metadata"]["stemkit"]
    assert meta["lang"] == "ru" and meta["title"] == translated["metadata"]["stemkit"]["title"] != teacher["metadata"][
        "stemkit"]["title"]
    assert "Уроки в этом наборе" in readme and f"start/{lesson.path.name}" in readme
    assert_clean(student, teacher, "ru pack")
    assert_clean(student, translated, "ru pack, translated source")
    # the same bytes each time, and a different pack from the English one
    assert pack_track("start", tmp_path / "again", root=REPO, lang="ru").read_bytes() == z.read_bytes()
    assert pack_track("start", tmp_path, root=REPO).read_bytes() != z.read_bytes()
    with pytest.raises(ValueError, match="language must be one of"):
        pack_track("start", tmp_path, root=REPO, lang="de")


def test_commands_pack_and_release_zip_follow_lang(tmp_path, monkeypatch, capsys):
    from stemkit.cli import main

    monkeypatch.chdir(REPO)
    assert main(["pack", "start", "--lang", "ru,kk", "--out", str(tmp_path / "packs")]) == 0
    assert sorted(p.name for p in (tmp_path / "packs").iterdir()) == [
        MANIFEST_NAME, "stemkit-start-student-kk.zip", "stemkit-start-student-ru.zip"]
    assert main(["pack", "start", "--lang", "all", "--out", str(tmp_path / "all")]) == 0
    assert sorted(p.name for p in (tmp_path / "all").glob("*.zip")) == [
        "stemkit-start-student-kk.zip", "stemkit-start-student-ru.zip", "stemkit-start-student.zip"]
    capsys.readouterr()
    assert main(["pack", "start", "--lang", "de", "--out", str(tmp_path / "x")]) == 2
    assert "--lang must be" in capsys.readouterr().err and not (tmp_path / "x").exists()
    out = tmp_path / "student"
    assert main(["release", "start", "--lang", "kk", "--zip", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.zip")) == ["stemkit-start-student-kk.zip"]
    with zipfile.ZipFile(out / "stemkit-start-student-kk.zip") as zf:
        packed = json.loads(zf.read("start/01-welcome.ipynb"))
    released = json.loads((out / "kk" / "start" / "01-welcome.ipynb").read_text(encoding="utf-8"))
    assert packed == released and packed["metadata"]["stemkit"]["lang"] == "kk"
    capsys.readouterr()
