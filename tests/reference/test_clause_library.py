"""The legal-framework clause library and the standard questions: six languages, in the right
script, every clause naming its instrument and article, the entries a case may already cite still
there, and the English of those entries unchanged (or only extended where noted)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from desktop_app.reference import clear_reference_cache, demo_case, load_reference

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
DATA_DIR = Path(__file__).resolve().parents[2] / "desktop_app" / "reference" / "data"
SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

#: Letters of each non-Latin script; a text must be written mostly in its own script (a few Latin
#: letters remain legitimate: "217 A (III)", "jus cogens").
SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"),
    "zh": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF]"),
    "ru": re.compile(r"[\u0400-\u04FF]"),
}
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
FOREIGN_TO_LATIN = re.compile(r"[\u0400-\u04FF\u0600-\u06FF\u3400-\u9FFF]")

#: How each instrument is named in the text of every language (a case-proof fragment of the
#: official name, or an accepted short form); a clause must name its instrument in all six.
INSTRUMENT_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "UDHR": {
        "en": ("Universal Declaration of Human Rights",),
        "fr": ("Déclaration universelle des droits de l'homme",),
        "es": ("Declaración Universal de Derechos Humanos",),
        "ru": ("декларации прав человека",),
        "zh": ("《世界人权宣言》",),
        "ar": ("الإعلان العالمي لحقوق الإنسان",),
    },
    "ICCPR": {
        "en": ("International Covenant on Civil and Political Rights", "ICCPR"),
        "fr": ("Pacte international relatif aux droits civils et politiques",),
        "es": ("Pacto Internacional de Derechos Civiles y Políticos",),
        "ru": ("пакт о гражданских и политических правах", "пакта о гражданских и политических правах"),
        "zh": ("《公民权利和政治权利国际公约》",),
        "ar": ("العهد الدولي الخاص بالحقوق المدنية والسياسية",),
    },
    "ICESCR": {
        "en": ("International Covenant on Economic, Social and Cultural Rights",),
        "fr": ("Pacte international relatif aux droits économiques, sociaux et culturels",),
        "es": ("Pacto Internacional de Derechos Económicos, Sociales y Culturales",),
        "ru": ("пакта об экономических, социальных и культурных правах",),
        "zh": ("《经济、社会及文化权利国际公约》",),
        "ar": ("العهد الدولي الخاص بالحقوق الاقتصادية والاجتماعية والثقافية",),
    },
    "CAT": {
        "en": ("Convention against Torture",),
        "fr": ("Convention contre la torture et autres peines ou traitements cruels, inhumains ou dégradants",),
        "es": ("Convención contra la Tortura y Otros Tratos o Penas Crueles, Inhumanos o Degradantes",),
        "ru": ("против пыток и других жестоких, бесчеловечных или унижающих достоинство видов обращения и наказания",),
        "zh": ("《禁止酷刑和其他残忍、不人道或有辱人格的待遇或处罚公约》",),
        "ar": ("اتفاقية مناهضة التعذيب وغيره من ضروب المعاملة أو العقوبة القاسية أو اللاإنسانية أو المهينة",),
    },
    "CEDAW": {
        "en": ("Convention on the Elimination of All Forms of Discrimination against Women",),
        "fr": ("Convention sur l'élimination de toutes les formes de discrimination à l'égard des femmes",),
        "es": ("Convención sobre la Eliminación de Todas las Formas de Discriminación contra la Mujer",),
        "ru": ("о ликвидации всех форм дискриминации в отношении женщин",),
        "zh": ("《消除对妇女一切形式歧视公约》",),
        "ar": ("اتفاقية القضاء على جميع أشكال التمييز ضد المرأة",),
    },
    "CRC": {
        "en": ("Convention on the Rights of the Child",),
        "fr": ("Convention relative aux droits de l'enfant",),
        "es": ("Convención sobre los Derechos del Niño",),
        "ru": ("Конвенции о правах ребенка",),
        "zh": ("《儿童权利公约》",),
        "ar": ("اتفاقية حقوق الطفل",),
    },
    "1951 Refugee Convention": {
        "en": ("Convention relating to the Status of Refugees",),
        "fr": ("Convention relative au statut des réfugiés",),
        "es": ("Convención sobre el Estatuto de los Refugiados",),
        "ru": ("Конвенции о статусе беженцев",),
        "zh": ("《关于难民地位的公约》",),
        "ar": ("الاتفاقية الخاصة بوضع اللاجئين",),
    },
    "ICERD": {
        "en": ("International Convention on the Elimination of All Forms of Racial Discrimination",),
        "fr": ("Convention internationale sur l'élimination de toutes les formes de discrimination raciale",),
        "es": ("Convención Internacional sobre la Eliminación de Todas las Formas de Discriminación Racial",),
        "ru": ("конвенции о ликвидации всех форм расовой дискриминации",),
        "zh": ("《消除一切形式种族歧视国际公约》",),
        "ar": ("الاتفاقية الدولية للقضاء على جميع أشكال التمييز العنصري",),
    },
    "CRPD": {
        "en": ("Convention on the Rights of Persons with Disabilities",),
        "fr": ("Convention relative aux droits des personnes handicapées",),
        "es": ("Convención sobre los Derechos de las Personas con Discapacidad",),
        "ru": ("Конвенции о правах инвалидов",),
        "zh": ("《残疾人权利公约》",),
        "ar": ("اتفاقية حقوق الأشخاص ذوي الإعاقة",),
    },
    "Declaration on Human Rights Defenders": {
        "en": ("Declaration on Human Rights Defenders",),
        "fr": ("Déclaration sur les défenseurs des droits de l'homme",),
        "es": ("Declaración sobre los Defensores de los Derechos Humanos",),
        "ru": ("Декларации о правозащитниках", "Декларация о правозащитниках"),
        "zh": ("《人权维护者宣言》",),
        "ar": ("الإعلان المتعلق بالمدافعين عن حقوق الإنسان",),
    },
    "General Assembly resolution 68/181": {lang: ("68/181",) for lang in LANGS},
    "UN Guiding Principles on Business and Human Rights": {
        "en": ("Guiding Principles on Business and Human Rights",),
        "fr": ("Principes directeurs relatifs aux entreprises et aux droits de l'homme",),
        "es": ("Principios Rectores sobre las Empresas y los Derechos Humanos",),
        "ru": ("принципы предпринимательской деятельности в аспекте прав человека",
               "принципов предпринимательской деятельности в аспекте прав человека"),
        "zh": ("《工商企业与人权指导原则》",),
        "ar": ("المبادئ التوجيهية بشأن الأعمال التجارية وحقوق الإنسان",),
    },
    "UNDRIP": {
        "en": ("United Nations Declaration on the Rights of Indigenous Peoples",),
        "fr": ("Déclaration des Nations Unies sur les droits des peuples autochtones",),
        "es": ("Declaración de las Naciones Unidas sobre los Derechos de los Pueblos Indígenas",),
        "ru": ("Декларации Организации Объединенных Наций о правах коренных народов",),
        "zh": ("《联合国土著人民权利宣言》",),
        "ar": ("إعلان الأمم المتحدة بشأن حقوق الشعوب الأصلية",),
    },
    "Basic Principles on the Role of Lawyers": {
        "en": ("Basic Principles on the Role of Lawyers",),
        "fr": ("Principes de base relatifs au rôle du barreau",),
        "es": ("Principios Básicos sobre la Función de los Abogados",),
        "ru": ("принципы, касающиеся роли юристов", "принципов, касающихся роли юристов"),
        "zh": ("《关于律师作用的基本原则》",),
        "ar": ("المبادئ الأساسية بشأن دور المحامين",),
    },
    "Nelson Mandela Rules": {
        "en": ("Nelson Mandela Rules",),
        "fr": ("Règles Nelson Mandela",),
        "es": ("Reglas Nelson Mandela",),
        "ru": ("Правил Нельсона Манделы", "Правила Нельсона Манделы"),
        "zh": ("《纳尔逊·曼德拉规则》",),
        "ar": ("قواعد نيلسون مانديلا",),
    },
    "Declaration on the Protection of All Persons from Enforced Disappearance": {
        "en": ("Declaration on the Protection of All Persons from Enforced Disappearance",),
        "fr": ("Déclaration sur la protection de toutes les personnes contre les disparitions forcées",),
        "es": ("Declaración sobre la Protección de Todas las Personas contra las Desapariciones Forzadas",),
        "ru": ("о защите всех лиц от насильственных исчезновений",),
        "zh": ("《保护所有人不遭受强迫失踪宣言》",),
        "ar": ("الإعلان المتعلق بحماية جميع الأشخاص من الاختفاء القسري",),
    },
    "ICPPED": {
        "en": ("International Convention for the Protection of All Persons from Enforced Disappearance",),
        "fr": ("Convention internationale pour la protection de toutes les personnes contre les disparitions forcées",),
        "es": ("Convención Internacional para la Protección de Todas las Personas contra las Desapariciones Forzadas",),
        "ru": ("конвенции для защиты всех лиц от насильственных исчезновений",),
        "zh": ("《保护所有人免遭强迫失踪国际公约》",),
        "ar": ("الاتفاقية الدولية لحماية جميع الأشخاص من الاختفاء القسري",),
    },
}

#: Instruments whose clause cites the instrument as a whole, with no article.
WHOLE_INSTRUMENTS = {"General Assembly resolution 68/181"}

#: The coverage the library promises, by instrument: article (or rule/principle) numbers that some
#: clause of that instrument must cite.
COVERAGE = {
    "ICCPR": {2, 6, 7, 9, 10, 12, 13, 14, 17, 18, 19, 21, 22, 24, 26, 27},
    "ICESCR": {2, 6, 7, 11, 12, 13},
    "CAT": {1, 2, 3, 12, 13, 14, 15, 16},
    "CEDAW": {1, 2, 5, 7, 15},
    "CRC": {3, 12, 19, 37, 40},
    "1951 Refugee Convention": {33},
    "ICERD": {2, 5},
    "CRPD": {12, 14},
    "Declaration on Human Rights Defenders": {1, 2, 5, 6, 9, 12},
    "UN Guiding Principles on Business and Human Rights": {1, 2, 11, 12, 13, *range(15, 23), *range(25, 32)},
    "UNDRIP": {10, 18, 19, 26, 32},
    "UDHR": {3, 5, 9, 12, 19, 20},
    "ICPPED": {2},
}

#: Ids that letters and cases already cite: they must never disappear.
EXISTING_CLAUSES = (
    "iccpr-2", "iccpr-7", "iccpr-9", "iccpr-12", "iccpr-13", "iccpr-14", "iccpr-17", "iccpr-19",
    "iccpr-21", "iccpr-22", "cat-3", "refugee-33", "hrd-decl-1", "hrd-decl-2", "hrd-decl-5",
    "hrd-decl-6", "hrd-decl-12", "ga-68-181", "cedaw-2", "transnational-repression", "ungp",
)
EXISTING_QUESTIONS = (
    "gov-additional-info", "gov-legal-basis", "gov-protection", "gov-investigation",
    "gov-non-refoulement", "gov-asylum-procedure", "gov-enabling-environment",
    "company-comments", "company-due-diligence", "company-remedy", "company-engagement",
)

#: Existing clauses whose English was extended by one sentence (the original is kept as a prefix):
#: they had a single sentence, the library now asks for two to five.
EXTENDED_CLAUSES = {"iccpr-14", "hrd-decl-2", "hrd-decl-5", "hrd-decl-6"}

#: The English of the entries as first written (titles and texts), to detect silent rewrites.
ORIGINAL_CLAUSES: dict[str, tuple[str, str]] = {
    "iccpr-2": (
        "Duty to respect and ensure rights; effective remedy",
        "Article 2 of the International Covenant on Civil and Political Rights (ICCPR) requires "
        "each State party to respect the rights set out in the Covenant and to secure them for "
        "everyone within its territory and subject to its jurisdiction, without distinction of "
        "any kind. Under its paragraph 3, anyone whose Covenant rights have been infringed must "
        "have access to an effective remedy, determined by a competent authority and enforced. In"
        " its general comment No. 31 (2004), the Human Rights Committee explained that this duty "
        "includes shielding individuals from acts of private persons or entities that would "
        "impair their rights, and that a failure to investigate allegations of violations can in "
        "itself amount to a separate breach of the Covenant.",
    ),
    "iccpr-7": (
        "Prohibition of torture and ill-treatment",
        "Article 7 of the ICCPR provides that nobody may be subjected to torture or to cruel, "
        "inhuman or degrading treatment or punishment. The prohibition is absolute: article 4(2) "
        "of the Covenant permits no derogation from it, even in a time of public emergency. In "
        "its general comment No. 20 (1992), the Human Rights Committee made clear that a State "
        "party may not send a person to another country, whether by extradition, expulsion or "
        "refoulement, where that would put the person at risk of such treatment.",
    ),
    "iccpr-9": (
        "Liberty and security of person",
        "Article 9 of the ICCPR protects the liberty and security of every person and rules out "
        "arbitrary arrest or detention. As the Human Rights Committee set out in its general "
        "comment No. 35 (2014), the right to security of person obliges States to respond "
        "appropriately to threats against a person's life or bodily integrity, whether these come"
        " from public officials or from private actors, and this protection is owed in particular"
        " to human rights defenders and journalists who are intimidated because of their work.",
    ),
    "iccpr-12": (
        "Freedom of movement",
        "Article 12 of the ICCPR guarantees everyone the freedom to leave any country, including "
        "his or her own, and protects against being arbitrarily deprived of the right to enter "
        "one's own country. The freedom may be limited only by restrictions laid down in law that"
        " are necessary to protect national security, public order, public health or morals or "
        "the rights and freedoms of others, and that are consistent with the other rights "
        "recognized in the Covenant.",
    ),
    "iccpr-13": (
        "Procedural guarantees against expulsion",
        "Article 13 of the ICCPR provides that a foreign national lawfully in the territory of a "
        "State party may be made to leave only under a decision reached in accordance with law "
        "and, unless compelling reasons of national security require otherwise, must be able to "
        "submit the reasons against removal and to have the case reviewed by, and be represented "
        "before, the competent authority. In its general comment No. 15 (1986), the Human Rights "
        "Committee indicated that these guarantees cover every procedure that obliges a foreigner"
        " to depart, whatever name national law gives it.",
    ),
    "iccpr-14": (
        "Right to a fair trial",
        "Article 14 of the ICCPR sets out the guarantees of a fair trial: equality before the "
        "courts; a fair and public hearing by a competent, independent and impartial tribunal "
        "established by law; the presumption of innocence; and, for anyone facing a criminal "
        "charge, minimum guarantees that include adequate time and facilities to prepare a "
        "defence and the assistance of a lawyer of the person's own choosing.",
    ),
    "iccpr-17": (
        "Right to privacy",
        "Article 17 of the ICCPR protects everyone against arbitrary or unlawful interference "
        "with privacy, family, home or correspondence and against unlawful attacks on honour and "
        "reputation, and entitles everyone to the protection of the law against them. Following, "
        "watching or photographing a person without consent interferes with privacy; to be "
        "permissible it must rest on law, serve a legitimate aim and be necessary and "
        "proportionate. The Human Rights Committee indicated in its general comment No. 16 (1988)"
        " that the State must protect against such interference whether it comes from public "
        "authorities or from natural or legal persons.",
    ),
    "iccpr-19": (
        "Freedom of opinion and expression",
        "Article 19 of the ICCPR guarantees everyone the right to hold opinions without "
        "interference and the right to freedom of expression, which covers seeking, receiving and"
        " imparting information and ideas of every kind, through any medium, online as well as "
        "offline. Limits are allowed only where provided by law and necessary to respect the "
        "rights or reputations of others or to protect national security, public order, or public"
        " health or morals. In its general comment No. 34 (2011), the Human Rights Committee "
        "stressed that such limits may never serve to silence advocacy of human rights, and that "
        "harassing, intimidating or prosecuting people for exercising this freedom is "
        "incompatible with article 19; it also urged States to consider decriminalizing "
        "defamation.",
    ),
    "iccpr-21": (
        "Right of peaceful assembly",
        "Article 21 of the ICCPR recognizes the right of peaceful assembly. It may be restricted "
        "only by measures imposed in conformity with the law that are necessary in a democratic "
        "society in the interests of national security or public safety, public order, the "
        "protection of public health or morals, or the protection of the rights and freedoms of "
        "others. The Human Rights Committee confirmed in its general comment No. 37 (2020) that "
        "the protection extends to gatherings held online.",
    ),
    "iccpr-22": (
        "Freedom of association",
        "Article 22 of the ICCPR protects the right of everyone to associate freely with others. "
        "Any restriction must be prescribed by law and necessary in a democratic society for one "
        "of the purposes listed in its paragraph 2. The right covers founding and running an "
        "organization, carrying out its lawful activities and seeking and receiving the resources"
        " it needs, free from undue interference by the authorities.",
    ),
    "cat-3": (
        "Non-refoulement under the Convention against Torture",
        "Article 3 of the Convention against Torture and Other Cruel, Inhuman or Degrading "
        "Treatment or Punishment (CAT) bars a State party from expelling, returning or "
        "extraditing anyone to another State where there are substantial grounds to believe that "
        "the person would face a danger of torture. In making that assessment the competent "
        "authorities must weigh every relevant consideration, including whether the State "
        "concerned shows a consistent pattern of gross, flagrant or mass violations of human "
        "rights. The Committee against Torture, in its general comment No. 4 (2017), made clear "
        "that the obligation admits no exception and that diplomatic assurances may not be relied"
        " on to get around it.",
    ),
    "refugee-33": (
        "Non-refoulement of refugees",
        "Article 33(1) of the 1951 Convention relating to the Status of Refugees forbids States "
        "parties to send a refugee back, by expulsion or by any other means, to a territory where"
        " the refugee's life or freedom would be at risk because of race, religion, nationality, "
        "membership of a particular social group or political opinion. Because recognition of "
        "refugee status declares rather than creates it, the protection also covers "
        "asylum-seekers whose applications have not yet been decided.",
    ),
    "hrd-decl-1": (
        "Right to promote and protect human rights",
        "The Declaration on the Right and Responsibility of Individuals, Groups and Organs of "
        "Society to Promote and Protect Universally Recognized Human Rights and Fundamental "
        "Freedoms (the Declaration on Human Rights Defenders) was adopted by the General Assembly"
        " in resolution 53/144 of 9 December 1998. Its article 1 affirms that every person, alone"
        " or together with others, is entitled to work for the promotion, protection and "
        "realization of human rights and fundamental freedoms, both within the country and "
        "internationally.",
    ),
    "hrd-decl-2": (
        "Primary responsibility of the State",
        "Article 2 of the Declaration on Human Rights Defenders places on each State the primary "
        "responsibility to protect, promote and implement all human rights and fundamental "
        "freedoms, among other things by adopting the legislative, administrative and other steps"
        " needed so that everyone under its jurisdiction can enjoy them in practice.",
    ),
    "hrd-decl-5": (
        "Meeting, association and communication",
        "Article 5 of the Declaration on Human Rights Defenders provides that, in order to "
        "promote and protect human rights, everyone may gather peacefully with others; set up, "
        "belong to and take part in the work of non-governmental organizations, associations or "
        "groups; and be in contact with non-governmental and intergovernmental organizations.",
    ),
    "hrd-decl-6": (
        "Information about human rights",
        "Under article 6 of the Declaration on Human Rights Defenders, everyone may look for, "
        "receive and keep information on all human rights and fundamental freedoms; may freely "
        "publish and pass on to others views, information and knowledge about them; and may study"
        " and debate whether they are observed, in law and in practice, and use these and other "
        "means to bring such questions to public attention.",
    ),
    "hrd-decl-12": (
        "Protection against reprisals",
        "Article 12 of the Declaration on Human Rights Defenders affirms the right of everyone to"
        " take part in peaceful action against violations of human rights. It obliges the State "
        "to take every necessary step so that the competent authorities shield each person, "
        "acting alone or with others, from violence, threats, reprisals, discrimination in law or"
        " in fact, pressure or any other arbitrary measure suffered because he or she "
        "legitimately exercised the rights set out in the Declaration.",
    ),
    "ga-68-181": (
        "Women human rights defenders",
        "In resolution 68/181 of 18 December 2013, on promoting the Declaration on Human Rights "
        "Defenders with a focus on women human rights defenders, the General Assembly recognized "
        "that women defenders face particular, gender-specific risks, discrimination and "
        "violence, from State and non-State actors alike. It called on States to put in place "
        "practical, gender-sensitive policies and programmes to protect them, developed with "
        "their participation; to refrain from criminalizing, stigmatizing or obstructing their "
        "work; and to ensure that threats and attacks against them are promptly and impartially "
        "investigated and those responsible held to account.",
    ),
    "cedaw-2": (
        "Elimination of discrimination against women",
        "Article 2 of the Convention on the Elimination of All Forms of Discrimination against "
        "Women (CEDAW) commits States parties to condemn every form of discrimination against "
        "women and to follow, promptly and with every appropriate means, a policy aimed at ending"
        " it. Among other things, States must give women legal protection equal to that of men, "
        "make that protection effective through competent courts and other public bodies, and "
        "both abstain from and take measures against discriminatory acts by public authorities, "
        "individuals, organizations or enterprises.",
    ),
    "transnational-repression": (
        "Protection against transnational repression",
        "A State must protect everyone within its territory or subject to its jurisdiction, "
        "foreigners and nationals alike, including human rights defenders living in exile, "
        "against acts by agents of other States meant to watch, intimidate, harass or forcibly "
        "remove them because of their human rights work. This follows from articles 2(1), 7, 9, "
        "17 and 19 of the ICCPR, read together with article 12(2) of the Declaration on Human "
        "Rights Defenders. Extradition requests, entries on international wanted lists and "
        "similar forms of cooperation call for particular scrutiny where there are signs that "
        "they are being used to pursue a person for legitimate human rights activity, and they "
        "should not be acted on in a way that exposes the person to prosecution for that activity"
        " or to a risk of torture or other ill-treatment.",
    ),
    "ungp": (
        "Business responsibility to respect human rights",
        "The Guiding Principles on Business and Human Rights, endorsed by the Human Rights "
        "Council in resolution 17/4 of 16 June 2011, recall that States must protect against "
        "human rights abuses by business enterprises within their territory or jurisdiction "
        "(principle 1), and set out that enterprises have their own responsibility to respect "
        "human rights wherever they operate, independently of whether States meet their "
        "obligations (principle 11). Enterprises should avoid causing or contributing to adverse "
        "human rights impacts, and seek to prevent or mitigate impacts linked to their "
        "operations, products or services through their business relationships (principle 13); "
        "carry out human rights due diligence to identify, prevent, mitigate and account for how "
        "they address their impacts (principles 15 and 17 to 21); and provide for or cooperate in"
        " remediation where they have caused or contributed to harm (principle 22).",
    ),
}
ORIGINAL_QUESTIONS: dict[str, str] = {
    "gov-additional-info":
        "Please share any further information, and any comments you may wish to make, on the "
        "allegations set out above.",
    "gov-legal-basis":
        "Please explain the factual and legal grounds for the measures described above, and how "
        "they are compatible with the State's obligations under international human rights law.",
    "gov-protection":
        "Please indicate what steps have been taken, or are planned, to protect the physical and "
        "psychological integrity of the persons concerned and to allow them to continue their "
        "legitimate human rights work without fear of intimidation or reprisal.",
    "gov-investigation":
        "Please describe any investigation opened into the acts alleged above, with its current "
        "stage and any results; if no investigation has been opened, please explain why.",
    "gov-non-refoulement":
        "Please set out the safeguards, in law and in practice, that ensure nobody is extradited,"
        " expelled or otherwise returned to a State where he or she would face a real risk of "
        "torture, other ill-treatment or persecution, including persecution for human rights "
        "work, and explain how those safeguards apply to the persons concerned.",
    "gov-asylum-procedure":
        "Please provide information on the status of any application for international protection"
        " lodged by the persons concerned, the expected date of a decision, and the procedural "
        "guarantees available to them, including an appeal that suspends any removal.",
    "gov-enabling-environment":
        "Please indicate what measures are in place so that human rights defenders, including "
        "women human rights defenders and defenders living in exile, can work in a safe and "
        "enabling environment, free from surveillance, harassment and threats.",
    "company-comments":
        "Please provide any further information, and any comments your company may have, on the "
        "allegations above.",
    "company-due-diligence":
        "Please describe the human rights due diligence your company has carried out to identify,"
        " prevent, mitigate and account for the adverse human rights impacts described above, as "
        "the Guiding Principles on Business and Human Rights expect.",
    "company-remedy":
        "Please indicate what your company has done, or intends to do, to provide or cooperate in"
        " remedy for any harm it has caused or contributed to, and to prevent such harm from "
        "happening again.",
    "company-engagement":
        "Please explain how your company engages with affected people, human rights defenders and"
        " civil society organizations, and how it makes sure they can raise concerns without fear"
        " of reprisal.",
}


@pytest.fixture(scope="module")
def ref():
    clear_reference_cache()
    return load_reference()


def _raw(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _numbers(article: str) -> set[int]:
    """Every number an article field covers: '2(1), 7' -> {2, 7}; 'principles 15-16' -> {15, 16}."""
    out: set[int] = set()
    for item in re.split(r"[,;]|\band\b", article):
        found = re.search(r"(\d+)(?:\([^)]*\))?(?:\s*-\s*(\d+))?", item)
        if found:
            start = int(found.group(1))
            out.update(range(start, int(found.group(2) or start) + 1))
    return out


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?=\s+[A-Z])", text)) + 1


def _script_share(text: str, lang: str) -> float:
    own = len(SCRIPTS[lang].findall(text))
    return own / max(1, own + len(LATIN.findall(text)))


# --------------------------------------------------------------------------- both files
@pytest.mark.parametrize("name", ["clauses.json", "questions.json"])
def test_ids_are_unique_in_the_file(name):
    ids = Counter(entry["id"] for entry in _raw(name))
    assert not [i for i, n in ids.items() if n > 1]


@pytest.mark.parametrize("name, fields", [("clauses.json", ("title", "text")),
                                          ("questions.json", ("text",))])
def test_every_language_is_present_and_in_its_script(name, fields):
    for entry in _raw(name):
        for field in fields:
            texts = entry[field]
            assert tuple(texts) == LANGS, (entry["id"], field)  # all six, in UN order
            for lang, text in texts.items():
                where = (entry["id"], field, lang)
                assert isinstance(text, str) and text.strip() == text and text, where
                assert "\n" not in text and "<" not in text, where
                if lang in SCRIPTS:
                    assert _script_share(text, lang) >= 0.9, where
                else:
                    assert not FOREIGN_TO_LATIN.search(text), where
            # A translation, not a copy of the English.
            for lang in ("fr", "es", "ru", "zh", "ar"):
                assert texts[lang] != texts["en"], (entry["id"], field, lang)
            assert texts["fr"] != texts["es"], entry["id"]


def test_loader_sees_every_language(ref):
    for item in (*ref.clauses.values(), *ref.questions.values()):
        assert set(item.text) == set(LANGS), item.id
        for lang in LANGS:
            assert item.text_in(lang) == item.text[lang]
    for clause in ref.clauses.values():
        assert set(clause.title) == set(LANGS), clause.id
        assert clause.title_in("ar") != clause.title_in("en")


# --------------------------------------------------------------------------- clauses
def test_existing_clause_ids_are_kept(ref):
    assert set(EXISTING_CLAUSES) <= set(ref.clauses)
    assert set(ORIGINAL_CLAUSES) == set(EXISTING_CLAUSES)


def test_english_of_existing_clauses_is_unchanged_or_only_extended(ref):
    for cid, (title, text) in ORIGINAL_CLAUSES.items():
        clause = ref.clause(cid)
        assert clause.title["en"] == title, cid
        if cid in EXTENDED_CLAUSES:
            assert clause.text["en"].startswith(text + " "), cid
            assert _sentences(clause.text["en"]) == _sentences(text) + 1, cid
        else:
            assert clause.text["en"] == text, cid


def test_each_clause_names_its_instrument_and_article(ref):
    for clause in ref.clauses.values():
        instruments = [part.strip() for part in clause.instrument.split(";")]
        for instrument in instruments:
            assert instrument in INSTRUMENT_NAMES, (clause.id, instrument)
            for lang in LANGS:
                names = INSTRUMENT_NAMES[instrument][lang]
                text = clause.text[lang]
                assert any(name.casefold() in text.casefold() for name in names), (
                    clause.id, instrument, lang)
        if set(instruments) <= WHOLE_INSTRUMENTS:
            assert clause.article == "", clause.id
            continue
        numbers = _numbers(clause.article)
        assert numbers, (clause.id, clause.article)
        # The first number of each cited item appears in the English text as a number.
        for item in re.split(r"[,;]|\band\b", clause.article):
            first = re.search(r"\d+", item)
            if first:
                assert re.search(rf"(?<!\d){first.group()}(?!\d)", clause.text["en"]), (
                    clause.id, first.group())


def test_library_covers_the_promised_provisions(ref):
    cited: dict[str, set[int]] = {}
    for clause in ref.clauses.values():
        for instrument in (part.strip() for part in clause.instrument.split(";")):
            cited.setdefault(instrument, set()).update(_numbers(clause.article))
    for instrument, wanted in COVERAGE.items():
        assert wanted <= cited.get(instrument, set()), (instrument, wanted - cited.get(instrument, set()))
    for instrument in ("Basic Principles on the Role of Lawyers", "Nelson Mandela Rules",
                       "Declaration on the Protection of All Persons from Enforced Disappearance",
                       "General Assembly resolution 68/181"):
        assert instrument in cited, instrument
    assert len(ref.clauses) >= 80


def test_no_two_clauses_share_a_text_or_a_title_within_an_instrument(ref):
    for lang in LANGS:
        texts = Counter(c.text[lang] for c in ref.clauses.values())
        assert not [t[:60] for t, n in texts.items() if n > 1], lang
        titles = Counter((c.instrument, c.title[lang]) for c in ref.clauses.values())
        assert not [t for t, n in titles.items() if n > 1], lang


def test_clauses_read_as_annex_paragraphs(ref):
    for clause in ref.clauses.values():
        en = clause.text["en"]
        assert 2 <= _sentences(en) <= 5, (clause.id, _sentences(en))
        assert not re.search(r"\b(I|we|We|our|us)\b", en), clause.id  # impersonal
        assert not re.search(r"\b(je|nous|Nous)\b", clause.text["fr"]), clause.id
        assert clause.title["en"][:1].isupper() and not clause.title["en"].endswith(".")


def test_un_style_in_each_language(ref):
    for clause in ref.clauses.values():
        text = clause.text
        # General comments are numbered the way each language writes it.
        for lang in ("fr", "es", "ru", "zh", "ar"):
            assert "No. " not in text[lang], (clause.id, lang)
        if "No. " in text["en"]:
            assert "nº " in text["fr"] and "núm. " in text["es"] and "№ " in text["ru"], clause.id
            assert "رقم" in text["ar"] and re.search(r"第\d+号", text["zh"]), clause.id
        # Chinese: articles in Chinese numerals (第十九条), full-width punctuation.
        assert not re.search(r"第\d+条", text["zh"]), clause.id
        assert not re.search(r"[,;:]", text["zh"]), clause.id
        # French: a no-break space before high punctuation.
        assert not re.search(r" [;:?!]", text["fr"] + clause.title["fr"]), clause.id
        # Arabic: Western digits, as in United Nations Arabic documents.
        assert not re.search(r"[\u0660-\u0669]", text["ar"]), clause.id


# --------------------------------------------------------------------------- questions
def test_existing_question_ids_and_english_are_kept(ref):
    assert set(EXISTING_QUESTIONS) <= set(ref.questions)
    assert set(ORIGINAL_QUESTIONS) == set(EXISTING_QUESTIONS)
    for qid, text in ORIGINAL_QUESTIONS.items():
        assert ref.question(qid).text["en"] == text, qid


def test_questions_for_governments_and_for_companies(ref):
    government, company = ref.questions_for("government"), ref.questions_for("company")
    assert len(government) >= 14 and len(company) >= 6
    for question in (*government, *company):
        assert question.text["en"].startswith("Please "), question.id
        assert question.text["en"].endswith(".") and question.text["zh"].endswith("。")
    for question in government:
        assert "company" not in question.text["en"], question.id
        assert "贵公司" not in question.text["zh"], question.id
    for question in company:
        text = question.text
        assert "your company" in text["en"] and "votre entreprise" in text["fr"], question.id
        assert "su empresa" in text["es"] and "Ваш" in text["ru"], question.id
        assert "贵公司" in text["zh"] and "شركتكم" in text["ar"], question.id
    texts = Counter(q.text["en"] for q in ref.questions.values())
    assert not [t for t, n in texts.items() if n > 1]


# --------------------------------------------------------------------------- cross-checks
def test_demo_case_still_resolves(ref):
    data = demo_case()
    for cid in data["legal_framework"]:
        ref.clause(cid)
    for qid in data["standard_questions"]:
        ref.question(qid)


def _words(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))
    return [w for w in words if not re.search(r"\d", w)]


def test_prose_is_not_copied_from_the_seed(ref):
    from tests.seed_grams import gram_hash, seed_grams

    grams = seed_grams()
    for item in (*ref.clauses.values(), *ref.questions.values()):
        words = _words(item.text["en"])
        shared = [" ".join(words[i:i + 8]) for i in range(len(words) - 7)
                  if gram_hash(words[i:i + 8]) in grams]
        assert not shared, (item.id, shared)
