"""Build the desktop bundle people double-click: one folder, no Python needed.

    python tools/build_desktop.py            # -> dist/commdraft/commdraft (.exe on Windows)

A PyInstaller one-folder bundle of the window and every command (``commdraft`` alone opens the
window; ``commdraft render …`` works as from a checkout), with the Word layouts, the compiled
catalogs, the reference data, Babel's locale data and Qt's translations inside. LibreOffice
stays optional, as it is for the installed package. On Linux it also writes
``dist/commdraft/commdraft.desktop`` and the icon, ready for ``~/.local/share/applications``.
The same script builds on Windows and macOS (PyInstaller builds for the system it runs on).

Needs PyInstaller (``pip install 'pyinstaller>=6,<7'``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "commdraft"
ICON_SVG = ROOT / "tools" / "desktop" / "commdraft.svg"

#: Qt modules the window does not use: left out, the bundle is smaller by a third.
EXCLUDED = ("PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtSql",
            "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDBus",
            "PySide6.QtConcurrent", "PySide6.QtDesigner", "PySide6.QtHelp",
            "PySide6.QtUiTools", "PySide6.QtXml", "PySide6.QtSvgWidgets", "tkinter")


def bundled_resources(work: Path) -> Path:
    """The layouts and compiled catalogs as the package carries them (``_bundled``)."""
    target = work / "_bundled"
    shutil.copytree(ROOT / "templates", target / "templates",
                    ignore=shutil.ignore_patterns("~$*"))
    for catalog in (ROOT / "i18n").glob("*/LC_MESSAGES/*.mo"):
        dest = target / "i18n" / catalog.relative_to(ROOT / "i18n")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(catalog, dest)
    for template in (ROOT / "i18n").glob("*.pot"):
        shutil.copy2(template, target / "i18n" / template.name)
    return target


def icon_png(work: Path) -> Path:
    """The icon as PNG (the desktop entry and the window use it), drawn from our SVG."""
    out = work / "commdraft.png"
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["icon"])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(ICON_SVG)).render(painter)
    painter.end()
    image.save(str(out))
    del app
    return out


def build(dist: Path) -> Path:
    import PyInstaller.__main__

    sep = ";" if sys.platform == "win32" else ":"
    with tempfile.TemporaryDirectory(prefix="commdraft-build-") as tmp:
        work = Path(tmp)
        resources = bundled_resources(work)
        png = icon_png(work)
        launcher = work / "commdraft_launcher.py"
        launcher.write_text("import sys\nfrom desktop_app.main import main\n"
                            "sys.exit(main())\n", encoding="utf-8")
        args = [
            str(launcher), "--name", NAME, "--onedir", "--noconfirm", "--clean",
            "--distpath", str(dist), "--workpath", str(work / "build"),
            "--specpath", str(work),
            "--paths", str(ROOT),
            "--add-data", f"{resources}{sep}desktop_app/_bundled",
            "--add-data", f"{ROOT / 'desktop_app' / 'reference' / 'data'}{sep}"
                          "desktop_app/reference/data",
            "--collect-data", "babel", "--collect-data", "docx", "--collect-data", "docxtpl",
            "--collect-submodules", "desktop_app",
            "--hidden-import", "babel.numbers", "--hidden-import", "babel.dates",
            # The team store's driver is imported when a server is opened, and psycopg finds
            # its compiled half (psycopg_binary, libpq inside) by name at run time.
            "--hidden-import", "psycopg_binary", "--hidden-import", "psycopg_pool",
        ]
        for module in EXCLUDED:
            args += ["--exclude-module", module]
        if sys.platform == "win32":
            args += ["--icon", str(png), "--noconsole"]  # a console only for commands
        PyInstaller.__main__.run(args)
        folder = dist / NAME
        trim_locales(folder)
        shutil.copy2(png, folder / "commdraft.png")
        if sys.platform.startswith("linux"):
            desktop_entry(folder)
    return folder


#: Babel's locale data the six languages need (with the root every locale inherits from).
KEPT_LOCALES = ("root", "ar", "zh", "en", "fr", "ru", "es")


def trim_locales(folder: Path) -> None:
    """Babel ships data for 700 locales (35 MB); the program formats dates in six."""
    for data in folder.rglob("babel/locale-data/*.dat"):
        if data.stem.split("_")[0] not in KEPT_LOCALES:
            data.unlink()


def bundle_size(folder: Path) -> int:
    """Bytes on disk, each file once (symbolic links are not counted twice)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def desktop_entry(folder: Path) -> Path:
    entry = folder / "commdraft.desktop"
    entry.write_text(
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=commdraft\n"
        "Comment=Drafting assistant for UN Special Procedures communications\n"
        f"Exec={folder / NAME} %F\n"
        f"Icon={folder / 'commdraft.png'}\n"
        "Terminal=false\n"
        "Categories=Office;WordProcessor;\n", encoding="utf-8")
    return entry


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    args = parser.parse_args()
    folder = build(args.dist)
    size = bundle_size(folder)
    print(f"{folder / NAME}  ({size / 1e6:.0f} MB in {folder})")
    done = subprocess.run([str(folder / NAME), "--version"], capture_output=True, text=True)
    print(done.stdout.strip() or done.stderr.strip())
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
