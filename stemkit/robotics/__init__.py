"""The robotics room of stemkit: pure numpy core modules, plots.py, explorers.py."""

__all__: list[str] = ["arm", "planning", "geometry", "drive", "odometry", "motor", "sensors", "filters", "pid",
                      "simulator"]
