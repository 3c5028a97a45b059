"""10,000 steps of drive + line sensor + PID: stemkit.robotics.simulator vs a straightforward loop.

stemkit runs a PID line follower on the example oval for 100 s at dt = 10 ms
(10,000 steps), with the default kit car (TT motors that lag, readings one loop old).
The reference is the obvious way to write the same simulation with the package's own
vectorised pieces (numpy line-sensor read against the polyline, ``DCMotor.step`` for
each wheel and ``drive.step_arc`` each step); both start from the same pose and should
give the same path. Prints one JSON line; the target is stemkit_s <= 0.2 s.

On a shared machine wall time depends on load, so the line also gives CPU time and a
calibration: the time of a fixed pure-Python loop on this machine right now.
"""

from __future__ import annotations

import json
import math
import time
import timeit

import numpy as np

from stemkit.robotics import drive
from stemkit.robotics.pid import PID
from stemkit.robotics.sensors import LineSensorArray, example_track
from stemkit.robotics.simulator import KIT_MOTOR, LineFollower, simulate

DURATION, DT, REPEATS = 100.0, 0.01, 5


def run_stemkit(track, sensor):
    follower = LineFollower(PID(kp=60.0, kd=3.0, dt=DT, output_limits=(-8, 8)), base_speed=0.25)
    return simulate(controller=follower, duration=DURATION, dt=DT, track=track, line_sensor=sensor).poses


def run_reference(track, sensor):
    follower = LineFollower(PID(kp=60.0, kd=3.0, dt=DT, output_limits=(-8, 8)), base_speed=0.25)
    pose = drive.Pose(0.0, 0.0, 0.0)
    out = [tuple(pose)]
    robot = drive.DiffDrive()
    motor = KIT_MOTOR
    wheels = np.zeros(2)
    previous = None
    for k in range(int(round(DURATION / DT))):
        readings = sensor.read(pose, track)
        lp = sensor.line_position(readings)
        now = {"line": readings, "line_position": lp, "range": math.nan}
        command = follower(k * DT, previous or now)    # the readings of the loop before
        previous = now
        new = np.array([motor.step(w, c / motor.gain, DT) for w, c in zip(wheels, command, strict=True)])
        left, right = (wheels + new) / 2               # the wheels speed up during the step
        wheels = new
        v, w = robot.body_velocity(left_speed=left, right_speed=right)
        pose = drive.step_arc(pose, linear_velocity=v, angular_velocity=w, dt=DT)
        out.append(tuple(pose))
    return np.array(out)


def best_of(fn, repeats):
    best_wall, best_cpu, result = math.inf, math.inf, None
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu, result


def main() -> int:
    track, sensor = example_track(), LineSensorArray()
    track.distance_field()  # built once per track (cached), like loading a map
    s_wall, s_cpu, poses = best_of(lambda: run_stemkit(track, sensor), REPEATS)
    r_wall, r_cpu, ref = best_of(lambda: run_reference(track, sensor), 1)
    gap = float(np.abs(poses[:, :2] - ref[:, :2]).max())
    calibration = min(timeit.repeat("sum(range(100))", number=100_000, repeat=5))
    print(json.dumps({
        "name": "robotics simulator: 10,000 steps drive + line sensor + PID",
        "stemkit_s": round(s_wall, 4), "reference_s": round(r_wall, 4), "ratio": round(s_wall / r_wall, 4),
        "target": "stemkit_s <= 0.2", "stemkit_cpu_s": round(s_cpu, 4), "reference_cpu_s": round(r_cpu, 4),
        "max_path_difference_m": round(gap, 5), "steps": int(round(DURATION / DT)),
        "calibration_sum_range_100x1e5_s": round(calibration, 4),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
