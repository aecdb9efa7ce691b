"""Every message of the core in the user's language: codes from the core, words at the edge."""

from __future__ import annotations

import ast
import errno
import json
import re
from datetime import date
from pathlib import Path

import pytest

from desktop_app import PROJECT_ROOT
from desktop_app.cli import main
from desktop_app.documents import errors as document_errors
from desktop_app.domain import completeness, lifecycle
from desktop_app.domain.case import Case, Person
from desktop_app.domain.errors import CommdraftError, TransitionError
from desktop_app.domain.lifecycle import transition
from desktop_app.domain.notices import Notice
from desktop_app.reference import demo_case
from desktop_app.storage import errors as storage_errors
from desktop_app.workspace import checks, fileerrors, reviews, xliff
from desktop_app.workspace.messages import (
    COUNTED,
    FSI,
    PDI,
    SECTION_TITLES,
    TEMPLATES,
    Plural,
    cli_language,
    describe,
    section_title,
)

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
ARABIC = re.compile("[\u0600-\u06ff]")
CODE = re.compile(r"^[a-z_]+\.[a-z_.]+$")


# ---------------------------------------------------------------------- every code has words
def _codes_in_source() -> set[str]:
    """Every code literal the package hands out: ``code=`` keywords, class attributes
    ``code = ...``, ``Notice("...")`` and ``Missing(section, field, "...")``."""
    found: set[str] = set()
    for path in (PROJECT_ROOT / "desktop_app").rglob("*.py"):
        if path.name in ("messages.py", "message_templates.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values: list[ast.AST] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                values += [k.value for k in node.keywords if k.arg == "code"]
                if name == "Notice" and node.args:
                    values.append(node.args[0])
                if name == "Missing" and len(node.args) >= 3:
                    values.append(node.args[2])
            elif isinstance(node, ast.ClassDef):
                values += [s.value for s in node.body if isinstance(s, ast.Assign)
                           and any(getattr(t, "id", "") == "code" for t in s.targets)]
            for value in values:
                if isinstance(value, ast.IfExp):
                    value = [value.body, value.orelse]
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, ast.Constant) and isinstance(v.value, str):
                        found.add(v.value)
    return {code for code in found if CODE.match(code)}


def test_every_code_the_core_produces_has_a_template():
    declared = {*completeness.CODES, *lifecycle.CODES, *checks.CODES, *reviews.CODES,
                *storage_errors.CODES, *fileerrors.CODES, *document_errors.CODES,
                *xliff.CODES}
    in_source = _codes_in_source()
    assert {"status.refused", "send.open_items", "case.frozen", "case.unknown",
            "store.write_failed", "review.nothing_new"} <= in_source
    missing = sorted((declared | in_source) - set(TEMPLATES))
    assert not missing, f"codes without a template in workspace/message_templates.py: {missing}"


def test_the_codes_each_producer_gives_are_the_ones_it_declares():
    """``CODES`` of each module lists what it gives (the walk above relies on it for codes
    built from a variable, e.g. ``f"{section}.empty"``)."""
    case = Case.from_dict(demo_case())
    case.id, case.status = "x", "draft"
    case.mandates.append("nope")
    case.text["en"].background = []
    case.text["en"].concerns[0] = "changed"
    case.text["fr"].allegations = []
    case.persons.append(Person(id="p9", name="A Person", gender="unspecified"))
    case.legal_framework.append("no-clause")
    from desktop_app.reference import load_reference

    items = checks.check_case(load_reference(), case, today=date(2024, 8, 20))
    produced = {item.code for item in items}
    assert produced <= {*completeness.CODES, *checks.CODES}
    assert {"translation.missing", "translation.stale", "background.empty",
            "mandate.unknown"} <= produced
    for target in ("sent", "published", "nowhere"):
        for reason in lifecycle.blockers(case, target, date(2024, 9, 1)):
            assert reason.code in lifecycle.CODES


# ---------------------------------------------------------------------- in the user's language
def _english_words(template: str | Plural) -> set[str]:
    text = template.plural if isinstance(template, Plural) else template
    text = re.sub(r"`[^`]*`|\{\w+\}|UNTERM", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}


def _demo_like_case() -> Case:
    """The demo case as a drafter might leave it half done: every section has something."""
    case = Case.from_dict(demo_case())
    case.status = "approved"
    case.dates.sent = None
    case.recipient.state = None
    case.text["en"].summary = ""
    case.text["en"].questions = []
    case.standard_questions = []
    case.text["en"].concerns[0] += " (edited after the translations were made)"
    case.text["ru"].background = case.text["ru"].background[:1]
    case.persons[0].gender = "unspecified"
    case.persons[0].role = {}
    return case


def test_the_checklist_of_a_demo_like_case_reads_in_arabic(workspace):
    items = workspace.check(_demo_like_case())
    codes = {item.code for item in items}
    assert {"recipient.no_state", "person.no_role", "person.no_gender", "summary.missing",
            "questions.none", "translation.stale", "translation.missing",
            "mandate.no_holder"} <= codes
    for item in items:
        text = describe(item, "ar", workspace.reference)
        assert ARABIC.search(text), text
        english = _english_words(TEMPLATES[item.code]) - {"commdraft"}
        leaked = {w for w in re.findall(r"[A-Za-z]{4,}", re.sub(r"`[^`]*`", "", text))
                  if w.lower() in english}
        assert not leaked, f"{item.code}: English words {leaked} in {text!r}"
        assert item.code not in text


def test_every_section_title_is_translated():
    for lang in LANGS:
        titles = {section_title(s, lang) for s in completeness.SECTIONS}
        assert len(titles) == len(completeness.SECTIONS)
        if lang != "en":
            assert not titles & set(SECTION_TITLES.values()) - {"Questions"}, lang
    assert section_title("legal_review", "ru") == "Юридическая проверка"


def test_a_mandate_is_named_by_its_title_never_by_its_id(workspace):
    case = Case.from_dict(demo_case())  # hrd and wg-women-girls
    items = [i for i in workspace.check(case, today=date(2024, 8, 20))
             if "mandate" in i.params or "mandates" in i.params]
    assert items
    mandates = {m: workspace.reference.mandates[m] for m in case.mandates}
    for item in items:
        for lang in LANGS:
            text = describe(item, lang, workspace.reference)
            for mid in mandates:  # an id that is a word of a title ("torture") may show
                if not any(mid in m.title_in(lang) for m in mandates.values()):
                    assert mid not in text
            named = item.params.get("mandates") or [item.params.get("mandate")]
            for mid in named:
                assert mandates[mid].title_in(lang) in text


def test_numbers_and_latin_names_are_isolated_in_arabic_only():
    notice = Notice("translation.missing", {"lang": "fr", "count": 3, "case": "AL MNE 1/2024"})
    arabic = describe(notice, "ar")
    assert f"{FSI}3{PDI}" in arabic and f"{FSI}AL MNE 1/2024{PDI}" in arabic
    assert "الفرنسية" in arabic  # the language named in Arabic, not isolated as a code
    for lang in ("en", "fr", "ru", "zh", "es"):
        text = describe(notice, lang)
        assert FSI not in text and PDI not in text and "3" in text
    role = Notice("person.no_role", {"name": "Dinara Smailova", "lang": "en"})
    assert f"{FSI}Dinara Smailova{PDI}" in describe(role, "ar")
    assert f"{FSI}دينارا{PDI}" not in describe(Notice("person.no_role",
                                                       {"name": "دينارا", "lang": "en"}), "ar")


@pytest.mark.parametrize(("lang", "counts"), [
    ("ru", {1: "1 текст еще не переведен", 3: "3 текста еще не переведены",
            5: "5 текстов еще не переведены", 11: "11 текстов", 21: "21 текст еще",
            22: "22 текста"}),
    ("ar", {0: "\u20680\u2069 نص ", 1: "\u20681\u2069 نص ", 2: "\u20682\u2069 نصّان",
            3: "\u20683\u2069 نصوص", 11: "\u206811\u2069 نصاً", 100: "\u2068100\u2069 نص "}),
    ("fr", {0: "0 texte à traduire", 1: "1 texte à traduire", 2: "2 textes à traduire"}),
    ("es", {1: "le queda 1 texto", 2: "le quedan 2 textos"}),
    ("zh", {1: "仍有1段文本", 7: "仍有7段文本"}),
    ("en", {1: "has 1 text still", 2: "has 2 texts still"}),
])
def test_counts_take_the_plural_form_of_the_language(lang, counts):
    for n, expected in counts.items():
        text = describe(Notice("translation.missing", {"lang": "fr", "count": n, "case": "X"}),
                        lang)
        assert expected in text, (n, text)


def test_arabic_has_six_forms_and_russian_three():
    from desktop_app.i18n import translations

    forms = {}
    for lang, ns in (("ar", (0, 1, 2, 3, 11, 100)), ("ru", (1, 2, 5)), ("zh", (1, 2))):
        catalog = translations("messages", lang)
        template = COUNTED["comments"]
        forms[lang] = {catalog.ngettext(template.singular, template.plural, n) for n in ns}
    assert len(forms["ar"]) >= 4 and len(forms["ru"]) == 3 and len(forms["zh"]) == 1
    assert "{count} تعليقان مفتوحان" in forms["ar"]


def test_a_refused_status_change_in_words():
    case = Case(status="sent", reference=None)
    case.dates.sent = date(2024, 8, 20)
    with pytest.raises(TransitionError) as info:
        transition(case, "published", date(2024, 9, 1))
    assert describe(info.value) == ("The case cannot become “published”: the 60 days of "
                                    "confidentiality end on 19 October 2024; the case has no "
                                    "reference.")
    french = describe(info.value, "fr")
    assert "«\u00a0publiée\u00a0»" in french and "19 octobre 2024\u00a0;" in french
    arabic = describe(info.value, "ar")
    assert "«منشورة»" in arabic and "؛ " in arabic and "تشرين الأول/أكتوبر" in arabic


def test_errors_that_are_not_coded_fall_back_to_their_english():
    assert describe(CommdraftError("the two passphrases differ"), "ar") == \
        "the two passphrases differ"
    assert describe(ValueError("plain"), "fr") == "plain"
    assert describe("already words", "ru") == "already words"
    # An unknown code keeps the English sentence it came with.
    assert describe(Notice("not.a.code", {}, "an English sentence"), "zh") == \
        "an English sentence"
    assert describe(CommdraftError("x", code="not.a.code"), "es") == "x"


# ---------------------------------------------------------------------- the store's errors
def test_a_refused_write_says_what_and_why_in_the_language(tmp_path):
    from desktop_app.storage.log.faults import write_error
    from desktop_app.storage.log.layout import StoreLayout

    layout = StoreLayout.of_workspace(tmp_path)
    error = write_error(OSError(errno.ENOSPC, "No space left", str(layout.root / "cases" / "x.log")),
                        layout, "save")
    assert (error.code, error.params["action"], error.params["reason"]) == (
        "store.write_failed", "save", "disk_full")
    assert describe(error) == "Could not save: the disk is full (store/cases/x.log); nothing " \
                              "was changed."
    assert describe(error, "fr").startswith("Impossible d'enregistrer\u00a0: le disque est plein")
    assert f"{FSI}store/cases/x.log{PDI}" in describe(error, "ar")
    odd = write_error(OSError(errno.ENAMETOOLONG, "File name too long"), layout, "delete the case")
    assert describe(odd, "ru") == ("Не удалось удалить дело: система отказала в записи (File "
                                   "name too long); ничего не изменено.")


def test_a_damaged_store_names_its_file_and_the_backup(tmp_path):
    from datetime import UTC, datetime

    from desktop_app.storage import BackupInfo

    damage = storage_errors.StoreCorruptError(tmp_path / "cases" / "x.log", "bad CRC", line=7)
    backup = BackupInfo(tmp_path / "backups" / "b1", datetime(2024, 8, 20, 9, 30, tzinfo=UTC), 2)
    told = damage.with_backup(backup, ". advice", [Notice("store.backup_available", {
        "backup": "backups/b1", "made": backup.created.isoformat(), "count": 2})])
    text = describe(told)
    assert text.startswith(f"A file of the workspace's store is damaged: {tmp_path}/cases/x.log, "
                           "line 7. It was left as it is. Nothing was changed. The newest "
                           "backup is backups/b1 (made 20 August 2024 09:30 UTC, 2 cases)")
    russian = describe(told, "ru")
    assert "строка 7" in russian and "2 дела" in russian


def test_conflicts_do_not_show_the_kept_file(workspace):
    from desktop_app.storage import ConflictError

    draft = workspace.new_case(state="MNE")
    mine, theirs = workspace.load(draft.id), workspace.load(draft.id)
    theirs.text["en"].topic = "their topic"
    workspace.save(theirs)
    mine.text["en"].topic = "my topic"
    with pytest.raises(ConflictError) as info:
        workspace.save(mine)
    error = info.value
    assert error.code == "conflict.saved_elsewhere" and error.params["case"] == draft.id
    assert (error.params["revision"], error.params["current"]) == (1, 2)
    assert error.kept_as in str(error)  # the log keeps the file's name
    assert "/" not in error.kept_as and workspace.store.conflict_path(error.kept_as).exists()
    for lang in LANGS:
        assert error.kept_as not in describe(error, lang)
    assert "conflicts folder" in describe(error)


def test_a_missing_case_in_words(workspace):
    with pytest.raises(CommdraftError) as info:
        workspace.load("AL XYZ 9/2020")
    assert info.value.code == "case.unknown"
    assert describe(info.value, "es").startswith("No hay ningún caso AL XYZ 9/2020")


# ---------------------------------------------------------------------- the command line
def test_the_cli_language_comes_from_the_environment():
    assert cli_language({}) == "en"
    assert cli_language({"LANG": "fr_FR.UTF-8"}) == "fr"
    assert cli_language({"LANG": "C.UTF-8", "LC_MESSAGES": "de_DE"}) == "en"
    assert cli_language({"LANGUAGE": "de:ru", "LANG": "fr_FR"}) == "ru"
    assert cli_language({"LC_ALL": "zh_CN.UTF-8", "LANG": "es_ES"}) == "zh"
    assert cli_language({"COMMDRAFT_LANG": "ar", "LANGUAGE": "fr"}) == "ar"
    assert cli_language({"COMMDRAFT_LANG": "xx", "LANG": "es_MX.UTF-8"}) == "es"


def _check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_gives_codes_and_messages_in_the_cli_language(capsys, tmp_path, monkeypatch):
    ws = ["--workspace", str(tmp_path / "ws")]
    assert main(["demo", *ws]) == 0
    case = demo_case()
    case.update(id="half-done", reference=None, status="draft", mandates=["hrd", "nope"])
    case["dates"] = {"sent": None, "reply": None, "reply_kind": None}
    case["text"]["en"]["background"] = []
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(path), *ws]) == 1  # "nope" is not a mandate
    case["mandates"] = ["hrd"]
    path.write_text(json.dumps(case), encoding="utf-8")
    assert main(["import", str(path), *ws]) == 0
    capsys.readouterr()
    code, out, _ = _check(capsys, "half-done", "--json", *ws)
    items = json.loads(out)
    assert code == 0 and items
    assert all(set(item) == {"section", "field", "code", "message"} for item in items)
    assert {item["code"] for item in items} <= set(TEMPLATES)
    empty = next(item for item in items if item["code"] == "background.empty")
    assert empty == {"section": "background", "field": "text.en.background",
                     "code": "background.empty", "message": "Write the background."}
    monkeypatch.setenv("COMMDRAFT_LANG", "ru")
    code, out, _ = _check(capsys, "half-done", "--json", *ws)
    russian = {item["code"]: item["message"] for item in json.loads(out)}
    assert russian["background.empty"] == "Напишите общие сведения."
    code, out, _ = _check(capsys, "half-done", *ws)
    assert "Общие сведения:\n  - Напишите общие сведения.  [text.en.background]" in out
    monkeypatch.setenv("COMMDRAFT_LANG", "ar")
    code, _, err = _check(capsys, "no-such-case", *ws)
    assert code == 1 and ARABIC.search(err) and f"{FSI}no-such-case{PDI}" in err


def test_cli_errors_are_described_in_the_cli_language(capsys, tmp_path, monkeypatch):
    ws = ["--workspace", str(tmp_path / "ws")]
    assert main(["demo", *ws]) == 0
    capsys.readouterr()
    monkeypatch.setenv("COMMDRAFT_LANG", "fr")
    assert main(["set-status", "AL MNE 1/2024", "draft", *ws]) == 1
    err = capsys.readouterr().err
    assert err.startswith("commdraft: error: Le cas ne peut pas passer au statut "
                          "«\u00a0brouillon\u00a0»")
    assert "«\u00a0envoyée\u00a0»" in err


def test_a_review_import_warns_in_words(workspace, demo):
    notice = Notice("review.paragraphs_lost", {"count": 8, "paragraphs": [
        "background.0", "questions.1", "summary", "public.concerns.2", "update.0", "topic"]})
    assert describe(notice) == (
        "8 paragraphs of the copy were deleted or lost their marks: Background ¶1, Question 2, "
        "The information concerns…, Concerns (shortened) ¶3, Update ¶1, Topic, ….")
    assert describe(Notice("review.paragraphs_lost", {"count": 1, "paragraphs": [
        "concerns.0"]}), "es") == ("1 párrafo de la copia se ha eliminado o ha perdido sus "
                                   "marcas: Motivos de preocupación ¶1.")


def test_the_templates_keep_their_placeholders_in_every_language():
    """Each template's words, in each language, can be filled with its own parameters."""
    from desktop_app.i18n import translations

    for lang in LANGS:
        catalog = translations("messages", lang)
        for code, template in TEMPLATES.items():
            english = template.plural if isinstance(template, Plural) else template
            words = (catalog.ngettext(template.singular, template.plural, 5)
                     if isinstance(template, Plural) else catalog.gettext(template))
            names = set(re.findall(r"\{(\w+)\}", english))
            assert set(re.findall(r"\{(\w+)\}", words)) == names, (lang, code)
            assert lang == "en" or words != english, (lang, code)


def test_the_messages_catalog_is_a_domain_of_its_own():
    from desktop_app.i18n import DOMAINS, available_languages

    assert "messages" in DOMAINS
    assert available_languages("messages") == list(LANGS)
    assert Path(PROJECT_ROOT / "i18n" / "messages.pot").exists()


def test_a_refused_delete_and_restore_name_the_case_by_its_reference(workspace, demo):
    from desktop_app.storage import CaseExistsError, ConflictError

    with pytest.raises(ConflictError) as info:
        workspace.store.delete(demo.id, base_revision=1)
    assert info.value.code == "conflict.not_deleted"
    assert info.value.params["case"] == "AL MNE 1/2024"
    assert describe(info.value).startswith("Case AL MNE 1/2024 was saved elsewhere since "
                                           "revision 1 (the workspace has revision")
    with pytest.raises(CaseExistsError) as info:
        workspace.store.restore_deleted(demo.id)
    assert (info.value.code, info.value.params["case"]) == ("case.exists_no_restore",
                                                            "AL MNE 1/2024")


def test_a_document_in_a_language_the_case_lacks_is_said_in_the_users_language() -> None:
    from desktop_app.documents.context import build
    from desktop_app.reference import load_reference

    case = Case.from_dict(demo_case())
    lacking = "fr"
    case.text.pop(lacking)
    with pytest.raises(document_errors.DocumentError) as info:
        build(case, lacking, "full", load_reference())
    assert info.value.code == "document.no_text"
    words = describe(info.value, "ar")
    assert "خطوة «الترجمة»" in words and "{" not in words
    assert "Translation step" in describe(info.value, "en")
