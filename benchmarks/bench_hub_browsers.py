"""A class on one server: N students' browsers moving explorer sliders on a real JupyterHub.

Starts JupyterHub on loopback (the ``jupyterhub`` package, ``configurable-http-proxy`` from
npm, the dummy authenticator and the simple local process spawner: one home folder per
student, all under a temporary folder). Each simulated student logs in through the hub's
API, gets a single-user server and a kernel, builds an explorer in it and moves one slider
at 2 Hz for ``--seconds``, throttled as the browser does: at most one move in flight, and
a move made while another is in flight waits, replacing any older waiting one (that older
one is never drawn).

A move counts as done when the kernel has sent the figure's new numbers and gone idle;
the browser's own drawing (measured by ``bench_explorers_browser.py``) comes on top.
Printed per class size: felt latency p50/p95 [s], the share of moves drawn, CPU [% of
one core] and resident memory [MiB] per student (kernel and server, RSS), and the
proportional memory (PSS) of each student's kernel and server and of the proxy.

    python benchmarks/bench_hub_browsers.py --students 1 10 20 30 45 --seconds 60

With no arguments it is the smoke run: 3 students for 10 s.

Needs ``jupyterhub`` (Python) and ``configurable-http-proxy`` (npm): on PATH, in
``.venv/node`` (where ``.ci/run`` puts it: ``npm install --prefix .venv/node
configurable-http-proxy``), or given with ``--proxy``. :func:`run_class` is what
``tests/browser/test_hub_smoke.py`` calls. Every address is 127.0.0.1; every loop is
bounded in time; the hub is always stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

MOVE_HZ = 2.0
P95_TARGET_S = 0.250
REPO = Path(__file__).resolve().parents[1]
#: where .ci/run installs the proxy when it is not on PATH (inside the project's own venv)
LOCAL_PROXY = REPO / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


def find_proxy() -> str | None:
    """configurable-http-proxy on PATH, else the project's own copy in .venv/node; None if neither."""
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    return str(LOCAL_PROXY) if LOCAL_PROXY.is_file() and os.access(LOCAL_PROXY, os.X_OK) else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(tmp: Path, port: int, hub_port: int, token: str, proxy: str, api_port: int) -> Path:
    home = tmp / "home"
    home.mkdir()
    text = f"""
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
# the proxy's API on a free port too (its default, 8001, would meet a second hub or one left running)
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.db_url = "sqlite:///{tmp / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{tmp / 'cookie_secret'}"
c.JupyterHub.pid_file = "{tmp / 'hub.pid'}"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{home}/{{username}}"
c.Spawner.cmd = [{sys.executable!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.environment = {{"STEMKIT_PROGRESS": os.devnull, "PYTHONPATH": {str(REPO)!r},
                          "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.JupyterHub.concurrent_spawn_limit = 100
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.services = [{{"name": "bench", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": "bench", "services": ["bench"],
                            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"]}}]
"""
    path = tmp / "jupyterhub_config.py"
    path.write_text("import os\n" + text, encoding="utf-8")
    return path


async def _api(client, method: str, url: str, token: str, body=None):
    from tornado.httpclient import HTTPRequest

    req = HTTPRequest(url, method=method, headers={"Authorization": f"token {token}"},
                      body=None if body is None else json.dumps(body),
                      allow_nonstandard_methods=True, request_timeout=180)
    resp = await client.fetch(req, raise_error=False)
    if resp.code >= 400:
        raise RuntimeError(f"{method} {url}: {resp.code} {resp.body[:300]!r}")
    return json.loads(resp.body) if resp.body else None


def _msg(msg_type: str, content: dict, channel: str, session: str) -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "student",
                       "session": session, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}


class Student:
    """One student's browser: a kernel websocket, an explorer and a throttled slider."""

    def __init__(self, name: str, base: str, token: str, explorer: str, control: str, values: list):
        self.name, self.base, self.token = name, base, token
        self.explorer, self.control, self.values = explorer, control, values
        self.latencies: list[float] = []
        self.made = self.drawn = self.sent = 0
        self.session = uuid.uuid4().hex
        self.kernel_id: str | None = None
        self.comm_id: str | None = None
        self.figure_updates = 0     # moves the kernel answered with new figure data (another widget's update)
        self.errors: list[str] = []  # error outputs, tracebacks and what the explorer showed as an error
        self.lost: str | None = None  # why the kernel's websocket closed, when it did

    async def start(self, client) -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        kernel = await _api(client, "POST", f"{self.base}/user/{self.name}/api/kernels", self.token, {})
        self.kernel_id = kernel["id"]
        url = f"{self.base.replace('http', 'ws')}/user/{self.name}/api/kernels/{kernel['id']}/channels"
        self.ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"},
                                                      connect_timeout=180, request_timeout=180),
                                          max_message_size=64 * 2**20)
        # read every frame as it comes, as a browser does: tornado stops answering the server's pings
        # while an unread message waits, so a tab waiting for the others to arrive would be cut off
        self._inbox: asyncio.Queue = asyncio.Queue()
        self._pump_task = asyncio.ensure_future(self._pump())
        code = (f"from stemkit.ui import Explorer\nimport stemkit.electronics.explorers, stemkit.robotics.explorers,"
                f" stemkit.design3d.explorers\n"
                f"_cls = [c for m in (stemkit.electronics.explorers, stemkit.robotics.explorers,"
                f" stemkit.design3d.explorers) for c in vars(m).values() if getattr(c, '__name__', '') =="
                f" {self.explorer!r}][0]\n"
                f"ex = _cls()\nfrom IPython.display import display\ndisplay(ex)\n"
                f"print('COMM', ex.controls[{self.control!r}].model_id)")
        await self._send(_msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                                  "user_expressions": {}, "allow_stdin": False},
                              "shell", self.session))
        deadline = time.monotonic() + 180
        while self.comm_id is None and time.monotonic() < deadline:
            msg = await self._recv()
            if msg.get("msg_type") == "stream" and "COMM" in msg["content"].get("text", ""):
                self.comm_id = msg["content"]["text"].split("COMM", 1)[1].split()[0]
            elif msg.get("msg_type") == "error":
                raise RuntimeError("\n".join(msg["content"]["traceback"])[-800:])
        if self.comm_id is None:
            raise TimeoutError(f"{self.name}: the explorer was not built in time")

    async def _send(self, msg: dict) -> str:
        await self.ws.write_message(json.dumps(msg))
        return msg["header"]["msg_id"]

    async def _pump(self) -> None:
        while True:
            raw = await self.ws.read_message()
            self._inbox.put_nowait(raw)
            if raw is None:
                return

    async def _recv(self) -> dict:
        raw = await self._inbox.get()
        if raw is None:
            self._inbox.put_nowait(None)   # every later read sees the closed socket too
        if raw is None:
            raise ConnectionError(f"{self.name}: the kernel's websocket closed")
        if isinstance(raw, bytes):
            # a message with binary buffers (a mark's new x, y): 4-byte count, offsets, the JSON, the buffers
            (count,) = struct.unpack("!I", raw[:4])
            offsets = struct.unpack(f"!{count}I", raw[4:4 + 4 * count])
            raw = raw[offsets[0]:offsets[1] if count > 1 else len(raw)].decode("utf-8")
        msg = json.loads(raw)
        out = {"msg_type": msg.get("msg_type") or msg["header"]["msg_type"], "content": msg.get("content", {}),
               "parent": msg.get("parent_header", {}).get("msg_id"), "channel": msg.get("channel")}
        if out["msg_type"] == "error":
            self.errors.append("\n".join(out["content"].get("traceback", []))[-800:]
                               or f"{out['content'].get('ename')}: {out['content'].get('evalue')}")
        return out

    async def move(self, value) -> None:
        content = {"comm_id": self.comm_id, "data": {"method": "update", "state": {"value": value},
                                                     "buffer_paths": []}}
        msg_id = await self._send(_msg("comm_msg", content, "shell", self.session))
        self.sent += 1
        updated = False
        while True:
            msg = await self._recv()
            if msg.get("parent") != msg_id:
                continue
            if msg.get("msg_type") == "comm_msg" and msg["content"].get("comm_id") != self.comm_id \
                    and msg["content"].get("data", {}).get("method") == "update":
                updated = True   # not the slider's own echo: another widget (a mark, a readout) changed
            elif msg.get("msg_type") == "status" and msg["content"].get("execution_state") == "idle":
                self.figure_updates += updated
                return

    async def run(self, seconds: float, offset: float) -> None:
        """Move the slider for ``seconds``; a lost connection ends this student's run, as a browser tab
        that says "connection lost" would: the moves it still makes are counted, never drawn."""
        try:
            await self._run(seconds, offset)
        except (ConnectionError, OSError, asyncio.TimeoutError) as exc:
            self.lost = f"{type(exc).__name__}: {exc}"
            self.errors.append(f"connection lost after {self.drawn} moves: {self.lost}")
            self.made += max(0, int(seconds * MOVE_HZ) - self.made)

    async def _run(self, seconds: float, offset: float) -> None:
        await asyncio.sleep(offset)   # students do not all press at the same instant
        pending: float | None = None
        in_flight: asyncio.Task | None = None
        sent_at = 0.0
        start = time.monotonic()
        next_move = start
        k = 0
        while time.monotonic() - start < seconds:
            now = time.monotonic()
            if now >= next_move:
                self.made += 1
                pending = now   # a newer move replaces an older waiting one
                next_move += 1 / MOVE_HZ
            if in_flight is not None and in_flight.done():
                in_flight.result()
                self.latencies.append(time.monotonic() - sent_at)
                self.drawn += 1
                in_flight = None
            if in_flight is None and pending is not None:
                sent_at, pending = pending, None
                k += 1
                in_flight = asyncio.ensure_future(self.move(self.values[k % len(self.values)]))
            await asyncio.sleep(0.005)
        if in_flight is not None:
            await asyncio.wait_for(in_flight, timeout=30)
            self.latencies.append(time.monotonic() - sent_at)
            self.drawn += 1
        self.last_value = self.values[k % len(self.values)]

    async def value_in_kernel(self):
        """The slider's value as the kernel's explorer has it (checks that the moves reached it).

        Whatever error the explorer shows in its widget is added to ``errors``.
        """
        msg_id = await self._send(_msg("execute_request", {
            "code": f"print('VALUE', ex.value({self.control!r}))\nprint('SHOWN', repr(ex.last_error))",
            "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False},
            "shell", self.session))
        value, text = None, ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            msg = await self._recv()
            if msg.get("parent") != msg_id:
                continue
            if msg.get("msg_type") == "stream":
                text += msg["content"].get("text", "")
            elif msg.get("msg_type") == "status" and msg["content"].get("execution_state") == "idle":
                break
        if "VALUE" in text:
            value = float(text.split("VALUE", 1)[1].split()[0])
        shown = text.split("SHOWN", 1)[1].strip() if "SHOWN" in text else "?"
        if shown != "None":
            self.errors.append(f"the explorer shows an error: {shown}")
        return value


def _usage(hub_pid: int) -> tuple[float, float]:
    """CPU seconds and resident MiB of every process the hub started (servers, kernels, proxy)."""
    import psutil

    cpu = mem = 0.0
    for p in psutil.Process(hub_pid).children(recursive=True):
        try:
            t = p.cpu_times()
            cpu += t.user + t.system
            mem += p.memory_info().rss / 2**20
        except psutil.Error:
            pass
    return cpu, mem


def _memory_split(hub_pid: int) -> dict:
    """Proportional (PSS) MiB of the kernels, the single-user servers and the rest (the proxy).

    PSS shares each shared library's pages among the processes using it, so the sum is what
    the machine really holds: the number to size a server by.
    """
    import psutil

    split = {"kernels": 0.0, "servers": 0.0, "other": 0.0}
    for p in psutil.Process(hub_pid).children(recursive=True):
        try:
            cmd = " ".join(p.cmdline())
            info = p.memory_full_info()
            mib = getattr(info, "pss", info.rss) / 2**20
        except psutil.Error:
            continue
        kind = "kernels" if "ipykernel" in cmd else "servers" if "jupyterhub.singleuser" in cmd else "other"
        split[kind] += mib
    return split


async def _class(base: str, token: str, hub_pid: int, n: int, seconds: float, explorer: str, control: str,
                 values: list) -> dict:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=200)
    client = AsyncHTTPClient()
    names = [f"student{n:02d}x{i:02d}" for i in range(n)]
    for name in names:
        await _api(client, "POST", f"{base}/hub/api/users/{name}", token)
    spawning = asyncio.Semaphore(4)   # students log in over a minute, not all in one second

    async def spawn(name):
        async with spawning:
            await _api(client, "POST", f"{base}/hub/api/users/{name}/server", token)

    await asyncio.gather(*(spawn(name) for name in names))
    ready = 0
    for name in names:   # wait until every server answers
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            user = await _api(client, "GET", f"{base}/hub/api/users/{name}", token)
            if user.get("servers", {}).get("", {}).get("ready"):
                ready += 1
                break
            await asyncio.sleep(0.5)
    students = [Student(name, base, token, explorer, control, values) for name in names]
    # a class does not start 30 kernels in the same second: four at a time, as students arrive
    arriving = asyncio.Semaphore(4)

    async def arrive(student):
        async with arriving:
            await student.start(client)

    await asyncio.gather(*(arrive(s) for s in students))
    cpu0, _mem = _usage(hub_pid)
    t0 = time.monotonic()
    await asyncio.gather(*(s.run(seconds, offset=i / max(n, 1) / MOVE_HZ) for i, s in enumerate(students)))
    wall = time.monotonic() - t0
    cpu1, mem = _usage(hub_pid)
    split = _memory_split(hub_pid)
    reached = [s.lost is None and await s.value_in_kernel() == s.last_value for s in students]
    latencies = sorted(x for s in students for x in s.latencies)
    made, drawn = sum(s.made for s in students), sum(s.drawn for s in students)
    for s in students:
        s.ws.close()
    for name in names:
        await _api(client, "DELETE", f"{base}/hub/api/users/{name}/server", token)
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * (len(latencies) - 1))))] if latencies else float("nan")
    return {"name": f"class of {n} on JupyterHub", "students": n, "explorer": explorer,
            "stemkit_s": round(statistics.median(latencies), 4) if latencies else None,
            "p95_s": round(p95, 4), "reference_s": P95_TARGET_S, "ratio": round(p95 / P95_TARGET_S, 3),
            "target": 1.0, "moves_made": made, "moves_drawn": drawn,
            "drawn_share": round(drawn / made, 3) if made else None,
            "cpu_percent_of_a_core_per_student": round(100 * (cpu1 - cpu0) / wall / n, 1),
            "mib_per_student": round(mem / n, 1), "cores": os.cpu_count(),
            "pss_mib_per_kernel": round(split["kernels"] / n, 1), "pss_mib_per_server": round(split["servers"] / n, 1),
            "pss_mib_proxy": round(split["other"], 1),
            "load_average_1min": round(os.getloadavg()[0], 1),   # other work on the machine skews every number
            "moves_reached_the_explorers": all(reached),
            # what the smoke test checks: a server and a kernel each, every sent move answered with new figure data
            "servers_ready": ready, "kernels_with_explorer": sum(s.comm_id is not None for s in students),
            "moves_sent": sum(s.sent for s in students), "moves_answered": drawn,
            "moves_with_figure_update": sum(s.figure_updates for s in students),
            "connections_lost": sum(s.lost is not None for s in students),
            "errors": [f"{s.name}: {e}" for s in students for e in s.errors]}


@contextlib.contextmanager
def hub(proxy: str) -> Iterator[tuple[str, str, int, Path]]:
    """A JupyterHub on loopback in a temporary folder: yields (address, API token, hub pid, log file).

    The hub, its proxy, every student's server and kernel run in the hub's own process
    group, which is stopped on the way out.
    """
    proxy = str(Path(proxy).resolve()) if os.sep in proxy else proxy   # the hub runs in another folder
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        port, hub_port, token = _free_port(), _free_port(), secrets.token_hex(16)
        config = _config(tmp, port, hub_port, token, proxy, _free_port())
        log_path = tmp / "hub.log"
        log = open(log_path, "wb")
        env = dict(os.environ)
        # the proxy is a node script: the hub finds it and node on PATH
        env["PATH"] = os.pathsep.join([str(Path(proxy).parent), str(Path(sys.executable).parent), env.get("PATH", "")])
        hub_proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=tmp, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            import urllib.request

            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{base}/hub/api", timeout=2)
                    break
                except OSError:
                    if hub_proc.poll() is not None or time.monotonic() > deadline:
                        log.flush()
                        raise RuntimeError("JupyterHub did not start:\n"
                                           + log_path.read_text(errors="replace")[-2000:]) from None
                    time.sleep(0.5)
            yield base, token, hub_proc.pid, log_path
        finally:
            if hub_proc.poll() is None:
                os.killpg(hub_proc.pid, signal.SIGTERM)   # the hub's own session: hub, proxy, servers, kernels
                try:
                    hub_proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(hub_proc.pid, signal.SIGKILL)
                    hub_proc.wait(timeout=10)
            log.close()


def hub_log_errors(log_path: Path) -> list[str]:
    """The hub's own error lines ([E ...] and [C ...]) and tracebacks in its log."""
    text = log_path.read_text(errors="replace")
    return [line for line in text.splitlines() if line.startswith(("[E ", "[C ")) or line.startswith("Traceback")]


def run_class(students: Sequence[int] = (3,), seconds: float = 10.0, *, explorer: str = "OhmsLawExplorer",
              control: str = "voltage", proxy: str | None = None) -> list[dict]:
    """One hub, then each class size in turn: one result per size (see :func:`_class`).

    Raises ``RuntimeError`` when the proxy is missing or the hub does not start.
    Each result's ``errors`` also holds the hub log's error lines from that class.
    """
    proxy = proxy or find_proxy()
    if proxy is None or not (shutil.which(proxy) or Path(proxy).is_file()):
        raise RuntimeError("configurable-http-proxy is not installed: npm install --prefix .venv/node "
                           "configurable-http-proxy (what .ci/run does), or npm install -g configurable-http-proxy")
    values = [round(1 + 10 * abs((k % 20) - 10) / 10, 2) for k in range(40)]   # 1 V to 11 V and back
    results = []
    with hub(proxy) as (base, token, pid, log_path):
        for n in students:
            seen = len(hub_log_errors(log_path))
            result = asyncio.run(_class(base, token, pid, n, seconds, explorer, control, values))
            result["errors"] += [f"hub: {line}" for line in hub_log_errors(log_path)[seen:]]
            results.append(result)
            print(json.dumps(result), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # the defaults are the short smoke run (what benchmarks/run_all.py gets); the class sizing is
    # --students 1 10 20 30 45 --seconds 60
    parser.add_argument("--students", type=int, nargs="+", default=[3])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--explorer", default="OhmsLawExplorer")
    parser.add_argument("--control", default="voltage")
    parser.add_argument("--proxy", default=None, help="configurable-http-proxy (default: on PATH, else .venv/node)")
    args = parser.parse_args()
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        print(json.dumps({"name": "class on JupyterHub", "error": "the jupyterhub package is not installed"}))
        return
    if (args.proxy or find_proxy()) is None:
        print(json.dumps({"name": "class on JupyterHub", "error": "configurable-http-proxy is not installed (npm)"}))
        return
    run_class(args.students, args.seconds, explorer=args.explorer, control=args.control, proxy=args.proxy)


if __name__ == "__main__":
    main()
