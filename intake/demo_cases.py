"""Fourteen clearly fictional sample cases, for a first look at the app, screenshots and benchmarks.

Nothing here describes a real person or a real event. Every title starts with "[DEMO] " or
"[ДЕМО] ", every person is an invented pseudonym ("Demo Person A", "Демо-персона Б"), and every
identifying field holds only a placeholder. The documents follow docs/formats/case-document.md and
pass `intake.case_document.validate_case`, which fills in ids and defaults.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intake.case_store import CaseStore

# Person ids are only unique within a case, so the same few serve every document.
P1 = "00000000-0000-4000-8000-000000000001"
P2 = "00000000-0000-4000-8000-000000000002"
P3 = "00000000-0000-4000-8000-000000000003"

_FICTIONAL_EN = "(fictional)"
_FICTIONAL_RU = "(вымышлено)"


def _when(date: str, precision: str) -> dict[str, str]:
    return {"date": date, "precision": precision}


def _where(subject: str, *, ru: bool, city: str = "") -> dict[str, str]:
    return {
        "country": "RU",
        "subject": subject,
        "city": city,
        "address": _FICTIONAL_RU if ru else _FICTIONAL_EN,
    }


def _person(
    pid: str,
    pseudonym: str,
    *,
    ru: bool,
    role: str = "victim",
    unit: str = "individual",
    age: str | None = None,
    gender: str | None = None,
    orientation: str | None = None,
    risk: str | None = None,
) -> dict[str, Any]:
    placeholder = _FICTIONAL_RU if ru else _FICTIONAL_EN
    identifying = {
        "full_name": placeholder,
        "contact": placeholder,
        "date_of_birth": "",
        "address": placeholder,
    }
    return {
        "id": pid,
        "pseudonym": pseudonym,
        "role": role,
        "counting_unit": unit,
        "age_band": age,
        "gender_identity": gender,
        "sexual_orientation": orientation,
        "risk_level": risk,
        "identifying": identifying,
    }


def _act(
    victim: str, kind: str, qualification: str = "", date: dict[str, str] | None = None
) -> dict[str, Any]:
    return {"victim": victim, "type": kind, "legal_qualification": qualification, "date": date}


def _source(kind: str, connection: str, reliability: str) -> dict[str, str]:
    return {"type": kind, "connection": connection, "reliability": reliability}


def _consent(
    person: str | None, scope: str, status: str, date: str | None = None, method: str | None = None
) -> dict[str, Any]:
    return {"person": person, "scope": scope, "status": status, "date": date, "method": method}


_CASES: list[dict[str, Any]] = [
    {
        "title": "[DEMO] Robbery and extortion after a set-up date",
        "occurred": _when("2024-03-15", "exact"),
        "received": "2024-03-18",
        "intake_channel": "CH.HOTLINE",
        "location": _where("RU-ROS", ru=False, city="Demo Town"),
        "place_type": "PL.HOME",
        "narrative": "Fictional demonstration case. Demo Person A arranged a date through an app. At the "
        "flat, three men filmed him, took his phone and money, and demanded more, threatening"
        " to send the video to his employer. At the police station the officer on duty "
        "refused to take a complaint.",
        "violations": ["PHY.SETUP", "THR.EXTORT", "THR.OUT", "POL.REFUSE"],
        "bias_motivations": ["B.SO"],
        "bias_indicators": ["BI.DATING", "BI.WORDS"],
        "police_stage": "PS.REFUSED",
        "confidentiality": "restricted",
        "persons": [
            _person(
                P1,
                "Demo Person A",
                ru=False,
                age="A.25_34",
                gender="GI.MAN",
                orientation="SO.GAY",
                risk="high",
            )
        ],
        "acts": [
            _act(P1, "PHY.SETUP", "УК 161", _when("2024-03-15", "exact")),
            _act(P1, "THR.EXTORT", "УК 163", _when("2024-03", "month")),
            _act(P1, "POL.REFUSE", "", _when("2024-03-16", "exact")),
        ],
        "perpetrators": [
            {"type": "NS.GRP", "count": 3, "relation": "met through a dating app"},
            {"type": "ST.POL", "count": 1, "relation": "officer on duty"},
        ],
        "sources": [_source("SRC.VICT", "first_hand", "R2")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2024-03-18", "oral"),
            _consent(P1, "C2.STATS", "granted", "2024-03-18", "oral"),
            _consent(P1, "C3.PUB_ANON", "ask_later"),
        ],
        "followups": [{"need": "N.LEGAL", "status": "done"}, {"need": "N.DIGSEC", "status": "in_progress"}],
    },
    {
        "title": "[ДЕМО] Вымогательство под угрозой аутинга",
        "occurred": _when("2025-02", "month"),
        "received": "2025-03-02",
        "intake_channel": "CH.MESSENGER",
        "location": _where("RU-TA", ru=True),
        "place_type": "PL.ONLINE",
        "narrative": "Вымышленный демонстрационный случай. После переписки в приложении знакомств "
        "неизвестный потребовал у Демо-персоны А деньги, угрожая разослать переписку "
        "родственникам.",
        "violations": ["THR.EXTORT", "THR.OUT"],
        "bias_motivations": ["B.SO"],
        "bias_indicators": ["BI.DATING"],
        "police_stage": "PS.NOT_REPORTED",
        "persons": [_person(P1, "Демо-персона А", ru=True, age="A.18_24", orientation="SO.BI")],
        "acts": [_act(P1, "THR.EXTORT", "УК 163")],
        "perpetrators": [{"type": "NS.ONL", "count": 1, "relation": "собеседник в приложении"}],
        "sources": [_source("SRC.VICT", "first_hand", "R3")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2025-03-02", "written"),
            _consent(P1, "C2.STATS", "refused", "2025-03-02", "written"),
        ],
        "followups": [{"need": "N.DIGSEC", "status": "done"}, {"need": "N.PSY", "status": "open"}],
    },
    {
        "title": "[DEMO] Administrative fine for 'LGBT propaganda' after a film screening",
        "occurred": _when("2023-11-09", "exact"),
        "received": "2023-11-20",
        "intake_channel": "CH.LAWYER",
        "location": _where("RU-NIZ", ru=False),
        "place_type": "PL.VENUE",
        "narrative": "Fictional demonstration case. Police stopped a private film screening. The "
        "organiser, Demo Person A, was charged with 'propaganda of non-traditional relations'"
        " and fined by a court.",
        "violations": ["PRG.ADM", "ACT.DET"],
        "bias_motivations": ["B.ASSOC", "B.STATE"],
        "bias_indicators": ["BI.ACTIVIST", "BI.VENUE"],
        "confidentiality": "anonymised_public",
        "persons": [_person(P1, "Demo Person A", ru=False, age="A.35_49", gender="GI.WOMAN")],
        "acts": [
            _act(P1, "ACT.DET", "КоАП 27.3", _when("2023-11-09", "exact")),
            _act(P1, "PRG.ADM", "КоАП 6.21", _when("2023-12", "month")),
        ],
        "perpetrators": [{"type": "ST.POL", "count": 4}, {"type": "ST.JUD", "count": 1}],
        "sources": [_source("SRC.LAW", "first_hand", "R1"), _source("SRC.COURT", "first_hand", "R1")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2023-11-20", "written"),
            _consent(P1, "C2.STATS", "granted", "2023-11-20", "written"),
            _consent(P1, "C3.PUB_ANON", "granted", "2023-11-20", "written"),
            {**_consent(P1, "C4.SHARE_ANON", "granted", "2023-11-20", "written"), "body": "BODY.UN_SP"},
        ],
        "followups": [{"need": "N.REPR", "status": "done"}, {"need": "N.FIN", "status": "done"}],
        "submissions": [{"body": "BODY.UN_SP", "date": "2024-02-01", "reference": "DEMO-REF-1"}],
    },
    {
        "title": "[ДЕМО] Уголовное дело об «экстремистском сообществе»",
        "occurred": _when("2024", "year"),
        "received": "2024-12-05",
        "intake_channel": "CH.PARTNER",
        "location": _where("RU-SPE", ru=True),
        "place_type": "PL.HOME",
        "narrative": "Вымышленный демонстрационный случай. У Демо-персоны А прошёл обыск; изъяты ноутбук и"
        " телефон. Возбуждено дело об участии в деятельности «экстремистской организации».",
        "violations": ["EXT.RAID", "EXT.CRIM", "DET.ILL"],
        "bias_motivations": ["B.STATE", "B.ASSOC"],
        "bias_indicators": ["BI.ACTIVIST"],
        "police_stage": "PS.CASE_OPENED",
        "persons": [
            _person(P1, "Демо-персона А", ru=True, age="A.25_34", gender="GI.NONBINARY", risk="critical"),
            _person(P2, "Демо-персона Б", ru=True, role="witness"),
        ],
        "acts": [
            _act(P1, "EXT.RAID", "", _when("2024-10", "estimate")),
            _act(P1, "EXT.CRIM", "УК 282.2"),
            _act(P1, "DET.ILL", "УПК 91"),
        ],
        "perpetrators": [{"type": "ST.SEC", "count": 6}, {"type": "ST.INV"}],
        "sources": [_source("SRC.LAW", "first_hand", "R1"), _source("SRC.WIT", "first_hand", "R2")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2024-12-05", "recorded"),
            _consent(P1, "C2.STATS", "granted", "2024-12-05", "recorded"),
            _consent(P1, "C6.LITIG", "granted", "2024-12-05", "written"),
            _consent(P2, "C1.INTERNAL", "granted", "2024-12-05", "oral"),
            _consent(P2, "C7.CONTACT", "refused", "2024-12-05", "oral"),
        ],
        "followups": [{"need": "N.REPR", "status": "in_progress"}, {"need": "N.EVAC", "status": "open"}],
        "submissions": [{"body": "BODY.ECHR", "date": "2025-06-10", "reference": "DEMO-REF-2"}],
    },
    {
        "title": "[DEMO] Street assault; police refused to register the complaint",
        "occurred": _when("2023", "estimate"),
        "received": "2023-09-04",
        "intake_channel": "CH.WEBFORM",
        "location": _where("RU-SVE", ru=False, city="Demo Town"),
        "place_type": "PL.PUBLIC",
        "narrative": "Fictional demonstration case. Demo Person A was beaten near a bus stop by two "
        "strangers who shouted slurs. The local police station declined to register a "
        "complaint.",
        "violations": ["PHY.ASLT", "SP.OFF", "POL.REFUSE"],
        "bias_motivations": ["B.GI"],
        "bias_indicators": ["BI.WORDS", "BI.PERCEPTION"],
        "police_stage": "PS.REFUSED",
        "persons": [_person(P1, "Demo Person A", ru=False, gender="GI.TRANS_WOMAN", age="A.18_24")],
        "acts": [_act(P1, "PHY.ASLT", "УК 116.1"), _act(P1, "POL.REFUSE")],
        "perpetrators": [{"type": "NS.STR", "count": 2}, {"type": "ST.POL"}],
        "sources": [_source("SRC.VICT", "first_hand", "R3")],
        "consent": [_consent(None, "C1.INTERNAL", "granted", "2023-09-04", "written")],
        "followups": [{"need": "N.MED", "status": "done"}, {"need": "N.LEGAL", "status": "declined"}],
    },
    {
        "title": "[ДЕМО] Домашнее насилие и попытка принудительного «лечения»",
        "occurred": _when("2025-06", "estimate"),
        "received": "2025-07-14",
        "intake_channel": "CH.HOTLINE",
        "location": _where("RU-STA", ru=True),
        "place_type": "PL.HOME",
        "narrative": "Вымышленный демонстрационный случай. Родственники Демо-персоны А узнали о её "
        "отношениях, отобрали документы и телефон и пытались отправить её в «реабилитационный"
        " центр».",
        "violations": ["FAM.DV", "FAM.FORCED", "FAM.DOCS"],
        "bias_motivations": ["B.SO", "B.GEN"],
        "bias_indicators": ["BI.WORDS"],
        "police_stage": "PS.NOT_REPORTED",
        "persons": [
            _person(
                P1,
                "Демо-персона А",
                ru=True,
                gender="GI.WOMAN",
                orientation="SO.LESBIAN",
                age="A.18_24",
                risk="critical",
            )
        ],
        "acts": [_act(P1, "FAM.DV", "УК 116.1"), _act(P1, "FAM.DOCS", "УК 325"), _act(P1, "FAM.FORCED")],
        "perpetrators": [{"type": "NS.FAM", "count": 2, "relation": "родственники"}],
        "sources": [_source("SRC.VICT", "first_hand", "R2"), _source("SRC.REL", "second_hand", "R4")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2025-07-14", "oral"),
            _consent(P1, "C2.STATS", "refused", "2025-07-14", "oral"),
            _consent(P1, "C7.CONTACT", "granted", "2025-07-14", "oral"),
        ],
        "followups": [
            {"need": "N.SHELTER", "status": "done"},
            {"need": "N.DOCS", "status": "in_progress"},
            {"need": "N.EVAC", "status": "open"},
        ],
    },
    {
        "title": "[DEMO] Teacher dismissed after being outed",
        "occurred": _when("2024-09", "month"),
        "received": "2024-10-01",
        "intake_channel": "CH.EMAIL",
        "location": _where("RU-NVS", ru=False),
        "place_type": "PL.SCHOOL",
        "narrative": "Fictional demonstration case. A colleague showed the school's head photos from Demo "
        "Person A's private social media. Demo Person A was pressured to resign 'by mutual "
        "agreement'.",
        "violations": ["DISC.EMP", "THR.OUT"],
        "bias_motivations": ["B.SO"],
        "bias_indicators": ["BI.PERCEPTION"],
        "police_stage": "PS.NOT_REPORTED",
        "persons": [_person(P1, "Demo Person A", ru=False, age="A.35_49", orientation="SO.ND")],
        "acts": [_act(P1, "DISC.EMP", "ТК 3"), _act(P1, "THR.OUT", "УК 137")],
        "perpetrators": [{"type": "NS.WORK", "count": 2, "relation": "colleague and manager"}],
        "sources": [_source("SRC.VICT", "first_hand", "R2")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2024-10-01", "written"),
            _consent(P1, "C2.STATS", "ask_later"),
        ],
        "followups": [{"need": "N.LEGAL", "status": "done"}, {"need": "N.REPR", "status": "declined"}],
    },
    {
        "title": "[ДЕМО] Отказ в медицинской помощи трансгендерной женщине",
        "occurred": _when("2025-11-03", "exact"),
        "received": "2025-11-05",
        "intake_channel": "CH.PARTNER",
        "location": _where("RU-PRI", ru=True),
        "place_type": "PL.HEALTH",
        "narrative": "Вымышленный демонстрационный случай. В поликлинике Демо-персоне А отказали в приёме,"
        " сославшись на несоответствие документов её внешности, и сделали оскорбительные "
        "замечания.",
        "violations": ["DISC.HLTH", "SP.OFF"],
        "bias_motivations": ["B.GI"],
        "bias_indicators": ["BI.WORDS"],
        "persons": [
            _person(P1, "Демо-персона А", ru=True, gender="GI.TRANS_WOMAN", age="A.50P", risk="medium")
        ],
        "acts": [_act(P1, "DISC.HLTH", "", _when("2025-11-03", "exact"))],
        "perpetrators": [{"type": "ST.PUB", "count": 1, "relation": "врач"}],
        "sources": [_source("SRC.PARTNER", "second_hand", "R2"), _source("SRC.MED", "first_hand", "R1")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2025-11-05", "recorded"),
            _consent(P1, "C2.STATS", "granted", "2025-11-05", "recorded"),
            {**_consent(P1, "C4.SHARE_ANON", "granted", "2025-11-05", "recorded"), "body": "BODY.OMB_REG"},
        ],
        "followups": [{"need": "N.MED", "status": "done"}, {"need": "N.ADV", "status": "in_progress"}],
        "submissions": [{"body": "BODY.OMB_REG", "date": "2025-12-01", "reference": "DEMO-REF-3"}],
    },
    {
        "title": "[DEMO] Ill-treatment in a pre-trial detention centre",
        "occurred": _when("2025", "year"),
        "received": "2026-01-12",
        "intake_channel": "CH.LAWYER",
        "location": _where("RU-VOR", ru=False),
        "place_type": "PL.PRISON",
        "narrative": "Fictional demonstration case. While held on remand, Demo Person A was put in a cell "
        "with hostile inmates after staff disclosed the charge, and was denied hormone "
        "therapy.",
        "violations": ["DET.COND", "DET.HLTH", "PHY.TORT"],
        "bias_motivations": ["B.GI", "B.STATE"],
        "bias_indicators": ["BI.PRIOR", "BI.WORDS"],
        "police_stage": "PS.REPORTED",
        "persons": [_person(P1, "Demo Person A", ru=False, gender="GI.TRANS_MAN", risk="high")],
        "acts": [
            _act(P1, "DET.COND"),
            _act(P1, "DET.HLTH"),
            _act(P1, "PHY.TORT", "", _when("2025-05", "estimate")),
        ],
        "perpetrators": [{"type": "ST.PEN"}, {"type": "NS.INMATE", "count": 3}],
        "sources": [_source("SRC.LAW", "second_hand", "R2")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2026-01-12", "written"),
            _consent(P1, "C6.LITIG", "granted", "2026-01-12", "written"),
            _consent(P1, "C3.PUB_ANON", "refused", "2026-01-12", "written"),
        ],
        "followups": [
            {"need": "N.REPR", "status": "in_progress"},
            {"need": "N.MED", "status": "not_possible"},
        ],
        "submissions": [{"body": "BODY.UN_TB", "date": "2026-02-20"}],
    },
    {
        "title": "[ДЕМО] Задержание участников одиночных пикетов",
        "occurred": _when("2023-08-12", "exact"),
        "received": "2023-08-13",
        "intake_channel": "CH.INPERSON",
        "location": _where("RU-PER", ru=True, city="Демо-город"),
        "place_type": "PL.ACTION",
        "narrative": "Вымышленный демонстрационный случай. Двух участников одиночных пикетов доставили в "
        "отдел полиции и продержали несколько часов; Демо-персона В наблюдала задержание.",
        "violations": ["ACT.DET", "POL.UNL", "SP.OFF"],
        "bias_motivations": ["B.ASSOC", "B.POL"],
        "bias_indicators": ["BI.ACTIVIST", "BI.SYMBOLS"],
        "police_stage": "PS.REPORTED",
        "confidentiality": "internal",
        "persons": [
            _person(P1, "Демо-персона А", ru=True, age="A.18_24"),
            _person(P2, "Демо-персона Б", ru=True, age="A.25_34"),
            _person(P3, "Демо-персона В", ru=True, role="witness"),
        ],
        "acts": [
            _act(P1, "ACT.DET", "КоАП 20.2"),
            _act(P2, "ACT.DET", "КоАП 20.2"),
            _act(P2, "POL.UNL", "КоАП 27.3"),
        ],
        "perpetrators": [{"type": "ST.POL", "count": 5}],
        "sources": [_source("SRC.VICT", "first_hand", "R2"), _source("SRC.WIT", "first_hand", "R2")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2023-08-13", "oral"),
            _consent(P1, "C2.STATS", "granted", "2023-08-13", "oral"),
            _consent(P2, "C1.INTERNAL", "granted", "2023-08-13", "oral"),
            _consent(P2, "C2.STATS", "refused", "2023-08-13", "oral"),
            _consent(P3, "C1.INTERNAL", "granted", "2023-08-13", "oral"),
        ],
        "followups": [{"need": "N.LEGAL", "status": "done"}],
        "submissions": [{"body": "BODY.OMB_REG", "date": "2023-09-01", "reference": "DEMO-REF-4"}],
    },
    {
        "title": "[DEMO] Group attack outside a bar",
        "occurred": _when("2026-01-24", "exact"),
        "received": "2026-01-26",
        "intake_channel": "CH.HOTLINE",
        "location": _where("RU-KDA", ru=False, city="Demo Town"),
        "place_type": "PL.VENUE",
        "narrative": "Fictional demonstration case. Four men waited outside a bar known as LGBT-friendly "
        "and attacked three guests as they left. A criminal case was opened, without a hate "
        "motive.",
        "violations": ["PHY.ASLT", "SP.OFF", "PROP.DMG"],
        "bias_motivations": ["B.SO", "B.GI"],
        "bias_indicators": ["BI.VENUE", "BI.WORDS", "BI.GROUP"],
        "police_stage": "PS.CASE_OPENED",
        "persons": [
            _person(P1, "Demo Person A", ru=False, age="A.25_34", risk="medium"),
            _person(P2, "Demo Person B", ru=False, age="A.25_34", gender="GI.NONBINARY"),
            _person(P3, "Demo Person C", ru=False, age="A.UNK", role="reporter"),
        ],
        "acts": [
            _act(P1, "PHY.ASLT", "УК 112"),
            _act(P2, "PHY.ASLT", "УК 115"),
            _act(P2, "PROP.DMG", "УК 167"),
        ],
        "perpetrators": [{"type": "NS.STR", "count": 4, "relation": "strangers"}],
        "sources": [
            _source("SRC.VICT", "first_hand", "R2"),
            _source("SRC.MED", "first_hand", "R1"),
            _source("SRC.MEDIA", "second_hand", "R4"),
        ],
        "consent": [
            _consent(None, "C2.STATS", "granted", "2026-01-26", "oral"),
            _consent(P1, "C1.INTERNAL", "granted", "2026-01-26", "oral"),
            _consent(P2, "C1.INTERNAL", "granted", "2026-01-26", "oral"),
            _consent(P2, "C3.PUB_ANON", "withdrawn", "2026-02-10", "written"),
        ],
        "followups": [
            {"need": "N.MED", "status": "done"},
            {"need": "N.PSY", "status": "in_progress"},
            {"need": "N.REPR", "status": "open"},
        ],
        "submissions": [{"body": "BODY.ODIHR", "date": "2026-03-01", "reference": "DEMO-REF-5"}],
    },
    {
        "title": "[ДЕМО] Штраф за «пропаганду» в соцсети и блокировка страницы",
        "occurred": _when("2026-03", "month"),
        "received": "2026-04-02",
        "intake_channel": "CH.MONITORING",
        "location": _where("RU-CHE", ru=True),
        "place_type": "PL.ONLINE",
        "narrative": "Вымышленный демонстрационный случай. За публикацию радужной картинки суд назначил "
        "Демо-персоне А штраф, а страницу заблокировали по требованию ведомства.",
        "violations": ["PRG.ADM", "PRG.BLOCK"],
        "bias_motivations": ["B.STATE"],
        "bias_indicators": ["BI.SYMBOLS"],
        "confidentiality": "anonymised_public",
        "persons": [_person(P1, "Демо-персона А", ru=True, age="A.UNK")],
        "acts": [_act(P1, "PRG.ADM", "КоАП 6.21 ч. 2"), _act(P1, "PRG.BLOCK", "", _when("2026-03", "month"))],
        "perpetrators": [{"type": "ST.JUD"}, {"type": "ST.EXEC"}],
        "sources": [_source("SRC.COURT", "first_hand", "R1"), _source("SRC.OSINT", "second_hand", "R3")],
        "consent": [_consent(None, "C2.STATS", "ask_later")],
        "followups": [{"need": "N.LEGAL", "status": "open"}],
    },
    {
        "title": "[DEMO] Online threats against a regional support group",
        "occurred": _when("2024", "estimate"),
        "received": "2024-06-30",
        "intake_channel": "CH.PARTNER",
        "location": _where("RU-ARK", ru=False),
        "place_type": "PL.ONLINE",
        "narrative": "Fictional demonstration case. Over several months a small support group received "
        "threats and calls to report it as 'extremist'; its meetings were moved twice.",
        "violations": ["THR.THREAT", "THR.HARASS", "ACT.BAN"],
        "bias_motivations": ["B.ASSOC"],
        "bias_indicators": ["BI.ACTIVIST", "BI.WORDS"],
        "police_stage": "PS.NOT_REPORTED",
        "persons": [_person(P1, "Demo Group A", ru=False, unit="organisation", risk="high")],
        "acts": [_act(P1, "THR.THREAT", "УК 119"), _act(P1, "THR.HARASS")],
        "perpetrators": [{"type": "NS.ONL", "count": 10}, {"type": "UNK"}],
        "sources": [_source("SRC.PARTNER", "first_hand", "R2")],
        "consent": [
            _consent(None, "C1.INTERNAL", "granted", "2024-06-30", "written"),
            _consent(None, "C2.STATS", "granted", "2024-06-30", "written"),
        ],
        "followups": [{"need": "N.DIGSEC", "status": "done"}, {"need": "N.RELOC", "status": "declined"}],
    },
    {
        "title": "[ДЕМО] Ограбление после «свидания», отказ в возбуждении дела",
        "occurred": _when("2023-10", "estimate"),
        "received": "2024-01-15",
        "intake_channel": "CH.HOTLINE",
        "location": _where("RU-OMS", ru=True),
        "place_type": "PL.PUBLIC",
        "narrative": "Вымышленный демонстрационный случай. На встрече, назначенной через приложение, Демо-"
        "персону А избили и ограбили. Заявление приняли, но в возбуждении дела отказали.",
        "violations": ["PHY.SETUP", "PHY.ASLT", "POL.ILL"],
        "bias_motivations": ["B.SO"],
        "bias_indicators": ["BI.DATING", "BI.WORDS"],
        "police_stage": "PS.CASE_DENIED",
        "notes": "Демо: проверить, подана ли жалоба на отказ.",
        "persons": [_person(P1, "Демо-персона А", ru=True, age="A.50P", gender="GI.MAN")],
        "acts": [
            _act(P1, "PHY.SETUP", "УК 161", _when("2023-10", "estimate")),
            _act(P1, "POL.ILL", "", _when("2023-11", "month")),
        ],
        "perpetrators": [{"type": "NS.GRP", "count": 2}, {"type": "ST.POL", "relation": "участковый"}],
        "sources": [_source("SRC.VICT", "first_hand", "R3")],
        "consent": [
            _consent(P1, "C1.INTERNAL", "granted", "2024-01-15", "oral"),
            _consent(P1, "C2.STATS", "granted", "2024-01-15", "oral"),
            _consent(P1, "C5.SHARE_ID", "refused", "2024-01-15", "oral"),
        ],
        "followups": [{"need": "N.LEGAL", "status": "in_progress"}],
    },
]


def demo_cases() -> list[dict[str, Any]]:
    """A fresh copy of the sample case documents, in input form (not yet validated)."""
    return copy.deepcopy(_CASES)


def fill_demo_vault(store: CaseStore) -> int:
    """Adds every demo case, sealing every other one so both states show. Returns the count."""
    docs = demo_cases()
    for index, doc in enumerate(docs):
        record = store.create_case(doc)
        if index % 2 == 0:
            store.seal(record.case_id)
    return len(docs)
