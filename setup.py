"""The build copies the Word layouts and the compiled catalogs into the package.

They are edited at the top of the checkout (``templates/``, ``i18n/``), where translators and
layout editors find them; an installed package carries them in ``desktop_app/_bundled/``
(read through ``desktop_app.resources``). Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "desktop_app" / "_bundled"
        if target.exists():
            shutil.rmtree(target)
        (target / "templates").mkdir(parents=True)
        for layout in sorted((ROOT / "templates").glob("*.docx")):
            if not layout.name.startswith("~$"):  # Word's lock files
                shutil.copy2(layout, target / "templates" / layout.name)
        for catalog in sorted((ROOT / "i18n").glob("*/LC_MESSAGES/*.mo")):
            dest = target / "i18n" / catalog.relative_to(ROOT / "i18n")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(catalog, dest)
        for template in sorted((ROOT / "i18n").glob("*.pot")):  # `templates check` reads them
            shutil.copy2(template, target / "i18n" / template.name)


setup(cmdclass={"build_py": BuildWithResources})
