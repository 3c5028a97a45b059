"""Example circuits shared by the electronics tests."""

from stemkit.electronics.circuit import Circuit


def divider():
    c = Circuit("divider")
    c.add_voltage_source("V1", "in", "0", 9)
    c.add_resistor("R1", "in", "out", "10k")
    c.add_resistor("R2", "out", "0", "4k7")
    return c


def bridge():
    c = Circuit("Wheatstone bridge")
    c.add_voltage_source("V1", "top", "0", 12)
    c.add_resistor("R1", "top", "a", 1000)
    c.add_resistor("R2", "a", "0", 2200)
    c.add_resistor("R3", "top", "b", 1500)
    c.add_resistor("R4", "b", "0", 1800)
    c.add_resistor("R5", "a", "b", 470)
    return c
