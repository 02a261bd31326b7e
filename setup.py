"""Build of the C extension ``bordermap._speedups`` (everything else is in pyproject.toml).

The extension is optional: where no C compiler is found it is skipped with a warning, and
bordermap runs its pure-Python code, which gives the same results more slowly.
"""

import sys

from setuptools import Extension, setup

# floating-point sums exactly as Python does them (no fused multiply-add), so that scores agree
FLAGS = [] if sys.platform == "win32" else ["-ffp-contract=off"]

setup(
    ext_modules=[
        Extension("bordermap._speedups", ["bordermap/_speedups.c"], extra_compile_args=FLAGS, optional=True),
    ]
)
