"""The line reader: header, rows, notes, garbage, and the look of a wrong baud rate."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stemkit.hardware.lines import LineReader, text_fraction
from stemkit.hardware.simulated import uart_misread


def test_rows_arrive_whole_whatever_the_chunks():
    stream = b"t_ms,a0\r\n0,511\r\n1000,512\r\n# hello\r\n2000,513\r\n"
    for size in (1, 3, 7, len(stream)):
        reader = LineReader()
        events = []
        for i in range(0, len(stream), size):
            events += reader.feed(stream[i:i + size], time=i)
        assert [e.kind for e in events] == ["header", "row", "row", "note", "row"]
        assert [e.values for e in events if e.kind == "row"] == [(0, 511), (1000, 512), (2000, 513)]
        assert reader.columns == ("t_ms", "a0")


def test_a_header_again_means_the_board_restarted():
    reader = LineReader()
    kinds = [e.kind for e in reader.feed(b"t_ms,a0\n0,1\nt_ms,a0\n0,2\n", time=0)]
    assert kinds == ["header", "row", "restart", "row"]


@pytest.mark.parametrize("line", [b"12,34,56", b"12", b"12,3x", b"\xff\xfe,1", b"a0,", b"1,,2"])
def test_lines_that_do_not_fit_are_garbled(line):
    reader = LineReader(columns=["t_ms", "a0"])
    (event,) = reader.feed(line + b"\r\n", time=0)
    assert event.kind == "garbled"
    assert reader.garbled_lines == 1


def test_without_a_header_two_agreeing_lines_name_the_columns():
    reader = LineReader()
    events = reader.feed(b"3\n1013,511\n1014,512\n", time=0)   # a cut-off line first
    assert [e.kind for e in events] == ["garbled", "header", "row", "row"]
    assert reader.columns == ("c1", "c2")


@settings(max_examples=30, deadline=None, derandomize=True)   # the same inputs every run: a garbled line can, rarely, read as text
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 1023)), min_size=4, max_size=20),
       st.sampled_from([9600, 57600, 230400]))
def test_wrong_speeds_look_like_garbage_and_the_right_one_like_text(rows, wrong):
    clean = b"t_ms,a0\r\n" + b"".join(f"{t},{a}\r\n".encode() for t, a in rows)
    assert uart_misread(clean, sent_baudrate=115200, read_baudrate=115200) == clean
    right = LineReader()
    right.feed(clean, time=0)
    assert not right.wrong_baud_suspected() and right.good_lines == len(rows) + 1
    garbage = uart_misread(clean, sent_baudrate=wrong, read_baudrate=115200)
    reader = LineReader()
    reader.feed(garbage, time=0)
    # a garbled byte run can, now and then, happen to read as a short line of text: never most lines
    assert reader.good_lines <= (len(rows) + 1) // 4
    if len(garbage) >= 32:
        assert reader.wrong_baud_suspected()


def test_text_fraction():
    assert text_fraction(b"") == 1.0
    assert text_fraction(bytes(range(256))) == pytest.approx(98 / 256)
    assert np.isclose(text_fraction(b"ab\x00\x00"), 0.5)
