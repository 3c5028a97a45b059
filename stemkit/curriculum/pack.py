"""Student editions packed as one zip per track and language, to hand out on a USB stick, a class drive or an LMS.

Each zip holds ``<track>/<NN>-<slug>.ipynb`` student editions (made by
:func:`stemkit.curriculum.release.student_edition_in`, straight from the teacher
sources and their PO catalogues, never from files on disk that someone may have
edited), the lessons' Arduino sketches (``<track>/sketches/<lesson-id>/...``, where
the cells read them) and a short ``README.txt`` on how to open them, in the pack's
language. English packs are ``stemkit-<track>-student.zip``; a translated one adds its
language, ``stemkit-<track>-student-ru.zip``. The zip is the same byte for byte each
time it is made from the same lessons (fixed file times, sorted names), so a teacher
can tell whether a pack changed.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from stemkit.curriculum.catalog import TRACK_TITLES
from stemkit.curriculum.key import KeyError_, record_lessons
from stemkit.curriculum.notebook import TRACKS, find_lessons, lessons_dir, read_notebook, repo_root
from stemkit.curriculum.outputs import OutputError, open_output
from stemkit.curriculum.release import RELEASE_LANGUAGES, ReleaseError, student_edition_in
from stemkit.curriculum.translate import KK_LATIN, transliterate_kk
from stemkit.i18n import _, language

__all__ = ["pack_track", "pack", "pack_name", "PACK_NAME"]

PACK_NAME = "stemkit-{track}-student.zip"
_EPOCH = (2020, 1, 1, 0, 0, 0)   # fixed time stamp in the zip: the same lessons give the same bytes


def _readme(track: str, names: list[str]) -> str:
    lines = [
        _("stemkit: {title}, student notebooks").format(title=_(TRACK_TITLES.get(track, track))),
        "",
        _("Open these notebooks in JupyterLab (on a stemkit machine: `make lab`; or upload them to your class JupyterHub)."),
        _("Run the cells from the top with Shift+Enter. Each exercise has a check cell below it that tells you what is right."),
        "",
        _("Lessons in this pack:"),
    ]
    lines += [f"- {track}/{n}" for n in names]
    return "\n".join(lines) + "\n"


def pack_name(track: str, lang: str = "en") -> str:
    """The zip's file name: ``stemkit-<track>-student.zip`` in English, ``stemkit-<track>-student-<lang>.zip`` else."""
    name = PACK_NAME.format(track=track)
    return name if lang == "en" else name[: -len(".zip")] + f"-{lang}.zip"


def _check_lang(lang: str) -> None:
    if lang not in RELEASE_LANGUAGES:
        raise ValueError(_("language must be one of {langs}, got {value!r}").format(
            langs=", ".join(RELEASE_LANGUAGES), value=lang))


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def pack_track(track: str, out: str | Path, *, root: Path | None = None, lang: str = "en") -> Path:
    """Write ``out/<pack_name(track, lang)>`` with the track's student editions in ``lang``; returns its path.

    A translated edition shows English wherever its catalogue has no confirmed translation yet.
    """
    if track not in TRACKS:
        raise ValueError(_("track must be one of {tracks}, got {value!r}").format(tracks=", ".join(TRACKS), value=track))
    _check_lang(lang)
    root = root or repo_root()
    out = Path(out).resolve()
    src = lessons_dir(root).resolve()
    if out == src or out.is_relative_to(src):
        raise ReleaseError(_("refusing to write packs into {out}: it is inside the teacher sources in {src}. "
                             "Choose another folder, e.g. build/packs").format(out=out, src=src))
    lessons = [lf for lf in find_lessons(root) if lf.track == track]
    if not lessons:
        raise ValueError(_("track {track!r} has no lessons yet").format(track=track))
    try:
        folder = open_output(out, command="pack", root=root, example="build/packs")
        target = folder.target(pack_name(track, lang))
    except OutputError as exc:
        raise ReleaseError(str(exc)) from None
    tmp = target.with_suffix(".zip.part")
    names = []
    lessons = sorted(lessons, key=lambda lf: lf.path.name)
    try:
        keys = record_lessons([lf.path for lf in lessons], cache=True)
    except KeyError_ as exc:
        raise ReleaseError(str(exc)) from None
    with zipfile.ZipFile(tmp, "w") as zf:
        for lf, key in zip(lessons, keys, strict=True):
            nb, _stats = student_edition_in(read_notebook(lf.path), key, lang)
            _add(zf, f"{track}/{lf.path.name}", (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
            names.append(lf.path.name)
            # the lesson's Arduino sketches go beside it, where its cells read them (as `stemkit release` does)
            sketches = lf.path.parent / "sketches" / lf.lesson_id
            for sketch in sorted(sketches.rglob("*")) if sketches.is_dir() else []:
                if sketch.is_file():
                    _add(zf, f"{track}/{sketch.relative_to(lf.path.parent).as_posix()}", sketch.read_bytes())
        with language(lang):
            readme = _readme(track, names)
        if lang == KK_LATIN:
            readme = transliterate_kk(readme)
        _add(zf, f"{track}/README.txt", readme.encode("utf-8"))
    tmp.replace(target)
    folder.record(target)
    return target


def pack(out: str | Path, tracks: list[str] | None = None, *, root: Path | None = None,
         langs: tuple[str, ...] = ("en",)) -> list[Path]:
    """One zip per track (default: every track that has lessons) and language; returns the paths written."""
    for lang in langs:
        _check_lang(lang)
    root = root or repo_root()
    present = [t for t in TRACKS if any(lf.track == t for lf in find_lessons(root))]
    return [pack_track(t, out, root=root, lang=lang) for t in (tracks or present) for lang in langs]
