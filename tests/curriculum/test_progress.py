"""Reading the progress log: attempts, tries, stuck students, time spent, the demo class."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from stemkit.curriculum.progress import (
    NOT_TRIED,
    SOLVED,
    TRIED,
    demo_attempts,
    exercise_summary,
    parse_lines,
    read_log,
    reason_counts,
    status_matrix,
    stuck,
    time_spent,
    tries_table,
)

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


def line(user, exercise, ok, minutes, reason=""):
    return json.dumps({"lesson": exercise.split("-ex")[0], "exercise": exercise, "ok": ok, "points": 1 if ok else 0,
                       "max_points": 1, "reason": reason, "user": user,
                       "time": (T0 + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S%z")})


LOG = [
    line("ana", "start-01-ex1-1", False, 0, "prefix"),
    line("ana", "start-01-ex1-1", True, 5),
    line("ana", "start-01-ex1-2", False, 60, "sign"),   # a 55 min break before this one
    line("ana", "start-01-ex1-2", True, 62),
    line("ben", "start-01-ex1-1", False, 1, "prefix"),
    line("ben", "start-01-ex1-1", False, 2, "prefix"),
    line("ben", "start-01-ex1-1", False, 4, "wrong"),
    line("cat", "start-01-ex1-1", True, 3),
    line("cat", "start-01-ex1-1", False, 8, "not attempted"),   # solved, then broke it again
]


def test_parse_lines_reads_records_and_names_bad_lines():
    log = parse_lines(LOG + ["", "not json", "[1, 2]", json.dumps({"exercise": "start-01-ex1-1"})], source="x.jsonl")
    assert len(log.attempts) == len(LOG)
    assert [a.time for a in log.attempts] == sorted(a.time for a in log.attempts)
    assert len(log.skipped) == 3
    assert log.skipped[0].startswith("x.jsonl, line 11")
    assert "missing field" in log.skipped[2] and "ok" in log.skipped[2]


def test_read_log_merges_files_overrides_user_and_names_missing_files(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(LOG[:4]) + "\n", encoding="utf-8")
    b.write_text("\n".join(LOG[4:7]) + "\n", encoding="utf-8")
    log = read_log([a, b, tmp_path / "gone.jsonl"])
    assert len(log.attempts) == 7 and len(log.skipped) == 1 and "gone.jsonl" in log.skipped[0]
    assert {x.user for x in read_log(b, user="benjamin").attempts} == {"benjamin"}


def test_tries_table_counts_tries_and_uses_the_latest_attempt():
    t = tries_table(parse_lines(LOG).attempts)
    assert (t[("ana", "start-01-ex1-1")].tries, t[("ana", "start-01-ex1-1")].solved) == (2, True)
    assert (t[("ben", "start-01-ex1-1")].tries, t[("ben", "start-01-ex1-1")].solved) == (3, False)
    assert t[("ben", "start-01-ex1-1")].last_reason == "wrong"
    assert t[("cat", "start-01-ex1-1")].solved is False


def test_stuck_and_exercise_summary():
    attempts = parse_lines(LOG).attempts
    assert stuck(attempts, min_tries=3) == [("ben", "start-01-ex1-1", 3, "wrong")]
    assert [r[0] for r in stuck(attempts, min_tries=1)] == ["ben", "cat"]
    summary = {s.exercise: s for s in exercise_summary(attempts)}
    s = summary["start-01-ex1-1"]
    assert (s.attempted, s.solved, s.median_tries, s.stuck) == (3, 1, 2.0, 1)
    with pytest.raises(ValueError, match="min_tries must be >= 1"):
        stuck(attempts, min_tries=0)


def test_time_spent_leaves_out_breaks():
    spent = time_spent(parse_lines(LOG).attempts, idle_minutes=15)
    assert spent[("ana", "start-01")] == pytest.approx(5 + 2)      # 0->5 and 60->62; the 55 min gap is a break
    assert spent[("ben", "start-01")] == pytest.approx(3)
    assert time_spent(parse_lines(LOG).attempts, idle_minutes=60)[("ana", "start-01")] == pytest.approx(62)
    with pytest.raises(ValueError, match="idle_minutes must be > 0"):
        time_spent([], idle_minutes=0)


def test_reason_counts_and_status_matrix():
    attempts = parse_lines(LOG).attempts
    counts = reason_counts(attempts)
    assert counts[("start-01-ex1-1", "prefix")] == 3 and counts[("start-01-ex1-2", "sign")] == 1
    users, exercises, grid = status_matrix(attempts, users=["ana", "ben", "cat", "dan"])
    assert exercises == ["start-01-ex1-1", "start-01-ex1-2"]
    assert grid.tolist() == [[SOLVED, SOLVED], [TRIED, NOT_TRIED], [TRIED, NOT_TRIED], [NOT_TRIED, NOT_TRIED]]


def test_the_checks_log_reads_back(tmp_path, monkeypatch):
    from stemkit import checks

    monkeypatch.setenv("STEMKIT_PROGRESS", str(tmp_path / "p.jsonl"))
    monkeypatch.setenv("USER", "eve")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with pytest.raises(checks.CheckFailed):
        checks.number("start-01-ex1-2", "x", expected=0.25, unit="s", value=250)
    checks.number("start-01-ex1-2", "x", expected=0.25, unit="s", value=0.25, points=2)
    log = read_log(tmp_path / "p.jsonl")
    assert log.skipped == []
    assert [(a.user, a.exercise, a.ok, a.reason, a.points) for a in log.attempts] == [
        ("eve", "start-01-ex1-2", False, "prefix", 0.0), ("eve", "start-01-ex1-2", True, "", 2.0)]


def test_demo_class_is_seeded_and_plausible():
    demo = demo_attempts(seed=3, students=10)
    assert demo == demo_attempts(seed=3, students=10)
    assert demo != demo_attempts(seed=4, students=10)
    assert len({a.user for a in demo}) == 10
    for (user, ex), t in tries_table(demo).items():
        runs = [a for a in demo if a.user == user and a.exercise == ex]
        assert 1 <= t.tries <= 6
        assert sum(a.ok for a in runs) <= 1 and (not any(a.ok for a in runs) or runs[-1].ok)
        assert all(a.points == (a.max_points if a.ok else 0) for a in runs)
    _users, _ex, grid = status_matrix(demo)
    assert np.isin(grid, [NOT_TRIED, TRIED, SOLVED]).all() and (grid == SOLVED).any() and (grid != SOLVED).any()
    with pytest.raises(ValueError, match="students must be >= 1"):
        demo_attempts(students=0)


def _run_dashboard(home, env_extra):
    import os
    from pathlib import Path

    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    path = Path(__file__).resolve().parents[2] / "lessons" / "teacher" / "dashboard.ipynb"
    nb = nbformat.read(path, as_version=4)
    env = dict(os.environ, HOME=str(home), MPLBACKEND="Agg", **env_extra)
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=False)
    with client.setup_kernel(env=env, cwd=str(home)):
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") + o.get("data", {}).get("text/html", "")
                   + o.get("data", {}).get("image/svg+xml", "")
                   for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.lessons
def test_dashboard_says_so_and_shows_a_demo_without_a_log(tmp_path):
    import os

    text = _run_dashboard(tmp_path, {"STEMKIT_PROGRESS": os.devnull})
    assert "No progress log found" in text and "DEMO: a made-up class" in text
    assert "30 students, 60 exercises" in text
    assert "Who got what (DEMO: a made-up class)" in text          # the heatmap's own title says so
    assert text.count("(DEMO: a made-up class)") >= 5                # and every section's output
    assert "Traceback" not in text and "Warning" not in text


@pytest.mark.lessons
def test_dashboard_reads_the_class_logs_folder(tmp_path):
    import os

    logs = tmp_path / "stemkit-class-logs"
    logs.mkdir()
    (logs / "ana.jsonl").write_text("\n".join(LOG[:4]) + "\n", encoding="utf-8")
    (logs / "ben.jsonl").write_text("\n".join(LOG[4:7]) + "\n", encoding="utf-8")
    text = _run_dashboard(tmp_path, {"STEMKIT_PROGRESS": os.devnull})
    assert "DEMO" not in text and "Read 7 attempts from 2 log file(s)" in text
    assert "2 students, 2 exercises" in text
    assert "ben" in text and "start-01-ex1-1" in text      # ben is stuck: 3 tries, no success
    assert "3 wrong tries" in text and "<svg" in text


def test_answer_and_attempt_fields_are_read_when_the_log_has_them():
    line = ('{"exercise": "start-01-ex1-2", "ok": false, "reason": "prefix", "time": "2026-11-25T10:00:00+0000", '
            '"user": "ana", "answer": 4700, "attempt": 3}')
    (a,) = parse_lines([line]).attempts
    assert (a.answer, a.attempt) == ("4700", 3)
    long = parse_lines([line.replace("4700", '"' + "x" * 100 + '"')]).attempts[0].answer
    assert len(long) == 60 and long.endswith("…")
    (b,) = parse_lines([line.replace(', "answer": 4700, "attempt": 3', ', "attempt": "many"')]).attempts
    assert (b.answer, b.attempt) == ("", 0)


def test_demo_class_has_30_students_60_exercises_and_every_status():
    from stemkit.curriculum.dashboard import STATUSES, grid_from_log
    from stemkit.curriculum.progress import demo_class

    demo = demo_class(seed=2026)
    assert demo == demo_class(seed=2026)
    grid = grid_from_log(demo)
    assert (len(grid.students), len(grid.exercises)) == (30, 60)
    assert set(grid.counts()) == set(STATUSES)
    assert any(a.answer for a in demo)
    with pytest.raises(ValueError, match="lessons and exercises_per_lesson must be >= 1"):
        demo_class(lessons=0)
