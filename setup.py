"""The compiled kernels of clickbait.compiled; everything else is in pyproject.toml.

``pip install`` builds them from ``csrc/`` when a C compiler is there. Without one (or
when the build fails) the install goes on without them and scoring takes the NumPy
path, with the same scores.
"""

from pathlib import Path

from setuptools import Extension, setup

SOURCES = sorted(str(path) for path in Path("csrc").glob("*.c"))

setup(
    ext_modules=[
        Extension(
            "clickbait._speedups",
            sources=SOURCES,
            depends=["csrc/speedups.h"],
            optional=True,
        )
    ]
)
