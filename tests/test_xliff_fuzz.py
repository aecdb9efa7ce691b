"""XLIFF files from outside (issue 13 "Nothing lost, nothing leaked"): each test here failed before
its fix.

A translated XLIFF file comes back from a translator's CAT tool (``commdraft translation
--import-xliff``, the window's "XLIFF in…"). Whatever it holds — a DTD or external entities,
unit ids the case does not have, huge units, a wrong or regional language, another encoding,
broken XML, megabytes of anything — the import either succeeds or raises a coded
``CommdraftError``, never another exception, and a refused file leaves the case as it was. The
files start from a real XLIFF exported by the project and are mutated by Hypothesis.

More examples: ``COMMDRAFT_FUZZ_EXAMPLES=2000 pytest tests/test_xliff_fuzz.py``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import CommdraftError
from desktop_app.workspace import Workspace, export_xliff, import_xliff
from desktop_app.workspace.xliff import MAX_XLIFF, XliffError, case_id_of

FUZZ = settings(
    max_examples=int(os.environ.get("COMMDRAFT_FUZZ_EXAMPLES", "120")),
    deadline=None,  # an import writes the store: timing varies with the disk
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
)
FR_TARGET = re.compile(r'(<target state="translated">)([^<]*)(</target>)')


@pytest.fixture(scope="module")
def setting(tmp_path_factory):
    """A draft copy of the demo case (translated into five languages), its French exported as
    XLIFF, and the same file as a translator returns it: two targets retranslated."""
    root = tmp_path_factory.mktemp("xliff")
    with pytest.MonkeyPatch.context() as mp:
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
            mp.setenv(name, str(root / name.lower()))
        mp.setenv("COMMDRAFT_SETTINGS", str(root / "settings.json"))
        mp.setenv("COMMDRAFT_WORKSPACE", str(root / "workspace"))
        ws = Workspace.open(root / "ws")
        case = ws.duplicate(ws.load_demo().id)
        exported = export_xliff(ws, case.id, "fr", root / "fr.xlf", plaintext=True)
        text = exported.read_text(encoding="utf-8")
        retranslated: list[int] = []

        def retranslate(match: re.Match) -> str:
            if len(retranslated) == 2:
                return match.group(0)
            retranslated.append(1)
            return (match.group(1) + f"Traduction revue {len(retranslated) - 1}. "
                    + match.group(2) + match.group(3))

        returned = FR_TARGET.sub(retranslate, text)
        yield {"ws": ws, "case": case.id, "root": root, "exported": text, "returned": returned}
        ws.close()


def snapshot(ws: Workspace, case_id: str) -> dict:
    return ws.load(case_id).to_dict()


def write(setting, text: str | bytes, name: str = "in.xlf") -> Path:
    path = setting["root"] / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def refused(setting, data: str | bytes) -> XliffError | CommdraftError:
    path = write(setting, data, "hostile.xlf")
    before = snapshot(setting["ws"], setting["case"])
    with pytest.raises(CommdraftError) as caught:
        import_xliff(setting["ws"], path)
    assert snapshot(setting["ws"], setting["case"]) == before
    assert caught.value.code, caught.value
    return caught.value


# ---------------------------------------------------------------------- the real file imports
def test_the_returned_file_imports(setting):
    ws, case_id = setting["ws"], setting["case"]
    assert setting["returned"] != setting["exported"]
    case, lang, result = import_xliff(ws, write(setting, setting["returned"]))
    assert lang == "fr" and case.id == case_id and result.unknown == []
    assert result.current >= 2
    assert any(t.startswith("Traduction revue") for t in
               [case.text["fr"].topic, case.text["fr"].summary, *case.text["fr"].background])


def test_a_regional_language_and_utf16_are_read(setting):
    """CAT tools write "fr-FR", some of them in UTF-16: the same file."""
    text = setting["exported"].replace('target-language="fr"', 'target-language="fr-FR"')
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    case, lang, result = import_xliff(setting["ws"], write(setting, text.encode("utf-16")))
    assert lang == "fr" and result.current > 0


# ---------------------------------------------------------------------- refused, with a code
def _with_doctype(text: str, doctype: str) -> str:
    head, _, rest = text.partition("?>")
    return head + "?>\n" + doctype + rest


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE xliff [<!ENTITY t "Bonjour">]>',
    '<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE xliff SYSTEM "http://example.com/xliff.dtd">',
    '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
], ids=["internal-entity", "xxe", "external-dtd", "laughs"])
def test_a_dtd_is_refused(setting, doctype):
    text = _with_doctype(setting["returned"], doctype).replace(
        "Traduction revue 0.", "&t;" if "ENTITY t" in doctype else
        "&xxe;" if "xxe" in doctype else "&d;" if "ENTITY d" in doctype else "x")
    exc = refused(setting, text)
    assert exc.code == "xliff.dtd" and "DTD" in str(exc)


def test_a_dtd_in_utf16_is_refused(setting):
    text = _with_doctype(setting["returned"], '<!DOCTYPE xliff [<!ENTITY t "Bonjour">]>')
    assert refused(setting, text.encode("utf-16")).code == "xliff.dtd"
    assert refused(setting, text.encode("utf-16-le")).code == "xliff.dtd"


def test_an_encoding_that_hides_markup_is_refused(setting):
    head, _, rest = setting["returned"].partition("?>")
    head = head.replace('encoding="UTF-8"', 'encoding="cp037"')
    data = (head + "?>").encode("ascii") + _with_doctype(rest, "<!DOCTYPE x>").encode(
        "cp037", "replace")
    assert refused(setting, data).code == "xliff.not_xliff"


def test_an_oversized_file_is_refused_before_parsing(setting):
    text = setting["returned"].replace("Traduction revue 0.", "x" * (MAX_XLIFF + 10))
    exc = refused(setting, text)
    assert exc.code == "xliff.too_large" and "8 MB" in str(exc)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_stops_at_the_bound(setting):
    with pytest.raises(XliffError) as caught:
        case_id_of(Path("/dev/zero"))
    assert caught.value.code == "xliff.too_large"


@pytest.mark.parametrize(("change", "code"), [
    (lambda t: t.replace('target-language="fr"', 'target-language="xx"'), "xliff.bad_language"),
    (lambda t: t.replace('target-language="fr"', 'target-language="en"'), "xliff.bad_language"),
    (lambda t: t.replace('target-language="fr"', ""), "xliff.bad_language"),
    (lambda t: t.replace('original="commdraft:', 'original="other:'), "xliff.not_commdraft"),
    (lambda t: re.sub(r'original="commdraft:[^"]*"', 'original="commdraft:../../etc"', t),
     "xliff.not_commdraft"),
    (lambda t: re.sub(r'original="commdraft:[^"]*"', 'original="commdraft:' + "a" * 5000 + '"',
                      t), "xliff.not_commdraft"),
    (lambda t: re.sub(r'original="commdraft:[^"]*"', 'original="commdraft:no-such-case"', t),
     "case.unknown"),
    (lambda t: t[: len(t) // 2], "xliff.not_xliff"),
    (lambda t: t.replace("<xliff ", "<xlf "), "xliff.not_xliff"),
    (lambda t: t.replace("urn:oasis:names:tc:xliff:document:1.2", "urn:x"), "xliff.not_xliff"),
    (lambda t: t.encode("utf-8") + b"\xff\xfe", "xliff.not_xliff"),
    (lambda t: "", "xliff.not_xliff"),
    (lambda t: "<a>" * 100_000, "xliff.not_xliff"),
    (lambda t: "<a>" * 1_000_000 + "</a>" * 1_000_000, "xliff.not_xliff"),
], ids=["unknown-language", "source-language", "no-language", "other-program", "path-id",
        "long-id", "unknown-case", "truncated", "not-xliff", "namespace", "bad-utf8", "empty",
        "deep-open", "deep-closed"])
def test_files_that_cannot_be_read_say_why(setting, change, code):
    assert refused(setting, change(setting["returned"])).code == code


def test_unknown_units_and_huge_units(setting):
    """Ids the case does not have are counted, not written (their ids cut for the report); a
    huge unit within the bound is a long translation."""
    text = setting["returned"].replace('id="topic"', 'id="' + "\u202e" + "x" * 500 + '"', 1)
    text = text.replace('id="summary"', 'id="allegations.99999"', 1)
    text = text.replace("Traduction revue 1.", "y" * 3 * 2**20)
    case, lang, result = import_xliff(setting["ws"], write(setting, text))
    assert len(result.unknown) == 2
    assert all(len(u) <= 80 and u.isprintable() for u in result.unknown)
    assert "allegations.99999" in result.unknown


# ---------------------------------------------------------------------- structure-aware fuzzing
ATTRIBUTE = re.compile(r'\b(id|state|target-language|source-language|original|version|'
                       r'xml:space|datatype|xmlns)="([^"]*)"')
ELEMENT = re.compile(r"<(trans-unit|target|source|note|body|file)\b[^>]*>.*?</\1>", re.DOTALL)
VALUES = st.one_of(
    st.sampled_from(["", "fr", "fr-FR", "FR", "en", "xx", "zh-Hant", "ar", "ru", "es",
                     "topic", "summary", "allegations.0", "allegations.99999", "persons.p1.name",
                     "persons.zz.role", "background.-1", "background.٣", "needs-translation",
                     "translated", "commdraft:", "commdraft:demo-mne-2024", "1.2", "2.0",
                     "x" * 1000, "\u202e", "&amp;", "&#0;", "&#x1F600;", "&undefined;",
                     "urn:oasis:names:tc:xliff:document:1.2"]),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters='"&<'), max_size=20))
TEXTS = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="&<"), max_size=40),
    st.sampled_from(["", "   ", "\u202eevil", "<g id='1'>gras</g> texte", "<x id='1'/>",
                     "<![CDATA[<b>]]>", "&lt;", "&#xD;&#xA;", "\t\n"]),
    st.integers(1, 2 * 2**20).map(lambda n: "z" * n))
HOSTILE = st.sampled_from([
    '<!DOCTYPE x [<!ENTITY e "e">]>', "&e;", "<!ENTITY e 'x'>", "\x00", "\ud800", "<", "]]>",
    "<?xml version='1.0'?>", "<trans-unit id='topic'><target>x</target></trans-unit>",
    "</body>", "<file original='commdraft:demo-mne-2024' target-language='fr'>"])


@st.composite
def mutated(draw, text: str) -> tuple[bytes, list[str]]:
    done: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["attribute", "attribute", "attribute", "element",
                                     "element", "text", "text", "insert", "truncate"]))
        done.append(kind)
        if kind == "attribute":
            found = list(ATTRIBUTE.finditer(text))
            if not found:
                continue
            match = found[draw(st.integers(0, len(found) - 1))]
            text = (text[:match.start()] + f'{match.group(1)}="{draw(VALUES)}"'
                    + text[match.end():])
        elif kind == "element":
            found = list(ELEMENT.finditer(text))
            if not found:
                continue
            match = found[draw(st.integers(0, len(found) - 1))]
            copies = draw(st.sampled_from([0, 2, 3]))  # removed, doubled, tripled
            text = text[:match.start()] + match.group(0) * copies + text[match.end():]
        elif kind == "text":
            found = list(re.finditer(r"(<(?:target|source)[^>]*>)([^<]*)", text))
            if not found:
                continue
            match = found[draw(st.integers(0, len(found) - 1))]
            text = text[:match.start()] + match.group(1) + draw(TEXTS) + text[match.end():]
        elif kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(HOSTILE) + text[at:]
        else:
            text = text[:draw(st.integers(0, len(text)))]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16",
                                     "latin-1"]))
    if encoding == "latin-1":
        text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    done.append(encoding)
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else
                       "xmlcharrefreplace"), done


def test_mutated_files_import_or_are_refused_with_a_code(setting):
    """Hypothesis mutates the real file: it imports, or a coded CommdraftError, and the case is
    then as it was; never another exception. Not vacuous: both outcomes occur."""
    ws, case_id, path = setting["ws"], setting["case"], setting["root"] / "mutated.xlf"
    outcomes: Counter = Counter()

    @FUZZ
    @given(mutated(setting["returned"]))
    def check(mutation):
        data, done = mutation
        path.write_bytes(data)
        before = snapshot(ws, case_id)
        try:
            import_xliff(ws, path)
        except CommdraftError as exc:
            assert exc.code, (done, exc)
            assert snapshot(ws, case_id) == before, done
            outcomes["refused"] += 1
            event(f"refused: {exc.code}")
        else:
            outcomes["imported"] += 1

    check()
    assert outcomes["imported"] >= 1 and outcomes["refused"] >= 1, outcomes
