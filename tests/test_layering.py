"""Core modules must import without matplotlib, ipywidgets or IPython (checked in a fresh interpreter)."""

import pkgutil
import subprocess
import sys

import pytest

import stemkit

HEAVY = ("matplotlib", "ipywidgets", "IPython")
DRAWING_MODULES = {"plots", "explorers", "schematic", "explorer", "welcome", "cli", "__main__"}


def core_modules():
    names = ["stemkit", "stemkit.units", "stemkit.i18n", "stemkit.datasets", "stemkit.checks"]
    for room in ("electronics", "robotics", "design3d", "hardware"):
        names.append(f"stemkit.{room}")
        pkg = __import__(f"stemkit.{room}", fromlist=["_"])
        for info in pkgutil.iter_modules(pkg.__path__):
            if info.name not in DRAWING_MODULES and not info.name.startswith("_"):
                names.append(f"stemkit.{room}.{info.name}")
    return names


@pytest.mark.parametrize("module", core_modules())
def test_core_module_loads_no_plotting_or_widgets(module):
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"bad = [m for m in {HEAVY!r} if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"importing {module} loaded {out}"


def test_package_has_a_version_and_type_marker():
    import pathlib

    assert stemkit.__version__
    assert (pathlib.Path(stemkit.__file__).parent / "py.typed").exists()
