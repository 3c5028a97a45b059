"""Where stemkit may write files: one rule for every command that writes.

1. Never inside ``lessons/`` (the teacher sources), nor into a folder that holds it.
2. Never into a folder that git tracks: the repository's top folder, or any folder
   that holds (or sits inside a folder that holds) files under version control,
   such as ``docs/`` or ``stemkit/``. Generated files go to ``build/`` or to a
   folder outside the checkout.
3. Never over a file stemkit did not write. Each output folder keeps a list of the
   files stemkit wrote there, with a checksum of each, in ``.stemkit-manifest.json``.
   A file that is not on the list is never replaced or deleted, not even with
   ``--force``. A file on the list that is unchanged since stemkit wrote it may be
   written again (it is stemkit's own output). One that was changed since (a
   teacher edited ``grades.csv``, a notebook was run and saved) is kept unless
   ``force=True``.

Every refusal raises :class:`OutputError` with a message that names the path and
says what to do instead.

Use it like this::

    folder = open_output("build/teacher", command="guide", example="build/teacher")
    folder.check(["electronics-teacher-guide.html"])    # refuse before writing anything
    folder.write_text("electronics-teacher-guide.html", html)

A writer that writes a file itself asks for the path with :meth:`OutputFolder.target`
and then calls :meth:`OutputFolder.record`. :meth:`OutputFolder.clear` removes
everything stemkit wrote there (for a command that replaces a folder's contents).

Examples
--------
>>> import tempfile
>>> tmp = Path(tempfile.mkdtemp())
>>> out = open_output(tmp / "guides", command="guide")
>>> _ = out.write_text("a.html", "<p>hello</p>")
>>> _ = (tmp / "guides" / "notes.txt").write_text("mine")
>>> out.written(), out.foreign_files()
(['a.html'], ['notes.txt'])
>>> out.write_text("notes.txt", "x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stemkit.curriculum.outputs.OutputError: stemkit guide: refusing to write .../notes.txt: stemkit did not write this file, so it is never replaced. Move it away, or choose another folder
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from stemkit.i18n import _

__all__ = ["MANIFEST_NAME", "OutputError", "OutputFolder", "open_output", "check_location"]

#: The list of files stemkit wrote, kept in each output folder.
MANIFEST_NAME = ".stemkit-manifest.json"
_FORMAT = "stemkit-manifest-1"
_PART = ".stemkit-part"   # a file being written; renamed into place when complete


class OutputError(ValueError):
    """A write stemkit refuses: inside lessons/, into a tracked folder, or over a file it did not write."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _nearest_existing(path: Path) -> Path:
    for folder in (path, *path.parents):
        if folder.exists():
            return folder
    return Path(path.anchor or "/")


def _git_top(folder: Path) -> Path | None:
    """The top folder of the git checkout that holds ``folder`` (None: not in one, or no git)."""
    base = _nearest_existing(folder)
    if not base.is_dir():
        base = base.parent
    try:
        done = subprocess.run(["git", "-C", str(base), "rev-parse", "--show-toplevel"], capture_output=True,
                              text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None   # no git here: rule 3 (the manifest) still protects every file
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip()).resolve()


def _tracked(top: Path, rel: str) -> list[str]:
    try:
        done = subprocess.run(["git", "-C", str(top), "ls-files", "-z", "--", rel], capture_output=True,
                              timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return [name for name in done.stdout.decode("utf-8", "replace").split("\0") if name]


def _lesson_folders(folder: Path, root: Path | None) -> list[Path]:
    """The lessons/ folders to protect: the given curriculum's, the current one's and the one holding ``folder``."""
    from stemkit.curriculum.notebook import repo_root

    roots = [Path(root)] if root is not None else []
    for start in (None, _nearest_existing(folder)):
        try:
            roots.append(repo_root(start))
        except FileNotFoundError:
            continue
    found: list[Path] = []
    for base in roots:
        lessons = (base / "lessons").resolve()
        if lessons.is_dir() and lessons not in found:
            found.append(lessons)
    return found


def check_location(folder: str | Path, *, command: str, root: Path | None = None,
                   example: str = "build/out") -> Path:
    """Refuse an output folder inside ``lessons/`` or a git-tracked folder; return it resolved.

    Parameters
    ----------
    folder : path
        Where the command wants to write.
    command : str
        The command's name for the message (``"guide"``, ``"grade"``).
    root : path, optional
        The curriculum folder whose ``lessons/`` is protected (default: the one the
        current folder is in); the checkout holding ``folder`` is protected too.
    example : str
        A good folder to suggest.

    Raises
    ------
    OutputError
        Naming the folder, the reason and a folder to use instead.
    """
    prefix = _("stemkit {command}: ").format(command=command)
    out = Path(folder).expanduser().resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(prefix + _("{path} is a file, not a folder: give a folder to write into, e.g. {example}").format(
            path=folder, example=example))
    for lessons in _lesson_folders(out, root):
        if out == lessons or out.is_relative_to(lessons) or lessons.is_relative_to(out):
            raise OutputError(prefix + _("refusing to write into {path}: it is or holds the teacher sources in {lessons}. "
                                         "Choose a folder for generated files, e.g. {example}").format(
                path=folder, lessons=lessons, example=example))
    top = _git_top(out)
    if top is not None and (out == top or out.is_relative_to(top)):
        if out == top:
            raise OutputError(prefix + _("refusing to write into {path}: it is the top folder of a git checkout. "
                                         "Choose a folder for generated files, e.g. {example}").format(
                path=folder, example=example))
        first = out.relative_to(top).parts[0]
        if first != ".git":
            tracked = _tracked(top, first)
            if tracked:
                raise OutputError(prefix + _("refusing to write into {path}: {folder} holds files kept in git "
                                             "({files}). Choose a folder for generated files, e.g. {example}").format(
                    path=folder, folder=top / first, files=", ".join(tracked[:3]) + (", ..." if len(tracked) > 3 else ""),
                    example=example))
    return out


class OutputFolder:
    """An output folder that remembers which files stemkit wrote there (see the module docstring).

    Make one with :func:`open_output`, which checks the folder's location first.
    """

    def __init__(self, path: Path, *, command: str, force: bool = False) -> None:
        self.path = Path(path)
        self.command = command
        self.force = bool(force)
        self._files: dict[str, dict[str, Any]] = {}
        self._load()

    # -- the manifest ------------------------------------------------------------------
    @property
    def manifest(self) -> Path:
        """The manifest file of this folder."""
        return self.path / MANIFEST_NAME

    def _load(self) -> None:
        if not self.manifest.is_file():
            return
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise OutputError(self._prefix() + _(
                "{path} cannot be read, so stemkit cannot tell which files it wrote here. "
                "Delete that file and the files stemkit wrote, or choose another folder").format(
                path=self.manifest)) from None
        files = data.get("files") if isinstance(data, dict) else None
        if isinstance(files, dict):
            self._files = {str(k): v for k, v in files.items() if isinstance(v, dict) and isinstance(v.get("sha256"), str)}

    def _save(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        data = {"format": _FORMAT, "about": "Files stemkit wrote in this folder; stemkit never replaces any other file.",
                "files": dict(sorted(self._files.items()))}
        tmp = self.manifest.with_name(MANIFEST_NAME + ".part")
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.manifest)

    def _prefix(self) -> str:
        return _("stemkit {command}: ").format(command=self.command)

    def _rel(self, name: str | Path) -> str:
        p = Path(name)
        if p.is_absolute():
            try:
                p = p.resolve().relative_to(self.path.resolve())
            except ValueError:
                raise OutputError(self._prefix() + _("{path} is outside the output folder {folder}").format(
                    path=name, folder=self.path)) from None
        rel = PurePosixPath(*p.parts)
        if not rel.parts or ".." in rel.parts or rel.name == MANIFEST_NAME:
            raise OutputError(self._prefix() + _("{path} is not a file name inside the output folder {folder}").format(
                path=name, folder=self.path))
        return str(rel)

    def written(self) -> list[str]:
        """Paths (relative, with ``/``) of the files stemkit wrote here."""
        return sorted(self._files)

    def is_own(self, name: str | Path) -> bool:
        """True when stemkit wrote this file (it is in the manifest)."""
        return self._rel(name) in self._files

    def is_unchanged(self, name: str | Path) -> bool:
        """True when stemkit wrote this file and nobody changed it since."""
        rel = self._rel(name)
        path = self.path / rel
        return rel in self._files and path.is_file() and _sha256(path) == self._files[rel]["sha256"]

    def foreign_files(self) -> list[str]:
        """Files in the folder (any depth) that stemkit did not write, relative with ``/``."""
        if not self.path.is_dir():
            return []
        out = []
        for p in sorted(self.path.rglob("*")):
            if p.is_dir() and not p.is_symlink():
                continue
            rel = str(PurePosixPath(*p.relative_to(self.path).parts))
            if rel in (MANIFEST_NAME, MANIFEST_NAME + ".part") or rel in self._files or rel.endswith(_PART):
                continue
            out.append(rel)
        return out

    # -- checks ------------------------------------------------------------------------
    def _problem(self, rel: str) -> str | None:
        path = self.path / rel
        for parent in PurePosixPath(rel).parents:
            if str(parent) != "." and (self.path / parent).exists() and not (self.path / parent).is_dir():
                return _("{path} is a file, so stemkit cannot make a folder there. Move it away, or choose another "
                         "folder").format(path=self.path / parent)
        if not (path.exists() or path.is_symlink()):
            return None
        if path.is_dir() and not path.is_symlink():
            return _("{path} is a folder, where stemkit wants to write a file. Move it away, or choose another "
                     "folder").format(path=path)
        if rel not in self._files:
            return _("refusing to write {path}: stemkit did not write this file, so it is never replaced. "
                     "Move it away, or choose another folder").format(path=path)
        if not self.force and not self.is_unchanged(rel):
            return _("{path} was changed after stemkit wrote it. Rename it to keep your changes, or pass --force "
                     "to replace it").format(path=path)
        return None

    def check(self, names: Iterable[str | Path]) -> None:
        """Refuse, before anything is written, when any of these files may not be written.

        A name ending in ``/`` stands for a folder: every file already in it must be one
        stemkit may replace.
        """
        problems: list[str] = []
        for name in names:
            text = str(name)
            if text.endswith("/"):
                sub = self._rel(text.rstrip("/"))
                if (self.path / sub).exists() and not (self.path / sub).is_dir():
                    problems.append(_("{path} is a file, where stemkit wants a folder. Move it away, or choose "
                                      "another folder").format(path=self.path / sub))
                inside = [f for f in self.foreign_files() + self.written() if f.startswith(sub + "/")]
                problems += [self._problem(f) or "" for f in inside]
                continue
            problems.append(self._problem(self._rel(text)) or "")
        problems = [p for p in dict.fromkeys(problems) if p]
        if problems:
            more = "" if len(problems) == 1 else " " + _("(and {n} more like it)").format(n=len(problems) - 1)
            raise OutputError(self._prefix() + problems[0] + more)

    # -- writing -------------------------------------------------------------------------
    def target(self, name: str | Path) -> Path:
        """The path to write ``name`` to, after checking it may be written (its folder is made).

        Call :meth:`record` once the file is written.
        """
        rel = self._rel(name)
        problem = self._problem(rel)
        if problem:
            raise OutputError(self._prefix() + problem)
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def record(self, name: str | Path) -> Path:
        """Note in the manifest that stemkit wrote ``name`` (which must exist now)."""
        rel = self._rel(name)
        path = self.path / rel
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file():
                    self._files[str(PurePosixPath(*p.relative_to(self.path).parts))] = {
                        "sha256": _sha256(p), "command": self.command}
        else:
            self._files[rel] = {"sha256": _sha256(path), "command": self.command}
        self._save()
        return path

    def write_bytes(self, name: str | Path, data: bytes) -> Path:
        """Write ``data`` to ``name`` (checked, written whole or not at all) and record it."""
        path = self.target(name)
        tmp = path.with_name(path.name + _PART)
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return self.record(path)

    def write_text(self, name: str | Path, text: str) -> Path:
        """Write ``text`` (UTF-8) to ``name``, checked and recorded."""
        return self.write_bytes(name, text.encode("utf-8"))

    def clear(self) -> list[str]:
        """Delete every file stemkit wrote here, for a command that replaces the folder's contents.

        Refuses, deleting nothing, when the folder holds any file stemkit did not write
        (or, without ``force``, one changed since). Returns what was deleted.
        """
        foreign = self.foreign_files()
        if foreign:
            shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
            raise OutputError(self._prefix() + _(
                "{folder} holds {n} files stemkit did not write ({files}); stemkit replaces only what it wrote "
                "itself. Move them away, or choose another folder").format(folder=self.path, n=len(foreign), files=shown))
        changed = [rel for rel in self._files if (self.path / rel).exists() and not self.is_unchanged(rel)]
        if changed and not self.force:
            raise OutputError(self._prefix() + _(
                "{path} was changed after stemkit wrote it. Rename it to keep your changes, or pass --force "
                "to replace it").format(path=self.path / changed[0]))
        removed = []
        for rel in sorted(self._files) + [str(PurePosixPath(*p.relative_to(self.path).parts))
                                          for p in self.path.rglob("*" + _PART)]:
            p = self.path / rel
            if p.is_file() or p.is_symlink():
                p.unlink()
                removed.append(rel)
        self._files = {}
        # empty folders stemkit left behind; any folder still holding something stays
        for folder in sorted((d for d in self.path.rglob("*") if d.is_dir()), key=lambda d: -len(d.parts)):
            try:
                folder.rmdir()
            except OSError:
                pass
        if self.manifest.exists():
            self.manifest.unlink()
        return removed

    def __repr__(self) -> str:
        return f"OutputFolder({str(self.path)!r}, {len(self._files)} files written by stemkit)"


def open_output(folder: str | Path, *, command: str, force: bool = False, root: Path | None = None,
                example: str = "build/out") -> OutputFolder:
    """Check that ``folder`` may hold stemkit's output (:func:`check_location`) and open it.

    Parameters
    ----------
    folder : path
        The output folder (made when the first file is written).
    command : str
        The command, for messages and the manifest (``"guide"``, ``"release"``, ``"grade"``).
    force : bool
        Allow replacing files stemkit wrote that were changed since. Never allows
        replacing a file stemkit did not write.
    root : path, optional
        The curriculum folder whose ``lessons/`` is protected.
    example : str
        A good folder to suggest in messages.
    """
    path = check_location(folder, command=command, root=root, example=example)
    return OutputFolder(path, command=command, force=force)
