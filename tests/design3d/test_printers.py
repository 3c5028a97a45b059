"""Printer profiles: sane limits, start and end code that run through the reader, Bambu refused."""

from __future__ import annotations

import pytest

from stemkit.design3d.gcode import parse_gcode
from stemkit.design3d.printers import PROFILES, Printer, printer, profile_names


@pytest.mark.parametrize("name", profile_names())
def test_profile_limits_are_physical(name):
    p = printer(name)
    assert isinstance(p, Printer)
    assert all(100 <= size <= 400 for size in (*p.bed_size, p.max_height))
    assert all(v > 0 for v in p.max_speed) and all(a > 0 for a in p.max_acceleration)
    assert 0 < p.print_acceleration <= 20000 and 0 < p.retract_acceleration and 0 < p.travel_acceleration
    assert p.planner in ("jerk", "junction_deviation") and 0 < p.junction_deviation < 0.2
    assert 0 <= p.retract_length <= 8 and p.retract_speed > 0 and 0 <= p.z_hop <= 1
    assert p.max_speed[2] < p.max_speed[0]                  # z is the slow axis on every one of them


@pytest.mark.parametrize("name", profile_names())
def test_limit_commands_read_back_as_the_profile(name):
    p = printer(name)
    tp = parse_gcode("\n".join(p.limits_gcode()))
    got = {cmd: values for _i, cmd, values in tp.machine}
    assert [got["M201"][a] for a in "XYZE"] == list(p.max_acceleration)
    assert [got["M203"][a] for a in "XYZE"] == list(p.max_speed)
    if p.planner == "jerk":
        assert [got["M205"][a] for a in "XYZE"] == list(p.jerk)
    else:
        assert got["M205"]["J"] == p.junction_deviation


@pytest.mark.parametrize("name", profile_names())
def test_start_and_end_code_run_through_the_reader(name):
    p = printer(name)
    fields = dict(nozzle_temperature=215, bed_temperature=60, first_layer_z=0.2, lift=10, park_y=180)
    start = parse_gcode(p.start_gcode.format(**fields))
    end = parse_gcode(p.end_gcode.format(**fields))
    assert start.temperatures == {"bed": 60.0, "nozzle": 215.0}
    assert any(cmd == "stop" for _i, cmd, _p in start.machine)            # it homes and waits for heat
    assert start.extruded_filament > 5                                     # a purge line
    assert end.temperatures.get("nozzle", 0) == 0 and "M84" in {c.split()[0] for _l, c in end.other_commands}


def test_names_and_aliases():
    assert printer("Ender-3") is PROFILES["ender3"] and printer("MK4") is PROFILES["prusa_mk4"]
    assert printer(PROFILES["prusa_mk3s"]) is PROFILES["prusa_mk3s"]
    with pytest.raises(ValueError, match="Bambu Lab printers need their own slicer"):
        printer("Bambu Lab X1 Carbon")
    with pytest.raises(ValueError, match="unknown printer 'anet a8'"):
        printer("anet a8")
    with pytest.raises(TypeError, match="profile name"):
        printer(3)
    faster = printer("ender3").with_limits(print_acceleration=1000)
    assert faster.print_acceleration == 1000 and printer("ender3").print_acceleration == 500
