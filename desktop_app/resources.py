"""Where the program's own files are: the Word layouts and the compiled catalogs.

In an installed package (a wheel, or the desktop bundle) they sit inside the package, under
``desktop_app/_bundled/`` (the build copies them there from the top-level ``templates/`` and
``i18n/``), and are found with :mod:`importlib.resources`. In a checkout they are read where they
are edited. Nothing else of the program knows which.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from desktop_app import PROJECT_ROOT

#: The resource folders the build puts inside the package.
BUNDLED = ("templates", "i18n")


def resource_dir(name: str) -> Path:
    """The folder of the program's ``name`` ("templates" or "i18n")."""
    if name not in BUNDLED:
        raise ValueError(f"unknown resource folder {name!r}")
    bundled = files("desktop_app").joinpath("_bundled", name)
    if bundled.is_dir():
        return Path(str(bundled))
    return PROJECT_ROOT / name
