"""The electronics room of stemkit: pure numpy core modules, plots.py, explorers.py."""

# Ohm's law and resistor maths (components)
from stemkit.electronics import arduino, leds, networks, ohm, resistors, sensors  # noqa: E402

__all__: list[str] = []
__all__ += ["ohm", "resistors", "networks", "leds", "sensors", "arduino"]

# Circuit simulator: netlists, modified nodal analysis, SPICE bridge, RC and PWM maths
from stemkit.electronics import mna, netlist, pwm, rc, spice  # noqa: E402
from stemkit.electronics.circuit import PWM, Circuit, Pulse, Sine  # noqa: E402
from stemkit.electronics.netlist import parse_netlist  # noqa: E402

__all__ += ["Circuit", "Pulse", "PWM", "Sine", "parse_netlist", "mna", "netlist", "spice", "rc", "pwm"]
