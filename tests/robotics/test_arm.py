"""Tests of stemkit.robotics.arm: closed forms, invariants, Modern Robotics side by side, bad input."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from stemkit.robotics import arm as A

L = (0.08, 0.06)


# -- forward kinematics -------------------------------------------------------
def test_fk_closed_form_poses():
    # straight along +x, straight up, folded back, right angle at the elbow
    assert np.allclose(A.forward_kinematics((0, 0), link_lengths=L), (0.14, 0.0))
    assert np.allclose(A.forward_kinematics((90, 0), link_lengths=L, unit="deg"), (0.0, 0.14))
    assert np.allclose(A.forward_kinematics((0, 180), link_lengths=L, unit="deg"), (0.02, 0.0))
    assert np.allclose(A.forward_kinematics((0, math.pi / 2), link_lengths=L), (0.08, 0.06))


def test_fk_link_lengths_are_kept():
    rng = np.random.default_rng(1)
    q = rng.uniform(-math.pi, math.pi, size=(200, 2))
    p = A.joint_positions(q, link_lengths=L)
    assert p.shape == (200, 3, 2)
    assert np.allclose(p[:, 0], 0.0)
    assert np.allclose(np.linalg.norm(p[:, 1] - p[:, 0], axis=1), L[0])
    assert np.allclose(np.linalg.norm(p[:, 2] - p[:, 1], axis=1), L[1])
    r = np.linalg.norm(p[:, 2], axis=1)
    # distance to the tip from the law of cosines
    assert np.allclose(r**2, L[0] ** 2 + L[1] ** 2 + 2 * L[0] * L[1] * np.cos(q[:, 1]))


def test_fk_degrees_and_radians_agree():
    q_deg = np.array([[12.0, -40.0], [170.0, 95.0]])
    assert np.allclose(A.forward_kinematics(q_deg, link_lengths=L, unit="deg"),
                       A.forward_kinematics(np.radians(q_deg), link_lengths=L))


# -- inverse kinematics --------------------------------------------------------
def test_fk_of_ik_is_target_for_both_branches():
    rng = np.random.default_rng(7)
    r_min, r_max = A.reach_limits(link_lengths=L)
    n = 0
    for _ in range(500):
        r = rng.uniform(r_min, r_max)
        phi = rng.uniform(-math.pi, math.pi)
        target = np.array([r * math.cos(phi), r * math.sin(phi)])
        sols = A.ik_solutions(target, link_lengths=L)
        assert sols.shape == (2, 2)
        assert sols[0, 1] >= 0 and sols[1, 1] <= 0  # elbow down, elbow up
        for q in sols:
            assert np.allclose(A.forward_kinematics(q, link_lengths=L), target, atol=1e-12)
        n += 1
    assert n == 500


@pytest.mark.parametrize("links", [(0.05, 0.12), (0.1, 0.1), (0.3, 0.02), (1.0, 0.6)])
def test_fk_of_ik_for_other_arms(links):
    rng = np.random.default_rng(17)
    r_min, r_max = A.reach_limits(link_lengths=links)
    radii = np.concatenate([rng.uniform(r_min, r_max, 200), [r_min, r_max]])
    for r in radii:
        phi = rng.uniform(-math.pi, math.pi)
        target = (r * math.cos(phi), r * math.sin(phi))
        for q in A.ik_solutions(target, link_lengths=links):
            assert np.allclose(A.forward_kinematics(q, link_lengths=links), target, rtol=0, atol=1e-12)
    assert A.ik_solutions((r_max * 1.001, 0.0), link_lengths=links).shape == (0, 2)


def test_ik_of_fk_recovers_the_pose_on_its_branch():
    rng = np.random.default_rng(3)
    q = np.column_stack([rng.uniform(-3.0, 3.0, 200), rng.uniform(0.05, 3.0, 200)])
    for qi in q:
        p = A.forward_kinematics(qi, link_lengths=L)
        down = A.inverse_kinematics(p, link_lengths=L, elbow="down")
        up = A.inverse_kinematics(p, link_lengths=L, elbow="up")
        assert np.allclose(down, qi, atol=1e-9)
        # the other branch is the mirror image across the line shoulder-target
        assert math.isclose(up[1], -qi[1], abs_tol=1e-9)


def test_ik_in_degrees():
    q = A.inverse_kinematics((0.08, 0.06), link_lengths=L, elbow="down", unit="deg")
    assert np.allclose(q, (0.0, 90.0), atol=1e-9)


def test_boundary_targets_have_one_pose():
    sols = A.ik_solutions((0.14, 0.0), link_lengths=L)
    assert sols.shape == (2, 2)
    assert np.allclose(sols, 0.0, atol=1e-7)
    inner = A.ik_solutions((0.0, -0.02), link_lengths=L, unit="deg")
    assert np.allclose(np.abs(inner[:, 1]), 180.0)
    for q in inner:
        assert np.allclose(A.forward_kinematics(q, link_lengths=L, unit="deg"), (0.0, -0.02), atol=1e-12)


def test_shoulder_target_with_equal_links():
    sols = A.ik_solutions((0.0, 0.0), link_lengths=(0.05, 0.05))
    assert np.allclose(A.forward_kinematics(sols[0], link_lengths=(0.05, 0.05)), 0.0, atol=1e-12)


@pytest.mark.parametrize("target", [(0.2, 0.0), (0.0, 0.01), (0.0, 0.0), (-0.1, 0.1)])
def test_unreachable_targets_are_reported(target):
    assert not A.is_reachable(target, link_lengths=L)
    assert A.ik_solutions(target, link_lengths=L).shape == (0, 2)
    with pytest.raises(A.UnreachableError, match="cannot reach"):
        A.inverse_kinematics(target, link_lengths=L)
    with pytest.raises(ValueError, match="140 mm"):
        A.Arm(L).inverse(target)


def test_reach_limits_closed_form():
    assert np.allclose(A.reach_limits(link_lengths=(0.05, 0.12)), (0.07, 0.17))
    assert A.is_reachable((0.17, 0.0), link_lengths=(0.05, 0.12))
    assert not A.is_reachable((0.1701, 0.0), link_lengths=(0.05, 0.12))
    assert not A.is_reachable((0.0699, 0.0), link_lengths=(0.05, 0.12))


# -- Jacobian -------------------------------------------------------------------
def test_jacobian_matches_finite_differences_and_determinant():
    rng = np.random.default_rng(11)
    h = 1e-7
    for q in rng.uniform(-3, 3, size=(50, 2)):
        J = A.jacobian(q, link_lengths=L)
        num = np.empty((2, 2))
        for j in range(2):
            dq = np.zeros(2)
            dq[j] = h
            num[:, j] = (A.forward_kinematics(q + dq, link_lengths=L)
                         - A.forward_kinematics(q - dq, link_lengths=L)) / (2 * h)
        assert np.allclose(J, num, atol=1e-8)
        assert math.isclose(np.linalg.det(J), L[0] * L[1] * math.sin(q[1]), abs_tol=1e-12)


def test_jacobian_singular_when_straight():
    assert abs(np.linalg.det(A.jacobian((0.7, 0.0), link_lengths=L))) < 1e-15


# -- servos ---------------------------------------------------------------------
def test_servo_mapping_round_trip_and_defaults():
    # default mounting: shoulder 0° along +x; elbow 90° = straight
    assert np.allclose(A.joint_to_servo((0, 0)), (0, 90))
    assert np.allclose(A.joint_to_servo((math.pi / 2, -math.pi / 2)), (90, 0))
    rng = np.random.default_rng(5)
    s = rng.uniform(0, 180, size=(100, 2))
    for offsets, directions in [((0, 90), (1, 1)), ((180, 90), (-1, 1)), ((10, 30), (1, -1))]:
        q = A.servo_to_joint(s, offsets_deg=offsets, directions=directions)
        back = A.joint_to_servo(q, offsets_deg=offsets, directions=directions)
        assert np.allclose(back, s)


def test_reversed_servo_moves_the_other_way():
    q = A.servo_to_joint((120, 90), offsets_deg=(180, 90), directions=(-1, 1), unit="deg")
    assert np.allclose(q, (60, 0))


def test_servo_range():
    assert A.servo_in_range((0, 180))
    assert not A.servo_in_range((-1, 90))
    assert A.servo_in_range([[10, 10], [10, 181]]).tolist() == [True, False]
    with pytest.raises(ValueError, match="0° to 180°"):
        A.servo_to_joint((190, 90))


def test_arm_inverse_respects_servo_limits():
    arm = A.Arm(L)
    # target below the shoulder: elbow-down needs q1 < 0, i.e. shoulder servo < 0°
    target = (0.1, -0.03)
    q_any = A.ik_solutions(target, link_lengths=L)
    servo = A.joint_to_servo(q_any)
    assert not A.servo_in_range(servo[0]) and A.servo_in_range(servo[1])
    q = arm.inverse(target)
    assert np.allclose(q, q_any[1])
    with pytest.raises(A.UnreachableError, match="0–180°"):
        arm.inverse(target, elbow="down")
    arm.move_to(target)
    assert np.allclose(arm.tip, target)
    assert A.servo_in_range(arm.servo_angles())


def test_workspace_with_limits_is_inside_the_ring():
    arm = A.Arm(L)
    r_min, r_max = arm.reach
    for limits in (True, False):
        pts = arm.workspace(samples=31, limits=limits)
        r = np.linalg.norm(pts, axis=1)
        assert np.all(r <= r_max + 1e-12) and np.all(r >= r_min - 1e-12)
    # shoulder 0-180°, elbow -90..90°: the tip never goes below -L2
    assert arm.workspace(samples=31)[:, 1].min() >= -L[1] - 1e-12
    free = arm.workspace(samples=31, limits=False)
    assert free[:, 1].min() < -0.13


def test_arm_pose_and_servos():
    arm = A.Arm(L, joint_angles=(30, 45), unit="deg")
    assert np.allclose(arm.joint_angles, np.radians([30, 45]))
    assert np.allclose(arm.servo_angles(), (30, 135))
    arm.set_servo_angles((90, 90))
    assert np.allclose(arm.tip, (0, 0.14))
    assert "Arm(" in repr(arm)


def test_arm_draws_itself_as_png():
    png = A.Arm(L, joint_angles=(1.0, -0.5))._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000


# -- bad input --------------------------------------------------------------------
@pytest.mark.parametrize("links", [(0.08, 0.0), (-0.08, 0.06), (float("nan"), 0.06), (0.08,), (0.1, 0.1, 0.1)])
def test_bad_link_lengths(links):
    with pytest.raises(ValueError, match="link"):
        A.forward_kinematics((0, 0), link_lengths=links)
    with pytest.raises(ValueError, match="link"):
        A.Arm(links)


def test_link_length_message_names_value_and_fix():
    with pytest.raises(ValueError) as err:
        A.Arm((0.08, -0.02))
    assert "L2" in str(err.value) and "-0.02" in str(err.value) and "> 0 m" in str(err.value)


@pytest.mark.parametrize("q", [(float("nan"), 0.0), (0.0, float("inf")), (1.0,), 3.0])
def test_bad_joint_angles(q):
    with pytest.raises(ValueError, match="joint"):
        A.forward_kinematics(q, link_lengths=L)


def test_bad_target_unit_and_elbow():
    with pytest.raises(ValueError, match="NaN"):
        A.ik_solutions((float("nan"), 0.1), link_lengths=L)
    with pytest.raises(ValueError, match="target"):
        A.ik_solutions((0.1, 0.1, 0.0), link_lengths=L)
    with pytest.raises(ValueError, match="'deg' or 'rad'"):
        A.forward_kinematics((0, 0), link_lengths=L, unit="degrees")
    with pytest.raises(ValueError, match="elbow"):
        A.inverse_kinematics((0.1, 0.0), link_lengths=L, elbow="left")
    with pytest.raises(ValueError, match="directions"):
        A.joint_to_servo((0, 0), directions=(1, 2))
    with pytest.raises(ValueError, match="samples"):
        A.workspace_points(link_lengths=L, samples=1)


# -- Modern Robotics side by side ---------------------------------------------------------
def _mr_model(l1: float, l2: float):
    # Space-frame screw axes of two revolute joints about z at (0,0,0) and (L1,0,0): v = -ω × q
    slist = np.array([[0, 0, 1, 0, 0, 0], [0, 0, 1, 0, -l1, 0]], dtype=float).T
    home = np.eye(4)
    home[0, 3] = l1 + l2
    return home, slist


def test_fk_and_ik_against_modern_robotics():
    mr = pytest.importorskip("modern_robotics", reason="modern-robotics (a dev extra) is not installed")
    rng = np.random.default_rng(2024)
    for _ in range(40):
        l1, l2 = rng.uniform(0.02, 0.3, size=2)
        home, slist = _mr_model(l1, l2)
        for q in rng.uniform(-math.pi, math.pi, size=(5, 2)):
            T = mr.FKinSpace(home, slist, q)
            assert np.allclose(A.forward_kinematics(q, link_lengths=(l1, l2)), T[:2, 3], rtol=0, atol=1e-9)
            # the tip frame's x axis points along link 2
            assert math.isclose(math.atan2(T[1, 0], T[0, 0]), A.wrap_angle(q[0] + q[1]), abs_tol=1e-9)
            # both IK branches land on the same point in Modern Robotics' model too
            for q_ik in A.ik_solutions(T[:2, 3], link_lengths=(l1, l2)):
                T_ik = mr.FKinSpace(home, slist, q_ik)
                assert np.allclose(T_ik[:2, 3], T[:2, 3], rtol=0, atol=1e-9)


def test_jacobian_against_modern_robotics():
    mr = pytest.importorskip("modern_robotics", reason="modern-robotics (a dev extra) is not installed")
    rng = np.random.default_rng(99)
    home, slist = _mr_model(*L)
    for q in rng.uniform(-math.pi, math.pi, size=(100, 2)):
        Js = mr.JacobianSpace(slist, q)  # rows: ωx ωy ωz vx vy vz (space twist)
        p = A.forward_kinematics(q, link_lengths=L)
        # tip velocity = v_s + ω_s × p
        tip = Js[3:5, :] + np.array([[-p[1]], [p[0]]]) * Js[2, :]
        assert np.allclose(A.jacobian(q, link_lengths=L), tip, rtol=0, atol=1e-9)


def test_core_module_does_not_import_plotting():
    code = ("import sys, stemkit.robotics.arm; "
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# -- messages a student reads (issue: bare TypeErrors, mixed units, which servo) ---------------------
def test_link_lengths_given_without_their_name_get_a_sentence():
    for func, first in ((A.inverse_kinematics, (0.2, 0)), (A.forward_kinematics, (0, 0)), (A.ik_solutions, (0.1, 0)),
                        (A.is_reachable, (0.1, 0)), (A.jacobian, (0, 0)), (A.joint_positions, (0, 0))):
        with pytest.raises(TypeError, match=rf"{func.__name__}\(\) takes link_lengths by name: write "
                                            rf"{func.__name__}\(.*, link_lengths=\(0\.08, 0\.06\)\)"):
            func(first, L)
    assert A.inverse_kinematics.__wrapped__ is not None   # the signature and docstring stay visible


@pytest.mark.parametrize("bad", ["far", None, ("a", "b"), (1, 2, 3), (math.nan, 0), (0, math.inf), (1e300, 0)])
def test_targets_that_are_not_points_are_named(bad):
    with pytest.raises((TypeError, ValueError), match="target"):
        A.inverse_kinematics(bad, link_lengths=L)


def test_link_lengths_that_are_not_two_lengths_are_named():
    for bad in ("far", (0.08,), (0.08, -1), (0.08, math.nan)):
        with pytest.raises((TypeError, ValueError), match="link"):
            A.forward_kinematics((0, 0), link_lengths=bad)


def test_the_unreachable_message_uses_one_unit():
    with pytest.raises(A.UnreachableError) as info:
        A.inverse_kinematics((-0.962, -2.93), link_lengths=L)
    assert "(-0.962 m, -2.93 m)" in str(info.value) and "from 0.02 m to 0.14 m" in str(info.value)
    with pytest.raises(A.UnreachableError) as info:
        A.inverse_kinematics((0.2, 0.0), link_lengths=L)
    assert "(200 mm, 0 mm)" in str(info.value) and "from 20 mm to 140 mm" in str(info.value)


def test_a_reachable_point_beyond_the_servos_names_the_servo_and_its_angle():
    arm = A.Arm(L)
    target = (0.0, -0.1)                  # straight below the shoulder: reachable, but not with 0-180° servos
    assert A.is_reachable(target, link_lengths=L)
    with pytest.raises(A.ServoRangeError) as info:
        arm.inverse(target)
    servo = A.joint_to_servo(A.ik_solutions(target, link_lengths=L))
    text = str(info.value)
    assert isinstance(info.value, A.UnreachableError)          # old except clauses still catch it
    assert "the arm can reach (0 mm, -100 mm), but not within the servos' 0–180°" in text
    assert f"elbow down: the shoulder servo (servo 1) would need {servo[0, 0]:.0f}°" in text
    assert f"elbow up: the shoulder servo (servo 1) would need {servo[1, 0]:.3g}°" in text
    with pytest.raises(A.ServoRangeError, match="elbow down: .*; try the other elbow"):
        arm.inverse((0.1, -0.03), elbow="down")
