"""The ``stemkit`` command (also ``python -m stemkit``)."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from stemkit.i18n import _, ngettext

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
    print(ngettext("{n} lesson", "{n} lessons", len(rows)).format(n=len(rows)))
    return 0


class UsageError(ValueError):
    """A command asked for something it cannot do: one line for the user, exit code 2."""


def _notebooks(paths: list[str], *, what: str = "notebook") -> list[Path]:
    """Files and folders named on the command line -> the notebooks, with a clear error for anything else."""
    out: list[Path] = []
    for name in paths:
        p = Path(name)
        if not p.exists():
            raise UsageError(_("{path}: no such file or folder").format(path=name))
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in f.parts)
            if not found:
                raise UsageError(_("{path} is a folder with no notebooks (.ipynb) in it").format(path=name))
            out += [f for f in found if f not in out]
        elif p.suffix != ".ipynb":
            raise UsageError(_("{path} is not a notebook: give .ipynb files or folders that hold them").format(path=name))
        elif p not in out:
            out.append(p)
    return out


def _cmd_lint(args: argparse.Namespace) -> int:
    from stemkit.curriculum.lint import fix_notebook, lint
    from stemkit.curriculum.notebook import NotebookError, find_lessons

    paths = _notebooks(args.paths) or None
    if args.fix:
        for p in paths or [lf.path for lf in find_lessons()]:
            try:
                changed = fix_notebook(p)
            except NotebookError as exc:
                print(_("cannot clean {path}: {error}").format(path=p, error=exc), file=sys.stderr)
                continue
            if changed:
                print(_("cleaned {path}").format(path=p))
    problems = lint(paths)
    from stemkit.curriculum.lint import lint_translations

    lessons = [lf for lf in find_lessons() if paths is None or lf.path.resolve() in {p.resolve() for p in paths}]
    errors, warnings = lint_translations(lessons)
    problems += errors
    for problem in problems:
        print(problem)
    if warnings:
        print(_("{n} translation warnings (languages not released yet): see `stemkit translate check`").format(
            n=len(warnings)), file=sys.stderr)
    if problems:
        print(ngettext("{n} problem found", "{n} problems found", len(problems)).format(n=len(problems)), file=sys.stderr)
        return 1
    count = len(paths) if paths else len(find_lessons())
    print(ngettext("{n} lesson checked: no problems", "{n} lessons checked: no problems", count).format(n=count))
    return 0


def _output(folder: str, *, command: str, example: str, force: bool = False):
    from stemkit.curriculum.outputs import open_output

    return open_output(folder, command=command, force=force, example=example)


def _record(folder, paths) -> None:
    """Note files a command wrote in the folder's manifest, so a later run may replace them (and only them)."""
    for p in paths:
        if Path(p).exists():
            folder.record(Path(p).resolve())


def _cmd_release(args: argparse.Namespace) -> int:
    from stemkit.curriculum.guide import guide_name
    from stemkit.curriculum.pack import pack_name
    from stemkit.curriculum.release import ReleaseError, release, select_lessons

    if args.guide and Path(args.guide).resolve().is_relative_to(Path(args.out).resolve()):
        print(_("stemkit release: the teacher guide holds the answers; write it outside the student folder {out}").format(
            out=args.out), file=sys.stderr)
        return 2
    langs = _edition_languages(args.lang)
    # Every check before anything is written: a refusal leaves no half-made output behind.
    chosen_tracks = sorted({lf.track for lf in select_lessons(args.lessons or None)})
    out = _output(args.out, command="release", example="build/student", force=args.force)
    if args.zip:
        out.check([pack_name(t, lang) for t in chosen_tracks for lang in langs])
    guides = None
    if args.guide:
        guides = _output(args.guide, command="release", example="build/teacher")
        guides.check([guide_name(t) if langs == ("en",) else f"{lang}/{guide_name(t)}"
                      for t in chosen_tracks for lang in langs if lang != "kk-latn"])
    stats: list = []
    try:
        written = release(args.lessons or None, out=Path(args.out), force=args.force, langs=langs, stats=stats)
    except ReleaseError as exc:
        raise UsageError(str(exc)) from None
    for p in written:
        print(p)
    print(ngettext("{n} student edition written to {out}", "{n} student editions written to {out}",
                   len(written)).format(n=len(written), out=args.out))
    for lang in langs:
        mine = [s for _lesson, s in stats if s.lang == lang]
        if lang == "kk-latn":   # made from the Kazakh catalogue: its counts are those of kk
            if "kk" in langs:
                continue
            lang = "kk"
        if mine:
            print(_("{lang}: {used} texts translated, {fallback} still in English (untranslated or fuzzy: "
                    "see `stemkit translate status --lang {lang}`)").format(
                lang=lang, used=sum(s.used for s in mine), fallback=sum(s.fallback for s in mine)))
    tracks = sorted({p.parent.name for p in written})
    if args.zip:
        from stemkit.curriculum.pack import pack

        zips = pack(Path(args.out), tracks, langs=langs)
        for z in zips:
            print(z)
    if args.guide:
        from stemkit.curriculum.guide import write_guides

        for lang in langs:
            if lang == "kk-latn":   # the teacher guide stays in Cyrillic: the Latin edition is for students
                print(_("kk-latn: no teacher guide in the Latin alphabet; use the Kazakh one (--lang kk)"))
                continue
            target = Path(args.guide) if langs == ("en",) else Path(args.guide) / lang
            for g in write_guides(target, tracks, lang=lang):
                print(g)
    return 0


def _export_sources(names: list[str]) -> list[Path]:
    """Notebooks, folders, lesson ids and tracks named on the command line -> the notebooks (all lessons: none named)."""
    from stemkit.curriculum.release import select_lessons

    if not names:
        return [lf.path for lf in select_lessons(None)]
    found: list[Path] = []
    for name in names:
        if Path(name).exists() or name.endswith(".ipynb") or "/" in name or os.sep in name:
            paths = _notebooks([name])
        else:
            paths = [lf.path for lf in select_lessons([name])]
        found += [p for p in paths if p not in found]
    return found


def _export_languages(value: str | None) -> tuple[str, ...] | None:
    """``--lang`` of export: None = each notebook in its own language; ``all`` = en, ru and kk."""
    from stemkit.curriculum.export import EXPORT_LANGUAGES

    if not value:
        return None
    if value == "all":
        return EXPORT_LANGUAGES
    langs = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    for lang in langs:
        if lang not in EXPORT_LANGUAGES:
            raise UsageError(_("--lang must be en, ru, kk, a list like ru,kk, or all; got {value!r}").format(value=lang))
    return langs


def _cmd_export(args: argparse.Namespace) -> int:
    from stemkit.curriculum.export import ExportError, export

    sources = _export_sources(args.notebooks)
    langs = _export_languages(args.lang)

    def starting(path: Path, lang: str) -> None:
        print(_("running {path} ({lang}) ...").format(path=path, lang=lang), file=sys.stderr, flush=True)

    try:
        pages = export(sources, out=args.out, execute=args.execute, force=args.force, langs=langs,
                       cell_timeout=args.cell_timeout, on_start=starting)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    for page in pages:
        for f in page.fallbacks:
            print(_("stemkit export: warning: {path}, cell {cell}: the formula {tex} is shown as TeX source, "
                    "not drawn ({reason})").format(path=page.source, cell=f.cell or "?", tex=f.tex, reason=f.reason),
                  file=sys.stderr)
        if page.error:
            print(f"stemkit export: {page.error}", file=sys.stderr)
        else:
            print(page.path)
    written = [p for p in pages if p.path is not None]
    print(ngettext("{n} page written to {out}: {formulas} formulas drawn as MathML, {fallbacks} left as TeX",
                   "{n} pages written to {out}: {formulas} formulas drawn as MathML, {fallbacks} left as TeX",
                   len(written)).format(n=len(written), out=args.out, formulas=sum(p.formulas for p in written),
                                        fallbacks=sum(len(p.fallbacks) for p in written)))
    failed = len(pages) - len(written)
    if failed:
        print(ngettext("stemkit export: {n} notebook got no page (see above)",
                       "stemkit export: {n} notebooks got no page (see above)", failed).format(n=failed), file=sys.stderr)
    return 1 if failed else 0


def _cmd_guide(args: argparse.Namespace) -> int:
    from stemkit.curriculum.guide import write_guides

    for p in write_guides(Path(args.out), args.tracks or None, force=args.force, lang=args.lang):
        print(p)
    return 0


def _cmd_pack(args: argparse.Namespace) -> int:
    from stemkit.curriculum.notebook import TRACKS, find_lessons
    from stemkit.curriculum.pack import pack, pack_name

    for t in args.tracks:
        if t not in TRACKS:
            raise UsageError(_("track must be one of {tracks}, got {value!r}").format(tracks=", ".join(TRACKS), value=t))
    langs = _edition_languages(args.lang)
    tracks = args.tracks or sorted({lf.track for lf in find_lessons()})
    out = _output(args.out, command="pack", example="build/packs")
    out.check([pack_name(t, lang) for t in tracks for lang in langs])
    written = pack(Path(args.out), args.tracks or None, langs=langs)
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
        if p.suffix == ".ipynb" and not p.is_file():
            raise UsageError(_("teacher notebook {path} is not a file").format(path=name))
        found = [p] if p.suffix == ".ipynb" else [lf.path for lf in select_lessons([name])]
        paths += [f for f in found if f not in paths]
    return paths


def _submission_folder(name: str) -> Path:
    """The class folder, checked before anything is graded: it must hold one folder per student."""
    folder = Path(name)
    example = _("{folder}/<student>/<lesson file>.ipynb").format(folder=name)
    if not folder.exists():
        raise UsageError(_("submission folder {path} does not exist; it holds one folder per student ({example})").format(
            path=name, example=example))
    if not folder.is_dir():
        raise UsageError(_("{path} is a file, not a folder: give the folder that holds one folder per student "
                           "(class/<student>/<lesson file>.ipynb)").format(path=name))
    students = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))]
    loose = sorted(p.name for p in folder.glob("*.ipynb"))
    if not students and loose:
        raise UsageError(_("{path} holds {n} notebooks but no student folders: put each student's notebooks in a "
                           "folder named after the student ({example})").format(path=name, n=len(loose), example=example))
    if not students:
        raise UsageError(_("{path} has no student folders in it: it should hold one folder per student ({example})").format(
            path=name, example=example))
    if loose:
        print(_("stemkit grade: warning: {n} notebooks lie loose in {path} and are not graded ({files}); move each "
                "into its student's folder").format(n=len(loose), path=name, files=", ".join(loose[:3])), file=sys.stderr)
    return folder


def _cmd_grade(args: argparse.Namespace) -> int:
    from stemkit.curriculum.grade import grade_class, write_all

    folder = _submission_folder(args.submissions)
    for log in args.progress:
        if not Path(log).is_file():
            raise UsageError(_("progress log {path} is not a file").format(path=log))
    teachers = _teacher_paths(args.lesson)
    out = _output(args.out, command="grade", example="build/grades")
    out.check(["grades.csv", "report.html", "feedback/"])
    result = grade_class(folder, teachers, cell_timeout=args.cell_timeout,
                         notebook_timeout=args.notebook_timeout, progress_logs=args.progress,
                         progress_stream=None if args.quiet else sys.stderr, jobs=args.jobs)
    paths = write_all(result, Path(args.out))
    broken = sum(1 for s in result.submissions if s.status != "graded")
    print(_("graded: {n} notebooks, {students} students, {s} s; notebooks with problems: {broken} (see the report)").format(
        n=len(result.submissions), students=len(result.students), s=round(result.seconds, 1), broken=broken))
    for key in ("csv", "report", "feedback"):
        print(f"  {paths[key]}")
    return 0


def _cmd_messages(args: argparse.Namespace) -> int:
    from stemkit.messages import collect, write_pot

    folder = None
    if args.out:   # the default is the package's own template, kept in git on purpose
        out = Path(args.out)
        if out.is_dir():
            raise UsageError(_("{path} is a folder: give the file to write, e.g. {path}/stemkit.pot").format(path=args.out))
        folder = _output(str(out.parent), command="messages", example="build")
        folder.check([out.name])
    messages, problems = collect()
    for problem in problems:
        print(problem, file=sys.stderr)
    target = write_pot(Path(args.out) if args.out else None)
    if folder is not None:
        _record(folder, [target])
    print(_("{n} messages written to {path}").format(n=len(messages), path=target))
    if args.update:
        from stemkit.messages import PO_LANGUAGES, update_po

        for lang in PO_LANGUAGES:
            path, changed = update_po(lang, messages)
            print(_("{path}: updated").format(path=path) if changed else _("{path}: up to date").format(path=path))
    return 1 if problems else 0


def _languages(value: str | None) -> tuple[str, ...]:
    from stemkit.curriculum.translate import LANGUAGES

    if not value or value == "all":
        return LANGUAGES
    langs = tuple(v.strip() for v in value.split(",") if v.strip())
    for lang in langs:
        if lang not in LANGUAGES:
            raise UsageError(_("--lang must be one of {langs} or all, got {value!r}").format(
                langs=", ".join(LANGUAGES), value=lang))
    return langs


def _edition_languages(value: str | None) -> tuple[str, ...]:
    """``--lang`` of release and pack: English alone by default, ``all`` = English and every translation."""
    if not value:
        return ("en",)
    return ("en", *_languages("all")) if value == "all" else _release_languages(value)


def _release_languages(value: str) -> tuple[str, ...]:
    langs = tuple(v.strip() for v in value.split(",") if v.strip())
    for lang in langs:
        if lang not in ("en", "ru", "kk", "kk-latn"):
            raise UsageError(_("--lang must be en, ru, kk, kk-latn, a list like ru,kk, or all; got {value!r}").format(
                value=lang))
    return langs


def _cmd_translate(args: argparse.Namespace) -> int:
    from stemkit.curriculum.release import select_lessons
    from stemkit.curriculum.translate import catalog_status, set_header_field, update_lessons

    langs = _languages(args.lang)
    if args.action == "update":
        results = update_lessons(args.lessons or None, langs)
        for r in results:
            if r.written:
                print(_("{path}: {entries} entries ({new} new, {fuzzy} now fuzzy, {obsolete} obsolete)").format(
                    path=r.path, entries=r.entries, new=r.new, fuzzy=r.fuzzy, obsolete=r.obsolete))
        print(_("{n} catalogues up to date ({changed} changed)").format(
            n=len(results), changed=sum(r.written for r in results)))
        return 0
    lessons = select_lessons(args.lessons or None)
    if args.action == "status":
        header = ["lesson", "lang", "state", "done", "fuzzy", "missing", "words", "released", "reviewed by"]
        rows = []
        for lf in lessons:
            for lang in langs:
                st = catalog_status(lf, lang)
                rows.append([lf.lesson_id, lang, st.state, f"{st.translated}/{st.total}", str(st.fuzzy),
                             str(st.missing), str(st.words), _("yes") if st.released else _("no"), st.reviewed_by or "-"])
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for r in rows:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
        return 0
    if args.action == "check":
        from stemkit.curriculum.lint import lint_translations

        errors, warnings = lint_translations(lessons, langs)
        for p in errors:
            print(_("error: {problem}").format(problem=p))
        for p in warnings:
            print(_("warning: {problem}").format(problem=p))
        print(_("{errors} errors, {warnings} warnings").format(errors=len(errors), warnings=len(warnings)))
        mismatched = [p for p in warnings if p.cell is not None]
        return 1 if errors or mismatched else 0
    # mark
    if not args.lessons:
        raise UsageError(_("name the lessons to mark, e.g. stemkit translate mark electronics-01 --lang ru --released yes"))
    changes = {"X-Stemkit-Translated-By": args.translated_by, "X-Stemkit-Reviewed-By": args.reviewed_by,
               "X-Stemkit-Released": args.released}
    if all(v is None for v in changes.values()):
        raise UsageError(_("say what to mark: --released yes|no, --translated-by NAME or --reviewed-by NAME"))
    for lf in lessons:
        for lang in langs:
            for name, value in changes.items():
                if value is not None:
                    path = set_header_field(lf, lang, name, value)
            print(_("{path}: marked").format(path=path))
    return 0


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
    p.add_argument("--lang", help=_("ru, kk, en, a list like ru,kk, or all: translated editions (and guides) go to "
                                    "OUT/<lang>/<track>/ (default: English only, in OUT/<track>/); kk-latn: Kazakh in "
                                    "the Latin alphabet of 2021, transliterated by machine"))
    p.set_defaults(func=_cmd_release)

    p = sub.add_parser("export", help=_("write lessons as HTML pages that work with no internet (formulas as MathML)"),
                       description=_("Write each notebook as one HTML page that loads nothing from the internet: "
                                     "formulas drawn as MathML, explorer pictures and 3D views kept. A lesson's page "
                                     "goes to OUT/<track>/<file>.html. A lesson from lessons/ is the teacher source, "
                                     "with answers and teacher notes; export a student edition for a page students "
                                     "may see."))
    p.add_argument("notebooks", nargs="*",
                   help=_("notebooks, folders of notebooks, lesson ids or tracks (default: every lesson)"))
    p.add_argument("--out", default="build/html", help=_("output folder (default: build/html)"))
    p.add_argument("--execute", action="store_true",
                   help=_("run each notebook first in a fresh Python kernel, so the page shows its figures"))
    p.add_argument("--cell-timeout", type=_seconds, default=120.0,
                   help=_("with --execute: time limit per cell in seconds (default: 120)"))
    p.add_argument("--force", action="store_true", help=_("also replace pages stemkit wrote that were edited since"))
    p.add_argument("--lang", help=_("en, ru, kk, a list like ru,kk, or all: lessons in these languages, in "
                                    "OUT/<lang>/<track>/ (default: each notebook in its own language)"))
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("guide", help=_("write a teacher guide per track (objectives, timing, kit, notes, answer key)"))
    p.add_argument("tracks", nargs="*", help=_("tracks (default: every track with lessons)"))
    p.add_argument("--out", default="build/teacher", help=_("output folder (default: build/teacher)"))
    p.add_argument("--force", action="store_true", help=_("also replace guides stemkit wrote that were edited since"))
    p.add_argument("--lang", default="en", choices=["en", "ru", "kk"], help=_("language of the guides (default: en)"))
    p.set_defaults(func=_cmd_guide)

    p = sub.add_parser("pack", help=_("pack each track's student editions as one zip"))
    p.add_argument("tracks", nargs="*", help=_("tracks (default: every track with lessons)"))
    p.add_argument("--out", default="build/packs", help=_("output folder (default: build/packs)"))
    p.add_argument("--lang", help=_("ru, kk, en, a list like ru,kk, or all: one zip per track and language, "
                                    "stemkit-<track>-student-<lang>.zip (default: English only)"))
    p.set_defaults(func=_cmd_pack)

    p = sub.add_parser("grade", help=_("grade a class's notebooks with the teacher's tests, hidden tests included"),
                       description=_("Grade every student folder in SUBMISSIONS (SUBMISSIONS/<student>/<lesson file>.ipynb). "
                                     "Writes grades.csv, report.html and feedback/<student>/<lesson>.md to --out."))
    p.add_argument("submissions", help=_("folder with one folder per student"))
    p.add_argument("--lesson", action="append", required=True,
                   help=_("lesson id (start-01), track (robotics) or teacher notebook; repeat for several"))
    p.add_argument("--out", default="build/grades", help=_("output folder (default: build/grades)"))
    p.add_argument("--cell-timeout", type=_seconds, default=30.0, help=_("time limit per cell in seconds (default: 30)"))
    p.add_argument("--notebook-timeout", type=_seconds, default=180.0,
                   help=_("time limit per notebook in seconds (default: 180)"))
    p.add_argument("--progress", action="append", default=[],
                   help=_("a progress log (JSON lines) for the time-spent plot; repeat for several"))
    p.add_argument("--jobs", type=_whole_number, default=1,
                   help=_("notebooks graded at the same time (default: 1; at most the number of CPU cores)"))
    p.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    p.set_defaults(func=_cmd_grade)

    p = sub.add_parser("catalog", help=_("regenerate lessons/README.md from lesson metadata"))
    p.add_argument("--check", action="store_true", help=_("only check that it is up to date"))
    p.set_defaults(func=_cmd_catalog)

    p = sub.add_parser("translate", help=_("lesson translations: update the PO catalogues, show their status, check them"),
                       description=_("update: write or refresh lessons/<track>/locale/<lang>/<lesson>.po from the English "
                                     "(changed English makes its entry fuzzy); status: how far each translation is; "
                                     "check: lint the translations; mark: set who translated or reviewed a lesson, or "
                                     "release a language for it"))
    p.add_argument("action", choices=["update", "status", "check", "mark"])
    p.add_argument("lessons", nargs="*", help=_("lesson ids, tracks or paths (default: all)"))
    p.add_argument("--lang", help=_("ru, kk, a list like ru,kk, or all (default: all)"))
    p.add_argument("--released", choices=["yes", "no"], help=_("mark: switch the language on (or off) for these lessons"))
    p.add_argument("--translated-by", metavar="WHO", help=_("mark: who or what translated the lessons"))
    p.add_argument("--reviewed-by", metavar="WHO", help=_("mark: the native-speaking teacher who reviewed them"))
    p.set_defaults(func=_cmd_translate)

    p = sub.add_parser("messages", help=_("collect every message into a gettext template for translators"))
    p.add_argument("--out", help=_("where to write the .pot file (default: stemkit/locale/stemkit.pot)"))
    p.add_argument("--update", action="store_true",
                   help=_("also merge the messages into the ru and kk catalogues (new ones untranslated, changed ones fuzzy)"))
    p.set_defaults(func=_cmd_messages)
    return parser


def _seconds(text: str) -> float:
    """A time limit on the command line: a number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value!r} is not a number of seconds").format(value=text)) from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(_("a time limit must be more than 0 seconds, got {value}").format(value=text))
    return value


def _whole_number(text: str) -> int:
    """A count on the command line: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value!r} is not a whole number").format(value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("it must be 1 or more, got {value}").format(value=text))
    return value


def _say(command: str, message: object) -> None:
    text = str(message).strip() or type(message).__name__
    prefix = f"stemkit {command}: " if command else "stemkit: "
    print(text if text.startswith("stemkit") else prefix + text, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run one ``stemkit`` command; returns the exit code.

    0: done; 1: the command ran and found problems (lint, an out-of-date catalogue)
    or failed; 2: the command was asked for something it cannot do (a bad argument,
    a missing folder, an output folder stemkit must not write to). Every expected
    error is one line on stderr, never a traceback.
    """
    from stemkit.curriculum.notebook import NotebookError
    from stemkit.curriculum.outputs import OutputError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return exc.code if isinstance(exc.code, int) else 2
    command = getattr(args, "command", "") or ""
    try:
        return int(args.func(args) or 0)
    except NotebookError as exc:
        _say(command, exc)
        return 1
    except (UsageError, OutputError) as exc:
        _say(command, exc)
        return 2
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError) as exc:
        _say(command, f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else exc)
        return 2
    except ValueError as exc:  # the package's errors: wrong lesson, track, value (ReleaseError is one)
        _say(command, exc)
        return 2
    except OSError as exc:
        _say(command, exc)
        return 1
    except KeyboardInterrupt:
        _say(command, _("stopped"))
        return 130
    except Exception as exc:  # a bug: still one line, with the details on request
        if os.environ.get("STEMKIT_DEBUG"):
            raise
        _say(command, _("unexpected error {kind}: {error}. This is a bug in stemkit: please report it with the "
                        "command you ran (set STEMKIT_DEBUG=1 to see the details)").format(
            kind=type(exc).__name__, error=exc))
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
