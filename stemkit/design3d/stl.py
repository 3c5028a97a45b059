"""Read and write STL files, the triangle lists every slicer opens.

An STL file is a list of triangles, each with a normal and three corners, and
nothing else: no units (slicers read millimetres), no colours, no shared
corners. It comes in two flavours:

* **binary**: an 80-byte header, a 4-byte triangle count, then 50 bytes per
  triangle: normal (3 x float32), corners (9 x float32) and a 2-byte
  "attribute" (usually 0). Little-endian.
* **ASCII**: text, ``solid name`` / ``facet normal nx ny nz`` / ``outer loop`` /
  three ``vertex x y z`` lines / ``endloop`` / ``endfacet`` ... ``endsolid name``.

:func:`read_stl` reads either (it looks at the bytes, not the file name) into a
:class:`~stemkit.design3d.mesh.Mesh`; :func:`write_stl` writes one. Binary files
are read with one vectorised numpy call through a structured dtype, so a
million triangles take a fraction of a second.

A broken file raises :class:`STLError` (a ``ValueError``) that says what is
wrong and where: the byte offset in a binary file, the line in an ASCII one. A
facet whose corners are so far out that its area or volume would overflow
(coordinates near 1e308) is refused with its facet number.

The source may be a file path, bytes, a binary file object, or the text of an
ASCII STL file itself (a ``str`` that starts with ``solid``).

Examples
--------
>>> import io
>>> from stemkit.design3d.primitives import box
>>> buffer = io.BytesIO()
>>> write_stl(box(size=(20, 20, 20)), buffer)
>>> len(buffer.getvalue())          # 84 + 50 bytes per triangle
684
>>> cube = read_stl(buffer.getvalue())
>>> cube.n_faces, cube.n_vertices, cube.volume
(12, 36, 8000.0)
>>> cube.weld().n_vertices          # an STL repeats each corner for every triangle
8
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from stemkit.design3d.mesh import DEFAULT_WELD_TOLERANCE, Mesh
from stemkit.i18n import _

__all__ = ["read_stl", "read_stl_file", "write_stl", "write_sample_parts", "STLFile", "STLError", "STL_DTYPE"]

#: One binary STL record: normal, three corners, attribute byte count (50 bytes, little-endian).
STL_DTYPE = np.dtype([("normal", "<f4", (3,)), ("vertices", "<f4", (3, 3)), ("attribute", "<u2")])

_HEADER_BYTES = 80
_COUNT_BYTES = 4
_RECORD_BYTES = STL_DTYPE.itemsize  # 50
# Tokens of one ASCII facet: facet normal n n n outer loop (vertex x y z) x 3 endloop endfacet
_FACET_TOKENS = 21
_KEYWORDS = {0: b"facet", 1: b"normal", 5: b"outer", 6: b"loop", 7: b"vertex", 11: b"vertex", 15: b"vertex",
             19: b"endloop", 20: b"endfacet"}
_NUMBER_SLOTS = [2, 3, 4, 8, 9, 10, 12, 13, 14, 16, 17, 18]

Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO

#: Largest corner coordinate accepted [mm]: 1e15 mm is 1000 times the Earth-Sun distance,
#: and keeps every area and volume sum far from floating-point overflow.
MAX_COORDINATE = 1e15


class STLError(ValueError):
    """A file that is not a valid STL; the message names the byte offset or line."""


@dataclass(frozen=True)
class STLFile:
    """Everything an STL file holds.

    Attributes
    ----------
    triangles : numpy.ndarray, shape (m, 3, 3)
        Corners of each triangle [mm, as slicers read it].
    normals : numpy.ndarray, shape (m, 3)
        The normals stored in the file (may be zero or wrong; :class:`Mesh`
        recomputes its own from the corners).
    name : str
        The solid's name (ASCII) or the header text with padding removed (binary).
    format : str
        ``"binary"`` or ``"ascii"``.
    attributes : numpy.ndarray of uint16, shape (m,)
        The attribute field of each binary record (zeros for ASCII).
    """

    triangles: NDArray[np.float64]
    normals: NDArray[np.float64]
    name: str
    format: str
    attributes: NDArray[np.uint16]

    def to_mesh(self, *, weld: bool = False) -> Mesh:
        """The triangles as a :class:`Mesh`; with ``weld``, corners closer than
        :data:`~stemkit.design3d.mesh.DEFAULT_WELD_TOLERANCE` (1e-6 mm) are merged."""
        m = len(self.triangles)
        mesh = Mesh._trusted(self.triangles.reshape(-1, 3), np.arange(3 * m, dtype=np.int64).reshape(m, 3))
        return mesh.weld(DEFAULT_WELD_TOLERANCE) if weld else mesh


def _check_size(triangles: NDArray[np.float64], where) -> None:
    """Refuse corners so far out that areas or volumes would overflow.

    ``where(k, c)`` says where corner ``c`` of facet ``k`` is in the file.
    """
    if not len(triangles):
        return
    reach = np.abs(triangles).max(axis=2)                     # (m, 3): farthest coordinate of each corner
    big = reach > MAX_COORDINATE
    if big.any():
        k, c = (int(i) for i in np.unravel_index(int(np.argmax(big)), big.shape))
        raise STLError(_("{where}: a corner of facet {facet} is {value} mm from the origin; corners beyond "
                         "{limit} mm make the area and volume overflow (check the file's units)").format(
            where=where(k, c), facet=k, value=f"{reach[k, c]:.3g}", limit=f"{MAX_COORDINATE:.0e}"))


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith("solid") and (
            "\n" in source or not Path(source).is_file()):
        return source.encode("utf-8")                 # the text of an ASCII STL file itself
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            if isinstance(source, str) and ("\n" in source or len(source) > 255):
                raise FileNotFoundError(_(
                    "this text is neither a file name nor ASCII STL text (which starts with 'solid'): "
                    "give a path, the bytes of the file, or the file's text"))
            raise FileNotFoundError(_("no STL file at {path}").format(path=path))
        return path.read_bytes()
    if hasattr(source, "read"):
        if isinstance(source, io.TextIOBase):
            raise TypeError(_("open the STL file in binary mode ('rb'), not text mode"))
        data = source.read()
        if isinstance(data, str):
            raise TypeError(_("open the STL file in binary mode ('rb'), not text mode"))
        return bytes(data)
    raise TypeError(_("source must be a file path, bytes or a binary file, got {kind}").format(
        kind=type(source).__name__))


def _looks_ascii(data: bytes) -> bool:
    head = data[:512].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if not head.startswith(b"solid"):
        return False
    # Many binary files also start with "solid" in their header: if the size matches the
    # binary layout exactly, it is binary.
    if len(data) >= _HEADER_BYTES + _COUNT_BYTES:
        count = int.from_bytes(data[_HEADER_BYTES:_HEADER_BYTES + _COUNT_BYTES], "little")
        if len(data) == _HEADER_BYTES + _COUNT_BYTES + _RECORD_BYTES * count:
            return False
    return True


def _read_binary(data: bytes) -> STLFile:
    size = len(data)
    if size < _HEADER_BYTES + _COUNT_BYTES:
        raise STLError(_("binary STL too short: it needs an 80-byte header and a 4-byte triangle count "
                         "(84 bytes), but the file has only {size} bytes").format(size=size))
    count = int.from_bytes(data[_HEADER_BYTES:_HEADER_BYTES + _COUNT_BYTES], "little")
    body = size - _HEADER_BYTES - _COUNT_BYTES
    expected = _RECORD_BYTES * count
    if body != expected:
        if body < expected:
            complete = body // _RECORD_BYTES
            offset = _HEADER_BYTES + _COUNT_BYTES + complete * _RECORD_BYTES
            raise STLError(_(
                "binary STL cut short: the count at byte offset 80 says {count} triangles "
                "({need} bytes in all), but the file has {size} bytes; triangle {index} at byte offset "
                "{offset} is missing or incomplete"
            ).format(count=count, need=_HEADER_BYTES + _COUNT_BYTES + expected, size=size,
                     index=complete, offset=offset))
        raise STLError(_(
            "binary STL has {extra} bytes too many: the count at byte offset 80 says {count} triangles "
            "({need} bytes in all), but the file has {size} bytes, room for {room} triangles; "
            "the count is wrong or data was added after byte offset {need}"
        ).format(extra=body - expected, count=count, need=_HEADER_BYTES + _COUNT_BYTES + expected, size=size,
                 room=body // _RECORD_BYTES))
    records = np.frombuffer(data, dtype=STL_DTYPE, count=count, offset=_HEADER_BYTES + _COUNT_BYTES)
    with np.errstate(invalid="ignore"):  # a signalling NaN in the file is reported just below
        triangles = records["vertices"].astype(np.float64)
        normals = records["normal"].astype(np.float64)
    finite = np.isfinite(triangles.reshape(count, 9)).all(axis=1)
    if not finite.all():
        bad = int(np.argmin(finite))
        raise STLError(_("binary STL: triangle {index} at byte offset {offset} has a corner that is not a finite "
                         "number (NaN or infinity)").format(
            index=bad, offset=_HEADER_BYTES + _COUNT_BYTES + bad * _RECORD_BYTES + 12))
    _check_size(triangles, lambda k, c: _("binary STL, byte offset {offset}").format(
        offset=_HEADER_BYTES + _COUNT_BYTES + k * _RECORD_BYTES + 12 + 12 * c))
    header = data[:_HEADER_BYTES].split(b"\x00", 1)[0].decode("latin-1").strip()
    return STLFile(triangles, normals, header, "binary", records["attribute"].copy())


def _line_of_token(data: bytes, token_index: int) -> int:
    """Line number (1-based) of the ``token_index``-th whitespace-separated token."""
    seen = 0
    for number, line in enumerate(data.splitlines(), start=1):
        n = len(line.split())
        if seen + n > token_index:
            return number
        seen += n
    return max(1, data.count(b"\n") + 1)


def _read_ascii(data: bytes) -> STLFile:
    text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    tokens = np.array(text.split(), dtype=object)
    if not len(tokens) or tokens[0] != b"solid":
        raise STLError(_("ASCII STL must start with 'solid' on line 1"))
    # The name runs to the end of the first line.
    first_line = text.lstrip().split(b"\n", 1)[0]
    name = b" ".join(first_line.split()[1:]).decode("utf-8", errors="replace")
    # Drop every 'solid <name>' and 'endsolid <name>' run (a file may hold several solids).
    keep = np.ones(len(tokens), dtype=bool)
    starts = np.nonzero((tokens == b"solid") | (tokens == b"endsolid"))[0]
    stops = np.nonzero(tokens == b"facet")[0]
    for i in starts.tolist():
        after = np.searchsorted(stops, i)
        j = int(stops[after]) if after < len(stops) else len(tokens)
        later = starts[starts > i]
        if len(later):
            j = min(j, int(later[0]))
        keep[i:j] = False
    positions = np.nonzero(keep)[0]
    body = tokens[keep]
    n = len(body)
    m = n // _FACET_TOKENS
    grid = body[:m * _FACET_TOKENS].reshape(m, _FACET_TOKENS)
    slots = list(_KEYWORDS)
    wrong = np.column_stack([grid[:, slot] != _KEYWORDS[slot] for slot in slots]) if m else np.zeros((0, 1), bool)
    if wrong.any():
        k, col = (int(x) for x in np.unravel_index(int(np.argmax(wrong)), wrong.shape))  # the earliest one
        slot, word = slots[col], _KEYWORDS[slots[col]]
        where = positions[k * _FACET_TOKENS + slot]
        raise STLError(_("ASCII STL line {line}: expected '{word}' in facet {facet}, found '{found}'").format(
            line=_line_of_token(text, int(where)), word=word.decode(), facet=k,
            found=bytes(grid[k, slot]).decode("utf-8", errors="replace")[:40]))
    if n % _FACET_TOKENS:
        where = positions[m * _FACET_TOKENS]
        raise STLError(_("ASCII STL line {line}: facet {facet} is incomplete; a facet is 'facet normal nx ny nz', "
                         "'outer loop', three 'vertex x y z' lines, 'endloop', 'endfacet'").format(
            line=_line_of_token(text, int(where)), facet=m))
    numbers = grid[:, _NUMBER_SLOTS].reshape(-1)
    try:
        values = numbers.astype(np.bytes_).astype(np.float64)
    except (ValueError, TypeError):
        values = None
    if values is None or not np.all(np.isfinite(values)):
        for idx, token in enumerate(numbers.tolist()):
            try:
                ok = bool(np.isfinite(float(token)))
            except ValueError:
                ok = False
            if not ok:
                k, slot = divmod(idx, 12)
                where = positions[k * _FACET_TOKENS + _NUMBER_SLOTS[slot]]
                raise STLError(_("ASCII STL line {line}: '{token}' is not a finite number (facet {facet})").format(
                    line=_line_of_token(text, int(where)), token=token.decode("utf-8", errors="replace")[:40],
                    facet=k))
        raise STLError(_("ASCII STL: a number could not be read"))  # pragma: no cover - the loop finds it
    values = values.reshape(m, 12)
    normals = values[:, :3].copy()
    triangles = values[:, 3:].reshape(m, 3, 3).copy()
    _check_size(triangles, lambda k, c: _("ASCII STL line {line}").format(
        line=_line_of_token(text, int(positions[k * _FACET_TOKENS + 7 + 4 * c]))))
    return STLFile(triangles, normals, name, "ascii", np.zeros(m, dtype=np.uint16))


def read_stl_file(source: Source) -> STLFile:
    """Read an STL file (binary or ASCII) with everything it holds.

    Parameters
    ----------
    source : path, bytes, binary file object or str
        The STL data (a ``str`` starting with ``solid`` is read as the file's text).

    Returns
    -------
    STLFile
        Triangles [mm], stored normals, name, format.

    Raises
    ------
    STLError
        A truncated file, a triangle count that does not match the size, a
        missing keyword or a number that is not a number; the message names
        the byte offset (binary) or line (ASCII).

    Examples
    --------
    >>> text = b'''solid tri
    ... facet normal 0 0 1
    ...  outer loop
    ...   vertex 0 0 0
    ...   vertex 10 0 0
    ...   vertex 0 10 0
    ...  endloop
    ... endfacet
    ... endsolid tri'''
    >>> f = read_stl_file(text)
    >>> f.format, f.name, f.triangles.shape
    ('ascii', 'tri', (1, 3, 3))
    >>> read_stl_file(text.replace(b"vertex 10 0 0", b"vertex 1O 0 0"))
    Traceback (most recent call last):
    ...
    stemkit.design3d.stl.STLError: ASCII STL line 5: '1O' is not a finite number (facet 0)
    """
    data = _read_bytes(source)
    if _looks_ascii(data):
        return _read_ascii(data)
    return _read_binary(data)


def read_stl(source: Source, *, weld: bool = False) -> Mesh:
    """Read an STL file (binary or ASCII) into a :class:`Mesh`.

    Parameters
    ----------
    source : path, bytes, binary file object or str
        The STL data: a file path, the file's bytes, a file opened with ``'rb'``,
        or the text of an ASCII STL file (starting with ``solid``).
    weld : bool
        Merge corners closer than 1e-6 mm (the one tolerance of
        :data:`~stemkit.design3d.mesh.DEFAULT_WELD_TOLERANCE`). An STL file
        stores every corner once per triangle that uses it, so without welding
        a closed part has 3 corners per triangle.

    Returns
    -------
    Mesh
        Corners [mm] and triangles, in the file's order.

    Examples
    --------
    >>> import io
    >>> from stemkit.design3d.primitives import cylinder
    >>> buffer = io.BytesIO()
    >>> write_stl(cylinder(radius=5, height=10, segments=16), buffer, binary=False)
    >>> rod = read_stl(buffer.getvalue(), weld=True)
    >>> rod.n_vertices, rod.is_watertight
    (34, True)
    """
    return read_stl_file(source).to_mesh(weld=weld)


def write_stl(mesh: Mesh, target: str | os.PathLike | BinaryIO, *, binary: bool = True,
              name: str = "stemkit") -> None:
    """Write a :class:`Mesh` as an STL file (binary by default, or ASCII).

    Parameters
    ----------
    mesh : Mesh
        The part [mm].
    target : path or binary file object
        Where to write.
    binary : bool
        Binary (small, exact for float32 corners) or ASCII (readable text,
        exact for every float64 corner: 17 significant digits).
    name : str
        The solid's name (ASCII) or header text (binary, at most 80 bytes).

    Notes
    -----
    Normals are computed from the corners (the right-hand rule), as unit
    vectors; a triangle with no area gets (0, 0, 0).

    Examples
    --------
    >>> import io
    >>> from stemkit.design3d.primitives import box
    >>> buffer = io.BytesIO()
    >>> write_stl(box(size=(1, 1, 1)), buffer, binary=False, name="cube")
    >>> print(buffer.getvalue().decode().splitlines()[0:4])
    ['solid cube', 'facet normal 0 0 -1', ' outer loop', '  vertex -0.5 -0.5 0']
    """
    if not isinstance(mesh, Mesh):
        raise TypeError(_("write_stl takes a Mesh, got {kind}").format(kind=type(mesh).__name__))
    if binary:
        payload = _binary_bytes(mesh, name)
    else:
        payload = _ascii_bytes(mesh, name)
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(payload)
    elif hasattr(target, "write"):
        if isinstance(target, io.TextIOBase):
            raise TypeError(_("open the STL file in binary mode ('wb'), not text mode"))
        target.write(payload)
    else:
        raise TypeError(_("target must be a file path or a binary file, got {kind}").format(
            kind=type(target).__name__))


def _binary_bytes(mesh: Mesh, name: str) -> bytes:
    header = name.encode("utf-8", errors="replace")[:_HEADER_BYTES]
    if header.lstrip().startswith(b"solid"):
        # a binary header that starts with "solid" confuses some readers
        header = (b"stemkit " + header)[:_HEADER_BYTES]
    m = mesh.n_faces
    records = np.zeros(m, dtype=STL_DTYPE)
    records["normal"] = mesh.face_normals
    records["vertices"] = mesh.triangles
    return header.ljust(_HEADER_BYTES, b" ") + np.uint32(m).tobytes() + records.tobytes()


def _ascii_bytes(mesh: Mesh, name: str) -> bytes:
    clean = " ".join(name.split()) or "stemkit"
    m = mesh.n_faces
    values = np.concatenate([mesh.face_normals, mesh.triangles.reshape(m, 9)], axis=1) + 0.0  # no "-0"
    facet = ("facet normal %r %r %r\n outer loop\n  vertex %r %r %r\n  vertex %r %r %r\n  vertex %r %r %r\n"
             " endloop\nendfacet\n")
    body = (facet * m) % tuple(values.reshape(-1).tolist()) if m else ""
    body = body.replace(".0 ", " ").replace(".0\n", "\n")
    return f"solid {clean}\n{body}endsolid {clean}\n".encode()


def write_sample_parts(folder: str | os.PathLike) -> list[Path]:
    """Write :func:`stemkit.design3d.primitives.sample_parts` as STL files into ``folder``.

    This is how ``datasets/design3d/*.stl`` are made; a test regenerates them and
    compares byte for byte.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from stemkit.design3d.primitives import sample_parts

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (mesh, kind) in sample_parts().items():
        path = out / f"{name}.stl"
        write_stl(mesh, path, binary=(kind == "binary"), name=f"stemkit sample part {name}")
        written.append(path)
    return written
