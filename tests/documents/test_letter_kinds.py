"""Letters as the UN sends them: the kind shapes the letter, the holder in office on the
letter's date signs under the title of that date, resolutions are cited by adoption date and
body, references are printed as the registry and earlier letters give them."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.documents import build_context
from desktop_app.domain.case import Case, Instrument
from desktop_app.reference import demo_case

DAY = date(2024, 8, 20)


def letter(workspace, case: Case, lang: str = "en", variant: str = "full") -> dict:
    return build_context(case, lang, variant, workspace.reference)


def words(ctx: dict) -> str:
    """Every text of a context, flattened."""
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("unit_keys", "properties", "letterhead"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(ctx)
    return "\n".join(out)


@pytest.fixture
def facts() -> Case:
    case = Case.from_dict(demo_case())
    case.dates.sent = DAY
    case.text = {"en": case.text["en"]}
    return case


def as_kind(case: Case, kind: str) -> Case:
    copy = Case.from_dict(case.to_dict())
    copy.kind = kind
    copy.reference = None
    if kind == "UA":
        copy.text["en"].urgent_request = [
            "that Ms. Smailova be given access without delay to the medical care she needs;",
            "that she not be handed over to Kazakhstan while her application is pending."]
    if kind == "OL":
        copy.instrument = Instrument("Law on Foreigners (amendments)", "bill", date(2024, 5, 2))
    return copy


def test_the_same_facts_as_al_ua_and_ol(workspace, facts):
    al, ua, ol = (letter(workspace, as_kind(facts, k)) for k in ("AL", "UA", "OL"))
    # AL: interim measures and accountability in one paragraph, no urgency.
    assert "hold accountable those responsible" in al["interim_measures"]
    assert al["urgency"] == "" and al["urgent_request"] == [] and al["accountability"] == ""
    # UA: the urgency paragraph, the case's urgent request after "in particular:", then
    # accountability on its own.
    assert ua["urgency"].startswith("In view of the urgency of the matter")
    assert ua["interim_measures"].endswith("in particular:")
    assert ua["urgent_request"][0].startswith("that Ms. Smailova be given access")
    assert "hold accountable" in ua["accountability"]
    # OL: presents the text, comments on it, invites its review; no violations, no culprits.
    text = words(ol)
    assert "the bill “Law on Foreigners (amendments)” of 2 May 2024" in ol["lead_in"]
    assert "compatibility of this text" in ol["concerns_intro"]
    assert "review the bill" in ol["interim_measures"]
    assert "alleged violations" not in text and "hold accountable" not in text
    assert "these allegations" not in ol["legal_reference"]
    assert ol["urgency"] == "" and ol["accountability"] == ""


def test_an_ol_needs_no_person_but_its_text(workspace, facts):
    case = as_kind(facts, "OL")
    case.persons = []
    codes = {item.code for item in workspace.check(case)}
    assert "persons.none" not in codes
    case.instrument = None
    assert "instrument.no_title" in {item.code for item in workspace.check(case)}
    ua = as_kind(facts, "UA")
    ua.text["en"].urgent_request = []
    assert "urgent_request.empty" in {item.code for item in workspace.check(ua)}


def test_a_working_group_alone_speaks_in_one_capacity(workspace, facts):
    case = Case.from_dict(facts.to_dict())
    case.mandates = ["wgad"]
    ctx = letter(workspace, case)
    assert ctx["opening"].startswith(
        "We have the honour to address you in our capacity as Working Group on Arbitrary "
        "Detention, pursuant to Human Rights Council resolution 51/8.")
    assert "capacities" not in ctx["opening"] and "resolutions" not in ctx["opening"]
    assert ctx["mandates_line"].startswith("Mandate of the Working Group on Arbitrary Detention")
    assert ctx["signatures"] == [{
        "name": "Matthew Gillett",
        "title": "Chair-Rapporteur of the Working Group on Arbitrary Detention"}]


def test_disappearances_signs_through_its_chair_rapporteur_in_her_gender(workspace, facts):
    case = Case.from_dict(facts.to_dict())
    case.mandates = ["disappearances"]
    case.dates.sent = date(2025, 6, 2)
    ctx = letter(workspace, case)
    assert ctx["signatures"][0]["title"].startswith("Chair-Rapporteur of the Working Group on "
                                                    "Enforced or Involuntary Disappearances")
    case.text["fr"] = Case.from_dict(demo_case()).text["fr"]
    french = letter(workspace, case, "fr")
    assert french["signatures"][0]["title"].startswith("Présidente-Rapporteuse")


def test_resolutions_are_cited_by_adoption_date(workspace, facts):
    case = Case.from_dict(facts.to_dict())
    case.mandates = ["hrd", "torture"]
    case.dates.sent = date(2026, 1, 15)  # before the Council's spring session of 2026
    ctx = letter(workspace, case)
    assert "resolutions 52/4 and 52/7" in ctx["opening"]
    case.dates.sent = date(2014, 3, 1)
    hrd = workspace.reference.mandates["hrd"]
    expected = hrd.resolution_on(date(2014, 3, 1))
    assert expected is not None and expected.in_force_from <= date(2014, 3, 1)
    assert expected.number in letter(workspace, case)["opening"]
    assert "25/18" not in letter(workspace, case)["opening"]  # adopted on 28 March 2014


def test_a_commission_resolution_is_named_as_such(workspace, facts):
    case = Case.from_dict(facts.to_dict())
    case.mandates = ["hrd", "opt"]
    ctx = letter(workspace, case)
    assert ("pursuant to Human Rights Council resolution 52/4 and Commission on Human Rights "
            "resolution 1993/2 A.") in ctx["opening"]


def test_a_letter_may_cite_another_resolution_and_check_says_which(workspace, facts):
    case = Case.from_dict(facts.to_dict())
    items = [i for i in workspace.check(case) if i.code == "mandate.cites"]
    assert {i.params["mandate"]: i.params["resolution"] for i in items}["hrd"] == "52/4"
    case.resolutions = {"hrd": "43/16"}
    assert "resolutions 43/16" in letter(workspace, case)["opening"]
    items = [i for i in workspace.check(case) if i.params.get("mandate") == "hrd"]
    assert any(i.code == "mandate.cites_override" and i.kind == "info" for i in items)


def test_check_reports_a_tenure_that_has_ended(workspace, facts):
    case = Case.from_dict(facts.to_dict())
    case.mandates = ["torture"]  # holder since 1 August 2022, no end recorded
    assert workspace.check(case, today=None)  # (the letter's own date is used)
    case.dates.sent = date(2028, 9, 1)
    ended = [i for i in workspace.check(case) if i.code == "mandate.term_ended"]
    assert ended and ended[0].params["ended"] == "2028-07-31"
    assert letter(workspace, case)["signatures"][0]["name"] == ""  # nobody signs by mistake
    case.dates.sent = DAY
    assert not [i for i in workspace.check(case) if i.code == "mandate.term_ended"]


def test_titles_as_they_stood_on_the_letters_date(workspace, facts):
    mandate = workspace.reference.mandates["wg-women-girls"]
    assert mandate.title_history
    change = mandate.title_history[0]
    before = mandate.title_in("en", None, change.until)
    after = mandate.title_in("en", None, date(2024, 8, 20))
    assert before != after
    case = Case.from_dict(facts.to_dict())
    case.dates.sent = change.until
    assert mandate.line_in("en", None, change.until) in letter(workspace, case)["mandates_line"]


def test_references_as_given_code_only_and_old(workspace, facts):
    from desktop_app.domain.case import Related

    case = Case.from_dict(facts.to_dict())
    case.related = [Related("KAZ 1/2024", date(2024, 3, 18), None),
                    Related("JUA KAZ 7/2012", date(2012, 5, 2), None)]
    case.text["en"].background.append("The earlier letter KAZ 1/2024 set out these facts.")
    ctx = letter(workspace, case)
    cited = ctx["background"][len(case.text["en"].background):]  # the tool's sentences
    assert len(cited) == 1  # KAZ 1/2024 is already cited by the drafter's text
    assert "UA KAZ 7/2012" in cited[0] and "JUA" not in cited[0]
    old = Case.from_dict(facts.to_dict())
    old.kind = "UA"
    old.reference = "UA G/SO 214 (67-17) Assembly (2010-1) TUR 4/2013"
    old.dates.sent = date(2013, 3, 5)
    full, short = letter(workspace, old), letter(workspace, old, variant="short")
    assert full["reference"] == old.reference  # the letter keeps the line it had
    assert full["t"]["reference_label"].startswith("REFERENCE:")  # as letters then headed it
    assert full["reference_note"] == ""
    assert "UA TUR 4/2013" in short["title_line"] and "G/SO" not in short["title_line"]
    from desktop_app.workspace import document_stem

    assert document_stem(old) == "UA-TUR-4-2013"
    joint = Case.from_dict(facts.to_dict())
    joint.kind, joint.reference = "UA", "JUA KAZ 2/2012"
    assert letter(workspace, joint)["reference"] == "UA KAZ 2/2012"


def test_the_modern_reference_line_and_the_letterhead(workspace, facts):
    case = Case.from_dict(facts.to_dict())
    case.reference = "AL MNE 1/2024"
    ctx = letter(workspace, case)
    assert ctx["t"]["reference_label"] == "Ref.: "
    assert ctx["reference_note"] == " (Please use this reference in your reply)"
    assert ctx["letterhead"]["right_procedures"] == "SPECIAL PROCEDURES OF THE HUMAN RIGHTS COUNCIL"
    old = Case.from_dict(facts.to_dict())
    old.dates.sent = date(2014, 1, 31)
    preamble = letter(workspace, old, variant="short")["preamble"]
    assert "communications report" in preamble and "60 days" not in preamble


def test_a_workspace_adapts_a_formula_without_a_release(workspace, demo, tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    folder = workspace.root / "i18n" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalog = Catalog(locale="en")
    catalog.add("Please accept, Excellency, the assurances of our highest consideration.",
                "Please accept, Excellency, the renewed assurances of our highest "
                "consideration.", context="several signatories")
    with (folder / "letters.po").open("wb") as handle:
        write_po(handle, catalog)
    ctx = workspace.context(workspace.load(demo.id), "en", "full")
    assert ctx["closing"] == ("Please accept, Excellency, the renewed assurances of our "
                              "highest consideration.")
    paths, problems = workspace.check_templates()
    assert not problems, problems
    catalog.add("I have the honour to address you in my capacity as {capacities}, pursuant to "
                "{resolutions}.", "I write as {capacity}.", context="one signatory")
    catalog.add("No such message in the shipped wording.", "Whatever.")
    with (folder / "letters.po").open("wb") as handle:
        write_po(handle, catalog)
    paths, problems = workspace.check_templates()
    found = " | ".join(str(p) for p in problems)
    assert "placeholders differ" in found and "no such message" in found


HOUSE_FORMULAS = {
    "en": ("Ref.: AL MNE 1/2024 (Please use this reference in your reply)",
           "We have the honour to address you in our capacity as",
           "Please accept, Excellency, the assurances of our highest consideration."),
    "fr": ("Réf.\u00a0: AL MNE 1/2024 (Veuillez rappeler cette référence dans votre réponse)",
           "Nous avons l’honneur de nous adresser à vous en notre qualité de",
           "Veuillez agréer, Excellence, l’assurance de notre haute considération."),
    "es": ("Ref.: AL MNE 1/2024 (por favor, utilice esta referencia en su respuesta)",
           "Tenemos el honor de dirigirnos a Usted en nuestra calidad de",
           "Acepte, Excelencia, la expresión de nuestra más distinguida consideración."),
    "ru": ("AL MNE 1/2024", "Имеем честь обратиться к Вам в качестве",
           "Примите, Ваше Превосходительство, уверения в нашем самом высоком уважении."),
    "ar": ("AL MNE 1/2024", "يشرفنا أن نخاطبكم بصفتنا",
           "وتفضلوا، صاحب السعادة، بقبول أسمى عبارات تقديرنا."),
    "zh": ("编号：AL MNE 1/2024（", "我们谨以", "请阁下接受我们最崇高的敬意。"),
}
LIST_OF_RESOLUTIONS = {
    "en": "resolutions 52/4, 52/9, 50/18, and 52/7",
    "fr": "aux résolutions 52/4, 52/9, 50/18 et 52/7 du Conseil des droits de l’homme",
    "es": "las resoluciones 52/4, 52/9, 50/18 y 52/7 del Consejo de Derechos Humanos",
    "ru": "резолюциями 52/4, 52/9, 50/18 и 52/7 Совета по правам человека",
    "ar": "52/4 و52/9 و50/18 و52/7",  # و before every item
    "zh": "第52/4、52/9、50/18和52/7号决议",  # 、 between items
}


@pytest.mark.parametrize("lang", sorted(HOUSE_FORMULAS))
def test_the_house_formulas_in_six_languages(workspace, demo, lang):
    ctx = workspace.context(workspace.load(demo.id), lang, "full")
    reference, opening, closing = HOUSE_FORMULAS[lang]
    line = ctx["t"]["reference_label"] + ctx["reference"] + ctx["reference_note"]
    assert reference in line, line
    assert ctx["opening"].startswith(opening), ctx["opening"]
    assert LIST_OF_RESOLUTIONS[lang] in ctx["opening"], ctx["opening"]
    assert ctx["closing"] == closing
    assert "репрессал" not in str(ctx)  # reprisals: «репрессии», never «репрессалии»
