"""A lesson's class plan and school maths, held to numbers a teacher can check.

Timing
------
``metadata.stemkit.timing`` is the plan a teacher follows: a list of parts,
``{"part": "Ohm's law", "min": 15, "kind": "teach"}``. ``kind`` is one of
:data:`PART_KINDS`; ``"when": "extension"`` or ``"when": "homework"`` marks a
part done outside the class period. The class parts add up to ``duration_min``.

The plan must also fit what the lesson asks students to do (:func:`load`):

- reading: the words of student prose (markdown not tagged ``teacher``,
  ``extension`` or ``homework``) at :data:`WORDS_PER_MINUTE` words a minute, a
  second-language reader's pace;
- exercises: :data:`EXERCISE_BASE_MIN` minutes each plus one minute per point;
- explorers: :data:`EXPLORER_MIN` minutes for each cell tagged ``explore``;
- the build: :data:`BUILD_STEP_MIN` minutes per numbered step of the "Build it"
  section, at least :data:`BUILD_MIN_MIN`.

Lint fails when that load is more than :data:`SLACK` times the class minutes
(clearly too much for the period), and when the plan gives the build fewer
minutes than its steps need.

Maths
-----
``metadata.stemkit.maths`` names the school maths a lesson needs, from
:data:`MATHS`: each topic with the lowest lesson level whose students have met
it. Levels: 1 = grades 7-8, 2 = grades 9-10, 3 = grades 11-12. The grades are
typical of the Kazakh state curriculum (trigonometry of the right triangle in
grade 8, vectors in grade 9, logarithms and exponentials in grades 10-11) and of
most others; matrices and complex numbers are beyond most schools and are
level 3 at the least. A topic written ``{"topic": ..., "extension": true}`` is
needed only by an extension part and does not raise the level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stemkit.curriculum.notebook import cell_source
from stemkit.i18n import _

__all__ = ["MATHS", "PART_KINDS", "Load", "load", "timing_problems", "maths_level", "WORDS_PER_MINUTE",
           "EXERCISE_BASE_MIN", "EXPLORER_MIN", "BUILD_STEP_MIN", "BUILD_MIN_MIN", "SLACK"]

WORDS_PER_MINUTE = 100
EXERCISE_BASE_MIN = 2
EXPLORER_MIN = 3
BUILD_STEP_MIN = 3
BUILD_MIN_MIN = 10
SLACK = 1.1
PART_KINDS = ("hook", "teach", "explore", "exercises", "build", "wrap-up", "break")
OUTSIDE_CLASS = ("extension", "homework")

#: School maths topic -> the lowest lesson level whose students have met it.
MATHS: dict[str, int] = {
    "arithmetic": 1,
    "ratio": 1,
    "percent": 1,
    "units": 1,
    "simple-equations": 1,
    "linear-equations": 1,
    "coordinates": 1,
    "averages": 1,
    "angles": 1,
    "area-and-volume": 1,
    "pythagoras": 1,
    "square-roots": 1,
    "powers-of-ten": 2,
    "graphs": 2,
    "linear-functions": 2,
    "trigonometry": 2,
    "vectors": 2,
    "statistics": 2,
    "quadratics": 2,
    "logarithms": 3,
    "exponentials": 3,
    "derivatives": 3,
    "matrices": 3,
    "complex-numbers": 3,
}

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_STEP = re.compile(r"^\s*\d+[.)]\s+\S", re.M)
_BUILD_HEADING = re.compile(r"^#{1,2}\s+Build it\b", re.I | re.M)
_CODE = re.compile(r"```.*?```|`[^`]*`|\$[^$]*\$|<[^>]+>", re.S)


@dataclass
class Load:
    words: int
    exercises: int
    points: float
    explorers: int
    build_steps: int

    @property
    def reading_min(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def exercise_min(self) -> float:
        return self.exercises * EXERCISE_BASE_MIN + self.points

    @property
    def build_min(self) -> float:
        return max(BUILD_MIN_MIN, self.build_steps * BUILD_STEP_MIN) if self.build_steps else 0.0

    @property
    def total_min(self) -> float:
        return self.reading_min + self.exercise_min + self.explorers * EXPLORER_MIN + self.build_min


def _in_class(cell: dict[str, Any]) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return not any(t in tags for t in ("teacher", *OUTSIDE_CLASS))


def load(cells: list[dict[str, Any]]) -> Load:
    """What the lesson asks of a student in class (cells tagged extension or homework left out)."""
    words = exercises = explorers = steps = 0
    points = 0.0
    in_build = False
    for cell in cells:
        src = cell_source(cell)
        if cell.get("cell_type") == "markdown" and re.match(r"^#{1,2}\s", src.lstrip()):
            in_build = bool(_BUILD_HEADING.match(src.lstrip()))
        if not _in_class(cell):
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "markdown":
            words += len(_WORD.findall(_CODE.sub(" ", src)))
            if in_build:
                steps += len(_STEP.findall(src))
        nbg = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if cell.get("cell_type") == "code" and nbg.get("grade"):
            exercises += 1
            points += float(nbg.get("points") or 0)
        if "explore" in tags:
            explorers += 1
    return Load(words=words, exercises=exercises, points=points, explorers=explorers, build_steps=steps)


def _topic(entry: Any) -> tuple[str, bool]:
    if isinstance(entry, dict):
        return str(entry.get("topic", "")), bool(entry.get("extension"))
    return str(entry), False


def maths_level(maths: list[Any]) -> int:
    """The lowest lesson level the class part of ``maths`` fits (1 when it needs nothing)."""
    levels = [MATHS.get(topic, 1) for topic, extension in map(_topic, maths) if not extension]
    return max(levels, default=1)


def timing_problems(meta: dict[str, Any], cells: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """``(message, fix)`` for a plan that does not add up, does not fit the lesson, or a level below its maths."""
    problems: list[tuple[str, str]] = []
    duration = meta.get("duration_min")
    plan = meta.get("timing")
    if isinstance(plan, list) and isinstance(duration, int):
        in_class = [p for p in plan if isinstance(p, dict) and p.get("when", "class") not in OUTSIDE_CLASS]
        total = sum(float(p.get("min", 0)) for p in in_class)
        if abs(total - duration) > 1e-9:
            problems.append((_("the timing plan's class parts add up to {total} min, not duration_min {duration}").format(
                total=f"{total:g}", duration=duration),
                _("make the parts add up, or change duration_min (mark parts done later with \"when\": \"homework\")")))
        need = load(cells)
        if need.total_min > SLACK * duration:
            problems.append((_("the lesson asks for about {need:.0f} min in class ({read:.0f} reading {words} words at "
                               "{wpm}/min, {ex:.0f} exercises, {exp} explorers, {build:.0f} build) but plans {duration}").format(
                need=need.total_min, read=need.reading_min, words=need.words, wpm=WORDS_PER_MINUTE, ex=need.exercise_min,
                exp=need.explorers * EXPLORER_MIN, build=need.build_min, duration=duration),
                _("cut it, split it into two lessons, or tag parts 'extension' or 'homework'")))
        build_plan = sum(float(p.get("min", 0)) for p in in_class if p.get("kind") == "build")
        if need.build_steps and build_plan < need.build_min * 0.8:
            problems.append((_("the build has {steps} steps (about {need:.0f} min) but the plan gives it {plan:g} min").format(
                steps=need.build_steps, need=need.build_min, plan=build_plan),
                _("give the build part more minutes, or move steps to a class period of their own")))
    level = meta.get("level")
    maths = meta.get("maths")
    if isinstance(maths, list) and isinstance(level, int):
        needed = maths_level(maths)
        if needed > level:
            hard = sorted(t for t, ext in map(_topic, maths) if not ext and MATHS.get(t, 1) > level)
            problems.append((_("level {level} is below what its maths needs ({topics}: level {needed})").format(
                level=level, topics=", ".join(hard), needed=needed),
                _("raise the level, or mark that maths {{\"topic\": ..., \"extension\": true}} and its cells 'extension'")))
    return problems
