"""A small class on a real JupyterHub: 3 students move an explorer's slider for 10 s.

The hub runs on loopback in a temporary folder (benchmarks/bench_hub_browsers.py: the
jupyterhub package, configurable-http-proxy from npm, the dummy authenticator and the
simple local spawner). The test checks what must hold for any class size: every student
got a server and a kernel with the explorer in it, every move sent was answered with new
figure data, the last move reached each explorer, and nothing went wrong on the way.
How fast is measured by ``make bench-class``, not here.

Skipped with the reason when configurable-http-proxy or jupyterhub is missing, except in
CI (``CI=true``), where ``.ci/run`` installs them and a missing one is a failure.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
STUDENTS, SECONDS = 3, 10.0


def _bench():
    spec = importlib.util.spec_from_file_location("bench_hub_browsers", REPO / "benchmarks" / "bench_hub_browsers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _missing(what: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} in CI: .ci/run installs it, so the class smoke test must run")
    pytest.skip(what)


def test_three_students_move_sliders_on_a_real_jupyterhub():
    if importlib.util.find_spec("jupyterhub") is None:
        _missing("the jupyterhub package is not installed (pip install -e '.[dev]')")
    bench = _bench()
    proxy = bench.find_proxy()
    if proxy is None:
        _missing("configurable-http-proxy is not installed "
                 "(npm install --prefix .venv/node configurable-http-proxy, as .ci/run does)")
    (result,) = bench.run_class([STUDENTS], SECONDS, proxy=proxy)

    assert result["errors"] == [], "\n".join(result["errors"])
    assert result["servers_ready"] == STUDENTS, "not every student's server started"
    assert result["kernels_with_explorer"] == STUDENTS, "not every student got a kernel with the explorer"
    # 2 moves a second each: most are sent, every sent one is answered with the figure's new numbers
    assert result["moves_sent"] >= STUDENTS * SECONDS * bench.MOVE_HZ // 2
    assert result["moves_answered"] == result["moves_sent"]
    assert result["moves_with_figure_update"] == result["moves_sent"]
    assert result["moves_reached_the_explorers"], "a student's last slider value did not reach the explorer"
    assert result["moves_made"] >= result["moves_sent"]
