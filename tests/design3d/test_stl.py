"""STL read/write: exact round trips, agreement with numpy-stl and trimesh, clear errors, fuzzing."""

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stemkit.design3d.mesh import Mesh
from stemkit.design3d.primitives import box, cone, cylinder, sphere
from stemkit.design3d.stl import STL_DTYPE, STLError, read_stl, read_stl_file, write_stl

rng = np.random.default_rng(3)


def _soup(n, dtype=np.float64):
    tri = (rng.normal(size=(n, 3, 3)) * 50).astype(dtype).astype(np.float64)
    return Mesh(tri.reshape(-1, 3), np.arange(3 * n).reshape(n, 3))


def _bytes(mesh, **kwargs):
    buffer = io.BytesIO()
    write_stl(mesh, buffer, **kwargs)
    return buffer.getvalue()


def test_binary_layout():
    data = _bytes(box(size=(1, 2, 3)), name="part")
    assert len(data) == 84 + 50 * 12
    assert int.from_bytes(data[80:84], "little") == 12
    records = np.frombuffer(data, dtype=STL_DTYPE, offset=84)
    assert np.allclose(records["vertices"], box(size=(1, 2, 3)).triangles)
    assert data[:4] == b"part"


def test_binary_round_trip_is_exact_for_float32_corners():
    mesh = _soup(500, np.float32)
    back = read_stl(_bytes(mesh))
    assert np.array_equal(back.triangles, mesh.triangles)
    f = read_stl_file(_bytes(mesh))
    assert f.format == "binary"
    assert np.array_equal(f.normals, mesh.face_normals.astype(np.float32).astype(np.float64))


def test_binary_round_trip_of_float64_rounds_to_float32_once():
    mesh = _soup(50)
    once = read_stl(_bytes(mesh))
    assert np.array_equal(once.triangles, mesh.triangles.astype(np.float32).astype(np.float64))
    assert np.array_equal(read_stl(_bytes(once)).triangles, once.triangles)


def test_ascii_round_trip_is_exact_for_float64():
    mesh = Mesh.merge(_soup(200), sphere(radius=3, subdivisions=2), box(size=(1e-7, 3e5, 0.1)))
    text = _bytes(mesh, binary=False, name="my part")
    back = read_stl_file(text)
    assert back.format == "ascii" and back.name == "my part"
    assert np.array_equal(back.triangles, mesh.triangles)
    assert np.array_equal(back.normals, mesh.face_normals)


def test_path_and_file_objects(tmp_path):
    part = cylinder(radius=4, height=9, segments=20)
    path = tmp_path / "rod.stl"
    write_stl(part, path)
    assert read_stl(path).volume == pytest.approx(part.volume, rel=1e-6)
    with open(path, "rb") as handle:
        assert read_stl(handle).n_faces == part.n_faces
    with open(path) as handle, pytest.raises(TypeError, match="binary mode"):
        read_stl(handle)
    with pytest.raises(FileNotFoundError, match="no STL file"):
        read_stl(tmp_path / "missing.stl")
    with open(tmp_path / "t.stl", "w") as handle, pytest.raises(TypeError, match="binary mode"):
        write_stl(part, handle)


def test_weld_on_read_makes_a_watertight_part():
    part = sphere(radius=10, subdivisions=2)
    soup = read_stl(_bytes(part))
    assert soup.n_vertices == 3 * part.n_faces
    welded = read_stl(_bytes(part), weld=True)
    assert welded.n_vertices == part.n_vertices
    assert welded.is_watertight and soup.is_watertight  # check() welds by itself
    assert welded.volume == pytest.approx(part.volume, rel=1e-6)


def test_binary_header_starting_with_solid_is_still_binary():
    data = bytearray(_bytes(box(size=(2, 2, 2))))
    data[:12] = b"solid export"
    f = read_stl_file(bytes(data))
    assert f.format == "binary" and len(f.triangles) == 12


def test_empty_files():
    empty = Mesh(np.zeros((0, 3)), np.zeros((0, 3), dtype=int))
    assert read_stl(_bytes(empty)).n_faces == 0
    assert read_stl(_bytes(empty, binary=False)).n_faces == 0


def test_several_solids_in_one_ascii_file():
    a = _bytes(box(size=(1, 1, 1)), binary=False, name="first")
    b = _bytes(cone(radius=1, height=2, segments=5), binary=False, name="second part")
    both = read_stl_file(a + b)
    assert len(both.triangles) == 12 + 10 and both.name == "first"


def test_ascii_written_by_hand_with_odd_spacing():
    text = (b"solid  hand made\r\n  facet normal 0.0E+00 0 -1.0e0\n outer loop\n\tvertex 0 0 0\n vertex 0 1 0\n"
            b" vertex 1 0 0\n endloop\n endfacet\nendsolid hand made\n")
    f = read_stl_file(text)
    assert f.name == "hand made"
    assert np.array_equal(f.triangles[0], [[0, 0, 0], [0, 1, 0], [1, 0, 0]])


# ---- reference tools -----------------------------------------------------------------

def test_read_agrees_with_numpy_stl(tmp_path):
    npstl = pytest.importorskip("stl.mesh", reason="numpy-stl is a dev extra; pip install numpy-stl")
    part = Mesh.merge(sphere(radius=7, subdivisions=3), _soup(300))
    for binary in (True, False):
        path = tmp_path / f"part-{binary}.stl"
        write_stl(part, path, binary=binary)
        ours = read_stl_file(path)
        theirs = npstl.Mesh.from_file(str(path), calculate_normals=False)
        assert np.array_equal(ours.triangles.astype(np.float32), theirs.vectors)
        assert np.allclose(ours.normals, theirs.normals, atol=1e-6)


def test_reads_files_written_by_numpy_stl_and_trimesh(tmp_path):
    npstl = pytest.importorskip("stl", reason="numpy-stl is a dev extra; pip install numpy-stl")
    trimesh = pytest.importorskip("trimesh", reason="trimesh is a dev extra; pip install trimesh")
    ref = trimesh.creation.torus(major_radius=20, minor_radius=5)
    # trimesh's own writers
    for name, payload in (("binary", trimesh.exchange.stl.export_stl(ref)),
                          ("ascii", trimesh.exchange.stl.export_stl_ascii(ref).encode())):
        ours = read_stl(payload, weld=True)
        assert ours.is_watertight, name
        assert ours.volume == pytest.approx(ref.volume, rel=1e-5), name
        assert ours.area == pytest.approx(ref.area, rel=1e-5), name
    # numpy-stl's writers
    data = np.zeros(ref.faces.shape[0], dtype=npstl.mesh.Mesh.dtype)
    data["vectors"] = ref.triangles
    theirs = npstl.mesh.Mesh(data)
    for mode in (npstl.Mode.BINARY, npstl.Mode.ASCII):
        path = tmp_path / f"torus-{mode}.stl"
        theirs.save(str(path), mode=mode)
        ours = read_stl(path, weld=True)
        assert ours.n_faces == len(ref.faces)
        assert ours.volume == pytest.approx(ref.volume, rel=1e-5)


# ---- bad files ------------------------------------------------------------------------

GOOD_BINARY = _bytes(box(size=(10, 10, 10)))
GOOD_ASCII = _bytes(box(size=(10, 10, 10)), binary=False)


def test_truncated_binary_names_the_byte_offset():
    with pytest.raises(STLError, match=r"cut short.*12 triangles.*triangle 11 at byte offset 634"):
        read_stl(GOOD_BINARY[:-10])
    with pytest.raises(STLError, match="84 bytes"):
        read_stl(GOOD_BINARY[:50])


def test_lying_triangle_count():
    too_many = GOOD_BINARY[:80] + (13).to_bytes(4, "little") + GOOD_BINARY[84:]
    with pytest.raises(STLError, match=r"says 13 triangles"):
        read_stl(too_many)
    too_few = GOOD_BINARY[:80] + (11).to_bytes(4, "little") + GOOD_BINARY[84:]
    with pytest.raises(STLError, match=r"50 bytes too many.*says 11 triangles.*room for 12"):
        read_stl(too_few)


def test_nan_in_binary_names_the_triangle():
    data = bytearray(GOOD_BINARY)
    offset = 84 + 5 * 50 + 12 + 4  # triangle 5, first corner, y
    data[offset:offset + 4] = np.float32(np.nan).tobytes()
    with pytest.raises(STLError, match=r"triangle 5 at byte offset 346.*finite"):
        read_stl(bytes(data))


def test_ascii_errors_name_the_line():
    lines = GOOD_ASCII.decode().splitlines()
    bad_number = lines.copy()
    bad_number[3] = "  vertex 1,5 0 0"
    with pytest.raises(STLError, match=r"line 4: '1,5' is not a finite number"):
        read_stl("\n".join(bad_number).encode())
    nan = lines.copy()
    nan[10] = "  vertex nan 0 0"
    with pytest.raises(STLError, match=r"line 11: 'nan' is not a finite number"):
        read_stl("\n".join(nan).encode())
    missing = lines.copy()
    del missing[9]  # the 'endfacet' of facet 0... line 10 is 'outer loop' of facet 1
    with pytest.raises(STLError, match=r"line \d+: expected"):
        read_stl("\n".join(missing).encode())
    typo = lines.copy()
    typo[20] = " endlop"
    with pytest.raises(STLError, match=r"line 21: expected 'endloop' in facet 2, found 'endlop'"):
        read_stl("\n".join(typo).encode())
    shifted = lines.copy()
    shifted[16] = " outerloop"  # one token instead of two: the error is where it starts
    with pytest.raises(STLError, match=r"line 17: expected 'outer' in facet 2, found 'outerloop'"):
        read_stl("\n".join(shifted).encode())
    cut = "\n".join(lines[:-5]).encode()
    with pytest.raises(STLError, match=r"line 79: facet 11 is incomplete"):
        read_stl(cut)
    with pytest.raises(STLError, match="84 bytes"):
        read_stl(b"hello")  # not ASCII (no 'solid'), and too short for binary


def test_wrong_types():
    with pytest.raises(TypeError, match="file path, bytes"):
        read_stl(12345)
    with pytest.raises(TypeError, match="takes a Mesh"):
        write_stl("cube", io.BytesIO())


# ---- fuzzing --------------------------------------------------------------------------

def _read_or_explain(data):
    try:
        mesh = read_stl(data)
    except STLError as exc:
        assert str(exc)  # a message a person can read
        return None
    assert isinstance(mesh, Mesh)
    assert np.all(np.isfinite(mesh.vertices))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # an open or flipped file warns; its numbers must be finite
        assert np.isfinite(mesh.area) and np.isfinite(mesh.volume)
    return mesh


@settings(max_examples=300, deadline=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(data):
    _read_or_explain(data)


@settings(max_examples=300, deadline=500)
@given(st.data())
def test_fuzz_mutated_binary(data):
    raw = bytearray(GOOD_BINARY)
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(0, len(raw)))
    _read_or_explain(bytes(raw[:cut]) if data.draw(st.booleans()) else bytes(raw))


@settings(max_examples=300, deadline=500)
@given(st.data())
def test_fuzz_mutated_ascii(data):
    raw = bytearray(GOOD_ASCII)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.sampled_from(list(b"0123456789.-+eE \n\tnafiNIxyz,") + [0, 255]))
    if data.draw(st.booleans()):
        raw = raw[:data.draw(st.integers(0, len(raw)))]
    _read_or_explain(bytes(raw))


# ---- found on real files and by a careless user -----------------------------------------

def test_stl_text_given_as_a_string():
    text = _bytes(box(size=(2, 3, 4)), binary=False).decode()
    mesh = read_stl(text, weld=True)
    assert mesh.n_faces == 12 and mesh.volume == pytest.approx(24.0)
    assert read_stl("\n  " + text).n_faces == 12              # leading blank lines are fine
    with pytest.raises(FileNotFoundError, match="no STL file at missing.stl"):
        read_stl("missing.stl")
    with pytest.raises(FileNotFoundError, match="neither a file name nor ASCII STL text"):
        read_stl("facet normal 0 0 1\n outer loop\n")


def test_coordinates_too_large_to_measure_are_refused():
    text = _bytes(box(size=(1, 1, 1)), binary=False).replace(b"vertex 0.5 -0.5 1", b"vertex 1e308 -0.5 1", 1)
    assert b"1e308" in text
    with pytest.raises(STLError, match=r"ASCII STL line \d+: a corner of facet \d+ is 1e\+308 mm"):
        read_stl(text)
    records = np.frombuffer(_bytes(box(size=(1, 1, 1)))[84:], dtype=STL_DTYPE).copy()
    records["vertices"][3, 1, 0] = 3e38                     # near the largest float32
    data = _bytes(box(size=(1, 1, 1)))[:84] + records.tobytes()
    with pytest.raises(STLError, match=r"byte offset 258: a corner of facet 3 is 3e\+38 mm"):
        read_stl(data)
    # what a mesh made by hand with such corners says
    huge = Mesh([[0, 0, 0], [1e200, 0, 0], [0, 1e200, 0], [0, 0, 1e200]], [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]])
    with pytest.raises(ValueError, match="volume of the mesh is not a finite number: face"):
        _ = huge.volume


def test_weld_on_read_uses_the_one_tolerance():
    from stemkit.design3d.mesh import DEFAULT_WELD_TOLERANCE

    soup = box(size=(10, 10, 10)).triangles.copy()
    soup[0, 0] += 0.4 * DEFAULT_WELD_TOLERANCE               # one corner a little off, as in real files
    mesh = Mesh(soup.reshape(-1, 3), np.arange(36).reshape(12, 3))
    data = _bytes(mesh, binary=False)
    welded = read_stl(data, weld=True)
    assert welded.n_vertices == 8 and welded.is_watertight and welded.check().winding_consistent
