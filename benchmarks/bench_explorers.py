"""Kernel CPU per slider move of every explorer in every room, against the 5 ms budget.

Runs inside a real IPython kernel (started with jupyter_client), so each move pays for
what a student's kernel pays: the room's maths, the figure update and the comm messages
to the browser (serialised and sent on iopub; no browser is attached). Each explorer is
built with its defaults and shown once, then each control is moved through up to
``MOVES`` values (an explorer that needs data gets a small sample drive; one that cannot be
built is listed, not guessed at). A slider is moved as a student's arrow keys move it: one
step at a time from its default, six up and six back, each sent to the kernel as the
browser sends it (a comm message, which the kernel echoes). Explorer class names as
arguments measure only those.

``stemkit_s`` is the median CPU time of the kernel process per slider move
(``time.process_time`` around the control change); ``reference_s`` is the 5 ms budget, so
``ratio`` <= 1 meets it. ``other_controls_s`` is the same for dropdowns and checkboxes (a
new part, a new map: allowed to take longer). ``png_per_move`` counts PNG images sent per
move of any control (0 is the goal). ``messages_per_move`` and ``kib_per_move`` are the
median comm messages (one per widget that changed, the slider's echo included) and binary
KiB a slider move sends; ``max_messages`` is the most one move sent (an axis that steps).
"""

from __future__ import annotations

import sys
import textwrap

BUDGET_S = 0.005
MOVES = 12

KERNEL_CODE = textwrap.dedent("""
    import importlib, inspect, json, os, statistics, time
    os.environ["STEMKIT_PROGRESS"] = os.devnull
    import ipywidgets as widgets
    from IPython.display import display
    from stemkit.ui import Explorer

    MODULES = ["stemkit.ui.welcome", "stemkit.electronics.explorers", "stemkit.robotics.explorers",
               "stemkit.design3d.explorers"]
    MOVES = {moves}
    ONLY = {only!r}
    import numpy as np
    _t = np.linspace(0, 10, 201)
    # an explorer that needs data gets a small drive: a quarter circle of 1 m radius, and a straight one
    SAMPLES = {{"PlaybackExplorer": lambda cls: cls(
        {{"arc": np.column_stack([np.sin(_t / 10 * np.pi / 2), 1 - np.cos(_t / 10 * np.pi / 2), _t / 10 * np.pi / 2]),
          "straight": np.column_stack([_t / 10, np.zeros_like(_t), np.zeros_like(_t)])}}, times=_t)}}

    def arrow_keys(control):
        # six presses of the right arrow from the default, then six of the left
        steps = [1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 0]
        if isinstance(control, widgets.FloatLogSlider):
            v0 = np.log10(control.value)
            return [control.base ** min(v0 + k * control.step, control.max) for k in steps]
        out = []
        for k in steps:
            v = control.value + k * control.step
            out.append(v if v <= control.max else control.value - k * control.step)
        return out

    def press(control, value):
        # what the browser sends when a key moves a slider
        control._handle_msg({{"content": {{"data": {{"method": "update", "state": {{"value": value}},
                                                     "buffer_paths": []}}}}, "buffers": []}})

    def values_for(control):
        if isinstance(control, (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider)):
            return arrow_keys(control)
        if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                                widgets.SelectionSlider)):
            options = [o[1] if isinstance(o, tuple) else o for o in control.options]
            if isinstance(control.options, dict):
                options = list(control.options.values())
            return [options[i % len(options)] for i in range(MOVES)]
        if isinstance(control, widgets.Checkbox):
            return [i % 2 == 0 for i in range(MOVES)]
        if isinstance(control, widgets.FloatLogSlider):
            lo, hi = control.min, control.max
            return [control.base ** (lo + (hi - lo) * i / (MOVES - 1)) for i in range(MOVES)]
        if isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
            span = range(control.min, control.max + 1)
            step = max(1, len(span) // MOVES)
            return list(span)[::step][:MOVES]
        if isinstance(control, (widgets.FloatSlider, widgets.BoundedFloatText)):
            lo, hi = control.min, control.max
            return [lo + (hi - lo) * i / (MOVES - 1) for i in range(MOVES)]
        return []

    class PngCounter:
        # counts PNG payloads the kernel sends on iopub (an Image widget's value, a display)
        # and the comm messages (one per widget that changed) and their binary bytes
        def __init__(self):
            self.count = self.messages = self.bytes = 0
            session = get_ipython().kernel.session
            original = session.send
            def send(stream, msg_or_type, content=None, *args, **kwargs):
                buffers = kwargs.get("buffers") or []
                self.count += sum(1 for b in buffers if bytes(memoryview(b)[:4]) == b"\\x89PNG")
                kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type.get("header", {{}}).get("msg_type")
                if kind == "comm_msg":
                    self.messages += 1
                    self.bytes += sum(memoryview(b).nbytes for b in buffers)
                return original(stream, msg_or_type, content, *args, **kwargs)
            session.send = send

    counter = PngCounter()
    for name in MODULES:
        module = importlib.import_module(name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(cls, Explorer) and cls is not Explorer and cls.__module__ == module.__name__):
                continue
            label = f"explorer {{cls.__module__.split('.')[1]}}.{{cls.__name__}}"
            if ONLY and cls.__name__ not in ONLY:
                continue
            try:
                t0 = time.perf_counter()
                ex = SAMPLES[cls.__name__](cls) if cls.__name__ in SAMPLES else cls()
                display(ex)
                build = time.perf_counter() - t0
            except Exception as exc:
                print(json.dumps({{"name": label, "error": f"cannot build with defaults: {{exc}}"}}))
                continue
            times, others, sent = [], [], []
            pngs = counter.count
            for control in list(ex.controls.values()):
                start = control.value
                slider = isinstance(control, (widgets.FloatSlider, widgets.IntSlider, widgets.FloatLogSlider))
                for v in values_for(control):
                    try:
                        m0, b0 = counter.messages, counter.bytes
                        c0 = time.process_time()
                        if slider:
                            press(control, v)
                        else:
                            control.value = v
                        (times if slider else others).append(time.process_time() - c0)
                        if slider:
                            sent.append((counter.messages - m0, counter.bytes - b0))
                    except Exception:
                        continue
                try:
                    control.value = start
                except Exception:
                    pass
            pngs = counter.count - pngs
            if not times:
                continue
            moves = len(times) + len(others)
            median = statistics.median(times)
            print(json.dumps({{"name": label, "stemkit_s": round(median, 5), "reference_s": {budget},
                              "ratio": round(median / {budget}, 3), "target": 1.0, "moves": len(times),
                              "max_s": round(max(times), 4), "build_s": round(build, 3),
                              "other_controls_s": round(statistics.median(others), 5) if others else None,
                              "png_per_move": round(pngs / moves, 2),
                              "messages_per_move": statistics.median(m for m, _b in sent),
                              "max_messages": max(m for m, _b in sent),
                              "kib_per_move": round(statistics.median(b for _m, b in sent) / 1024, 1)}}), flush=True)
""")


def main() -> None:
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    lines: list[str] = []
    try:
        def hook(msg):
            if msg["msg_type"] == "stream":
                lines.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                lines.append("\n".join(msg["content"]["traceback"]) + "\n")

        kc.execute_interactive("import matplotlib; matplotlib.use('agg')\n"
                               + KERNEL_CODE.format(moves=MOVES, budget=BUDGET_S, only=sys.argv[1:]),
                               output_hook=hook, timeout=1800)
    finally:
        km.shutdown_kernel(now=True)
    sys.stdout.write("".join(lines))


if __name__ == "__main__":
    main()
