"""The ``stemkit`` command (also ``python -m stemkit``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stemkit.i18n import _

__all__ = ["main"]


def _cmd_list(args: argparse.Namespace) -> int:
    from stemkit.curriculum.catalog import lesson_records

    records = lesson_records()
    headers = ["id", "title", "track", "level", "min", "prerequisites"]
    rows = [[r["id"], r["title"], r["track"], str(r["level"]), str(r["duration_min"]),
             ", ".join(r.get("prerequisites", [])) or "-"] for r in records]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(_("{n} lessons").format(n=len(rows)))
    return 0


def _cmd_lint(args: argparse.Namespace) -> int:
    from stemkit.curriculum.lint import fix_notebook, lint
    from stemkit.curriculum.notebook import find_lessons

    paths = [Path(p) for p in args.paths] or None
    for p in paths or []:
        if not p.exists():
            print(_("{path}: no such file").format(path=p), file=sys.stderr)
            return 1
    if args.fix:
        for p in paths or [lf.path for lf in find_lessons()]:
            if fix_notebook(p):
                print(_("cleaned {path}").format(path=p))
    problems = lint(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(_("{n} problems found").format(n=len(problems)), file=sys.stderr)
        return 1
    count = len(paths) if paths else len(find_lessons())
    print(_("{n} lessons checked: no problems").format(n=count))
    return 0


def _cmd_release(args: argparse.Namespace) -> int:
    from stemkit.curriculum.release import ReleaseError, release

    if args.guide and Path(args.guide).resolve().is_relative_to(Path(args.out).resolve()):
        print(_("stemkit release: the teacher guide holds the answers; write it outside the student folder {out}").format(
            out=args.out), file=sys.stderr)
        return 1
    try:
        written = release(args.lessons or None, out=Path(args.out), force=args.force)
    except ReleaseError as exc:
        print(_("stemkit release: {error}").format(error=exc), file=sys.stderr)
        return 1
    for p in written:
        print(p)
    print(_("{n} student editions written to {out}").format(n=len(written), out=args.out))
    tracks = sorted({p.parent.name for p in written})
    if args.zip:
        from stemkit.curriculum.pack import pack

        for z in pack(Path(args.out), tracks):
            print(z)
    if args.guide:
        from stemkit.curriculum.guide import write_guides

        for g in write_guides(Path(args.guide), tracks):
            print(g)
    return 0


def _cmd_guide(args: argparse.Namespace) -> int:
    from stemkit.curriculum.guide import write_guides

    try:
        written = write_guides(Path(args.out), args.tracks or None)
    except ValueError as exc:
        print(_("stemkit guide: {error}").format(error=exc), file=sys.stderr)
        return 1
    for p in written:
        print(p)
    return 0


def _cmd_pack(args: argparse.Namespace) -> int:
    from stemkit.curriculum.pack import pack
    from stemkit.curriculum.release import ReleaseError

    try:
        written = pack(Path(args.out), args.tracks or None)
    except (ValueError, ReleaseError) as exc:
        print(_("stemkit pack: {error}").format(error=exc), file=sys.stderr)
        return 1
    for p in written:
        print(p)
    return 0


def _cmd_catalog(args: argparse.Namespace) -> int:
    from stemkit.curriculum.catalog import render_catalog, update_readme, write_catalog
    from stemkit.curriculum.notebook import lessons_dir

    if args.check:
        syllabus = lessons_dir() / "README.md"
        readme = lessons_dir().parent / "README.md"
        current = syllabus.read_text(encoding="utf-8") if syllabus.exists() else ""
        top = readme.read_text(encoding="utf-8") if readme.exists() else ""
        if current != render_catalog() or top != update_readme(top):
            print(_("lessons/README.md or the lesson table in README.md is out of date: run `stemkit catalog` (make catalog)"),
                  file=sys.stderr)
            return 1
        print(_("lessons/README.md and the README lesson table are up to date"))
        return 0
    print(write_catalog())
    return 0


def _teacher_paths(names: list[str]) -> list[Path]:
    from stemkit.curriculum.release import select_lessons

    paths: list[Path] = []
    for name in names:
        p = Path(name)
        found = [p] if p.suffix == ".ipynb" and p.is_file() else [lf.path for lf in select_lessons([name])]
        paths += [f for f in found if f not in paths]
    return paths


def _cmd_grade(args: argparse.Namespace) -> int:
    from stemkit.curriculum.grade import grade_class, write_all
    from stemkit.curriculum.release import ReleaseError

    try:
        teachers = _teacher_paths(args.lesson)
        result = grade_class(args.submissions, teachers, cell_timeout=args.cell_timeout,
                             notebook_timeout=args.notebook_timeout, progress_logs=args.progress,
                             progress_stream=None if args.quiet else sys.stderr, jobs=args.jobs)
    except (ReleaseError, ValueError) as exc:
        print(_("stemkit grade: {error}").format(error=exc), file=sys.stderr)
        return 1
    paths = write_all(result, Path(args.out))
    broken = sum(1 for s in result.submissions if s.status != "graded")
    print(_("graded: {n} notebooks, {students} students, {s} s; notebooks with problems: {broken} (see the report)").format(
        n=len(result.submissions), students=len(result.students), s=round(result.seconds, 1), broken=broken))
    for key in ("csv", "report", "feedback"):
        print(f"  {paths[key]}")
    return 0


def _cmd_messages(args: argparse.Namespace) -> int:
    from stemkit.messages import collect, write_pot

    messages, problems = collect()
    for problem in problems:
        print(problem, file=sys.stderr)
    target = write_pot(Path(args.out) if args.out else None)
    print(_("{n} messages written to {path}").format(n=len(messages), path=target))
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stemkit", description=_("stemkit: lessons, checks and tools for teachers and maintainers"))
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help=_("list the lessons"))
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("lint", help=_("check lesson notebooks for problems"))
    p.add_argument("paths", nargs="*", help=_("notebooks to check (default: every lesson)"))
    p.add_argument("--fix", action="store_true", help=_("first strip outputs, execution counts and editor metadata"))
    p.set_defaults(func=_cmd_lint)

    p = sub.add_parser("release", help=_("write student editions (no solutions, hidden tests or teacher notes)"))
    p.add_argument("lessons", nargs="*", help=_("lesson ids, tracks or paths (default: all)"))
    p.add_argument("--out", default="build/student", help=_("output folder (default: build/student)"))
    p.add_argument("--force", action="store_true", help=_("replace the contents of a non-empty output folder"))
    p.add_argument("--zip", action="store_true", help=_("also pack each track's student editions as one zip in the output folder"))
    p.add_argument("--guide", metavar="DIR", help=_("also write the teacher guides (with answers) to DIR, outside the output folder"))
    p.set_defaults(func=_cmd_release)

    p = sub.add_parser("guide", help=_("write a teacher guide per track (objectives, timing, kit, notes, answer key)"))
    p.add_argument("tracks", nargs="*", help=_("tracks (default: every track with lessons)"))
    p.add_argument("--out", default="build/teacher", help=_("output folder (default: build/teacher)"))
    p.set_defaults(func=_cmd_guide)

    p = sub.add_parser("pack", help=_("pack each track's student editions as one zip"))
    p.add_argument("tracks", nargs="*", help=_("tracks (default: every track with lessons)"))
    p.add_argument("--out", default="build/packs", help=_("output folder (default: build/packs)"))
    p.set_defaults(func=_cmd_pack)

    p = sub.add_parser("grade", help=_("grade a class's notebooks with the teacher's tests, hidden tests included"),
                       description=_("Grade every student folder in SUBMISSIONS (SUBMISSIONS/<student>/<lesson file>.ipynb). "
                                     "Writes grades.csv, report.html and feedback/<student>/<lesson>.md to --out."))
    p.add_argument("submissions", help=_("folder with one folder per student"))
    p.add_argument("--lesson", action="append", required=True,
                   help=_("lesson id (start-01), track (robotics) or teacher notebook; repeat for several"))
    p.add_argument("--out", default="build/grades", help=_("output folder (default: build/grades)"))
    p.add_argument("--cell-timeout", type=float, default=30.0, help=_("time limit per cell in seconds (default: 30)"))
    p.add_argument("--notebook-timeout", type=float, default=180.0,
                   help=_("time limit per notebook in seconds (default: 180)"))
    p.add_argument("--progress", action="append", default=[],
                   help=_("a progress log (JSON lines) for the time-spent plot; repeat for several"))
    p.add_argument("--jobs", type=int, default=1,
                   help=_("notebooks graded at the same time (default: 1; at most the number of CPU cores)"))
    p.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("catalog", help=_("regenerate lessons/README.md from lesson metadata"))
    p.add_argument("--check", action="store_true", help=_("only check that it is up to date"))
    p.set_defaults(func=_cmd_catalog)

    p = sub.add_parser("messages", help=_("collect every message into a gettext template for translators"))
    p.add_argument("--out", help=_("where to write the .pot file (default: stemkit/locale/stemkit.pot)"))
    p.set_defaults(func=_cmd_messages)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except FileNotFoundError as exc:
        print(f"stemkit: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
