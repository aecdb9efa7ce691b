"""Catalog workflow: extract the .pot templates, update the .po catalogs, compile the .mo files.

    python tools/i18n.py extract   # desktop_app/documents -> i18n/letters.pot, desktop_app/ui -> ui.pot
    python tools/i18n.py update    # merge the .pot into every i18n/<lang>/LC_MESSAGES/<domain>.po
    python tools/i18n.py compile   # .po -> .mo
    python tools/i18n.py all       # the three in order
    python tools/i18n.py init LANG # start LANG's catalogs from the .pot (plural rules from CLDR)
    python tools/i18n.py all --domain ui   # any step, for one domain only

The same steps as ``pybabel extract / update / compile``; a test fails when a committed .pot or
.mo is stale.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
#: Which source folders feed which catalog domain.
SOURCES = {"letters": ["desktop_app/documents"], "ui": ["desktop_app/ui", "desktop_app/cli"],
           "messages": ["desktop_app/workspace/message_templates.py",
                        "desktop_app/workspace/messages.py"]}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "N_": None, "tr": None}


def extract(domain: str) -> Catalog:
    catalog = Catalog(project="commdraft", msgid_bugs_address="", charset="utf-8")
    for source in SOURCES[domain]:
        path = ROOT / source
        if path.is_file():
            found = _extract_file(path)
        elif path.is_dir():
            found = ((Path(source) / fn, ln, msg, comments, ctx)
                     for fn, ln, msg, comments, ctx in
                     extract_from_dir(path, keywords=KEYWORDS, method_map=[("**.py", "python")]))
        else:
            continue
        for filename, lineno, message, comments, context in found:
            catalog.add(message, None, [(str(filename), lineno)], auto_comments=comments,
                        context=context)
    return catalog


def _extract_file(path: Path):
    from babel.messages.extract import extract

    with path.open("rb") as handle:
        for lineno, message, comments, context in extract("python", handle, keywords=KEYWORDS):
            yield path.relative_to(ROOT), lineno, message, comments, context


def pot_path(domain: str) -> Path:
    return I18N / f"{domain}.pot"


def po_path(domain: str, lang: str) -> Path:
    return I18N / lang / "LC_MESSAGES" / f"{domain}.po"


def write_catalog(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


#: The domains a step works on (``--domain`` narrows it to one).
DOMAINS = list(SOURCES)


def cmd_extract() -> None:
    for domain in DOMAINS:
        catalog = extract(domain)
        if len(catalog):
            write_catalog(catalog, pot_path(domain))
            print(f"{pot_path(domain).relative_to(ROOT)}: {len(catalog)} messages")


def cmd_update() -> None:
    for domain in DOMAINS:
        if not pot_path(domain).exists():
            continue
        template = read_po(io.BytesIO(pot_path(domain).read_bytes()))
        for lang in LANGUAGES:
            path = po_path(domain, lang)
            if path.exists():
                catalog = read_po(io.BytesIO(path.read_bytes()), locale=lang)
            elif lang == "en":
                catalog = Catalog(locale=lang, project="commdraft", charset="utf-8")
            else:
                continue  # a new language starts with `pybabel init`, by a translator
            known = _translations_by_msgid(catalog)
            catalog.update(template, update_header_comment=False)
            _carry_over(catalog, known)
            if lang == "en":  # the source language: the msgids are the text, never fuzzy
                catalog.fuzzy = False
                for message in catalog:
                    message.flags.discard("fuzzy")
                    message.previous_id = []
                catalog.obsolete.clear()
            write_catalog(catalog, path)
            print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def cmd_init(lang: str) -> None:
    from babel import Locale

    if lang not in LANGUAGES:
        raise SystemExit(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    for domain in SOURCES:
        path = po_path(domain, lang)
        if path.exists():
            print(f"{path.relative_to(ROOT)}: exists, left as it is")
            continue
        template = read_po(io.BytesIO(pot_path(domain).read_bytes()))
        catalog = Catalog(locale=Locale.parse(lang), project="commdraft", charset="utf-8",
                          language_team=f"{Locale.parse('en').languages[lang]} <commdraft>")
        catalog.update(template, update_header_comment=False)
        catalog.fuzzy = False
        write_catalog(catalog, path)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, "
              f"{catalog.num_plurals} plural form(s): {catalog.plural_forms}")


def _msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _translations_by_msgid(catalog: Catalog) -> dict[str, object]:
    """The finished translations of a catalog, by msgid (whatever their context)."""
    return {_msgid(m): m.string for m in catalog
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple)
                                         else m.string)}


def _carry_over(catalog: Catalog, known: dict[str, object]) -> None:
    """A message whose context was added or changed keeps its translation when its msgid is
    the same; Babel would leave it empty or mark a guess from another message as fuzzy."""
    for message in catalog:
        if not message.id:
            continue
        done = all(message.string) if isinstance(message.string, tuple) else message.string
        old = known.get(_msgid(message))
        if (done and not message.fuzzy) or old is None or \
                isinstance(old, tuple) != isinstance(message.id, tuple):
            continue
        message.string = old
        message.flags.discard("fuzzy")
        message.previous_id = []


def compile_po(path: Path) -> bytes:
    catalog = read_po(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def cmd_compile() -> None:
    for path in sorted(p for domain in DOMAINS for p in I18N.glob(f"*/LC_MESSAGES/{domain}.po")):
        path.with_suffix(".mo").write_bytes(compile_po(path))
        print(f"{path.with_suffix('.mo').relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[-2] == "--domain":
        if argv[-1] not in SOURCES:
            print(f"unknown domain {argv[-1]!r}: use one of {', '.join(SOURCES)}")
            return 2
        DOMAINS[:] = [argv[-1]]
        argv = argv[:-2]
    steps = {"extract": [cmd_extract], "update": [cmd_update], "compile": [cmd_compile],
             "all": [cmd_extract, cmd_update, cmd_compile]}
    if len(argv) == 2 and argv[0] == "init":
        cmd_init(argv[1])
        return 0
    if len(argv) != 1 or argv[0] not in steps:
        print(__doc__)
        return 2
    for step in steps[argv[0]]:
        step()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
