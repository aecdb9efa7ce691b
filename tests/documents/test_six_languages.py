"""The seed's letter and summary in the six UN languages: names, forms, dates, no English left.

The mandate line, the resolution, "the Government of Montenegro" in the case each sentence
needs, the date as UN documents in the language write it; and no sentence of the English
phrasebook left untranslated (a message whose context the extractor missed falls back to
English silently: this is what catches it).
"""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.pofile import read_po

from desktop_app import PROJECT_ROOT
from desktop_app.documents import document_parts_text

EXPECTED = {
    "en": {"full": ["Mandates of the Special Rapporteur on the situation of human rights defenders",
                    "resolutions 52/4", "20 August 2024", "Ms. Dinara Smailova"],
           "short": ["sent to the Government of Montenegro on 20 August 2024"]},
    "fr": {"full": ["Mandats de la Rapporteuse spéciale sur la situation des défenseurs et "
                    "défenseuses des droits humains", "52/4", "20 août 2024",
                    "Mme Dinara Smailova", "le Gouvernement de Votre Excellence"],
           "short": ["au Gouvernement du Monténégro le 20 août 2024"]},
    "es": {"full": ["Mandatos de la Relatora Especial sobre la situación de los defensores de los "
                    "derechos humanos", "52/4", "20 de agosto de 2024", "Sra. Dinara Smailova"],
           "short": ["al Gobierno de Montenegro el 20 de agosto de 2024"]},
    "ru": {"full": ["Мандаты Специального докладчика по вопросу о положении правозащитников",
                    "52/4", "20 августа 2024 года", "г-жа Динара Смаилова"],
           "short": ["Правительству Черногории", "20 августа 2024 года"]},
    "zh": {"full": ["人权维护者处境问题特别报告员", "52/4", "2024年8月20日", "迪娜拉·斯马伊洛娃女士"],
           "short": ["黑山政府", "2024年8月20日"]},
    "ar": {"full": ["ولايات المقررة الخاصة المعنية بحالة المدافعين عن حقوق الإنسان", "52/4",
                    "20 آب/أغسطس 2024", "السيدة دينارا سمايلوفا"],
           "short": ["حكومة الجبل الأسود", "20 آب/أغسطس 2024"]},
}


def english_sentences() -> list[str]:
    """The literal start of every English phrase of some length (before any placeholder)."""
    catalog = read_po(io.BytesIO((PROJECT_ROOT / "i18n" / "letters.pot").read_bytes()))
    out = []
    for message in catalog:
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            head = re.split(r"\{\w+\}", msgid or "")[0].strip()
            if len(head) >= 12:
                out.append(head)
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from desktop_app.workspace import Workspace

    root = tmp_path_factory.mktemp("six")
    with Workspace.open(root / "ws") as ws:
        demo = ws.load_demo()
        paths = ws.render(demo, ["full", "short"], list(EXPECTED), root / "out")
    # No-break spaces (dates, references, honorifics) read as spaces.
    return {tuple(p.stem.rsplit("-", 2)[-2:]): document_parts_text(p).replace("\u00a0", " ")
            for p in paths}


@pytest.mark.parametrize("lang", list(EXPECTED))
@pytest.mark.parametrize("variant", ["full", "short"])
def test_names_forms_and_dates(rendered, lang, variant):
    text = rendered[(variant, lang)]
    for expected in EXPECTED[lang][variant]:
        assert expected in text, f"{lang} {variant}: {expected!r} not found"


@pytest.mark.parametrize("lang", [lang for lang in EXPECTED if lang != "en"])
@pytest.mark.parametrize("variant", ["full", "short"])
def test_no_english_phrase_left(rendered, lang, variant):
    text = rendered[(variant, lang)]
    left = [s for s in english_sentences() if s in text]
    assert not left, f"{lang} {variant} still says, in English: {left}"
