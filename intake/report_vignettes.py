"""Case descriptions a report may carry, one per case: the vignettes and the annex in the format
ODIHR publishes hate-crime incidents in (month, region, bias motivation, incident type, a
one-line description). Decision 0016.

Only cases whose consent covers an anonymised description in publications (C3.PUB_ANON granted,
and not refused or withdrawn) are described. Every word is composed from the case's coded
fields, in the report's language: no free text of the case (narrative, notes, titles) is ever
copied, because free text is where names, places and details that identify someone hide. The
place is the federal district and the date the month, whatever the case records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intake.report_labels import ReportLabels
from intake.statistics import UNKNOWN, occurred_start

PUBLICATION_CONSENT = "C3.PUB_ANON"

# The violation groups that are hate crimes in ODIHR's sense (violence, threats, attacks on
# property); prosecutions, discrimination and hate speech are reported to ODIHR otherwise.
HATE_CRIME_GROUPS = ("physical", "threats", "property")


@dataclass(frozen=True)
class Vignette:
    month: str  # YYYY-MM, or "" when the case's date is only a year or not recorded
    district: str  # a code, or UNKNOWN
    text: str


@dataclass(frozen=True)
class AnnexRow:
    month: str
    region: str
    bias: str
    incident_type: str
    description: str


def may_describe(doc: Mapping[str, Any]) -> bool:
    answers = {row.get("status") for row in doc.get("consent", []) if row.get("scope") == PUBLICATION_CONSENT}
    return "granted" in answers and not answers & {"refused", "withdrawn"}


def describable(cases: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The counted cases that may be described, newest first (the order a report lists them)."""
    chosen = [doc for doc in cases if may_describe(doc)]
    return sorted(chosen, key=lambda doc: (occurred_start(doc) or "", doc.get("_id", "")), reverse=True)


def month_of(doc: Mapping[str, Any]) -> str:
    start = occurred_start(doc)
    occurred = doc.get("occurred") or {}
    if not start or len(str(occurred.get("date", ""))) < 7:
        return ""
    return start[:7]


def vignette(doc: Mapping[str, Any], labels: ReportLabels) -> Vignette:
    _, ngettext = labels.translation.gettext, labels.translation.ngettext
    parts = [_list(labels, "violation", doc.get("violations", [])) + "."]
    victims = sum(1 for person in doc.get("persons", []) if person.get("role") == "victim")
    if victims > 1:
        parts.append(ngettext("{count} victim.", "{count} victims.", victims).format(count=victims))
    perpetrators = [code for code in doc.get("perpetrators", []) if code]
    if perpetrators:
        parts.append(_("Perpetrators: {list}.").format(list=_list(labels, "perpetrator", perpetrators)))
    if doc.get("bias_motivations"):
        parts.append(
            _("Bias motivation: {list}.").format(list=_list(labels, "bias", doc["bias_motivations"]))
        )
    if doc.get("police_stage"):
        parts.append(_("Police: {stage}.").format(stage=labels.value("police_stage", doc["police_stage"])))
    return Vignette(month_of(doc), str(doc.get("district") or UNKNOWN), " ".join(parts))


def annex_rows(cases: Sequence[Mapping[str, Any]], labels: ReportLabels) -> list[AnnexRow]:
    """One row per describable hate-crime case, newest first."""
    vocab = labels.vocab
    rows = []
    for doc in describable(cases):
        violations = [
            code
            for code in doc.get("violations", [])
            if vocab.group_of("violation", code) in HATE_CRIME_GROUPS
        ]
        if not violations:
            continue
        perpetrators = [code for code in doc.get("perpetrators", []) if code]
        description = _list(labels, "violation", violations)
        if perpetrators:
            description += "; " + _list(labels, "perpetrator", perpetrators)
        if doc.get("police_stage"):
            description += "; " + labels.value("police_stage", doc["police_stage"])
        rows.append(
            AnnexRow(
                month=month_of(doc) or labels.value("year", UNKNOWN),
                region=labels.value("district", str(doc.get("district") or UNKNOWN)),
                bias=_list(labels, "bias", doc.get("bias_motivations", [])),
                incident_type=_list(labels, "violation_group", _groups(vocab, violations)),
                description=description,
            )
        )
    return rows


def _groups(vocab: Any, codes: Sequence[str]) -> list[str]:
    found: list[str] = []
    for code in codes:
        group = vocab.group_of("violation", code) or UNKNOWN
        if group not in found:
            found.append(group)
    return found


def _list(labels: ReportLabels, dimension: str, codes: Sequence[str]) -> str:
    if not codes:
        return labels.value(dimension, UNKNOWN)
    return "; ".join(labels.value(dimension, str(code)) for code in codes)
