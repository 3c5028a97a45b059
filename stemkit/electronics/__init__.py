"""The electronics room of stemkit: pure numpy core modules, plots.py, explorers.py."""

# Ohm's law and resistor maths (components)
from stemkit.electronics import networks, ohm, resistors  # noqa: E402

__all__: list[str] = []
__all__ += ["ohm", "resistors", "networks"]
