"""Case descriptions a report may carry, one per case: the vignettes and the annex in the format
ODIHR publishes hate-crime incidents in (month, region, bias motivation, incident type, a
one-line description). Decision 0016.

A case is described only when
- its consent covers an anonymised description in publications (C3.PUB_ANON, by the same rule as
  statistics: every victim's own answer grants it, in the sealed revision and any unsealed edit);
- and every count of the report's tables that the description speaks to is shown. A description
  says that one case lies in the cells of its district, its violations and their group, its year,
  its perpetrators, its bias motivation and its police stage; describing a case in a hidden cell
  would tell a reader that the cell holds at least one, and with the totals that can give a
  hidden count back.

Every word is composed from the case's coded fields, in the report's language: no free text of
the case (narrative, notes, titles) is ever copied, because free text is where names, places and
details that identify someone hide. The place is the federal district and the date the month,
whatever the case records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from intake.cell_suppression import OneWay
from intake.report_labels import ReportLabels
from intake.report_tables import PublishedTable
from intake.statistics import DIMENSIONS, UNKNOWN, consent_problem, members, occurred_start
from intake.vocabulary import Vocabularies

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
    """Whether the case's consent covers an anonymised description (sealed and unsealed)."""
    drafts = [doc["_draft"]] if "_draft" in doc else []
    return all(consent_problem(answers, PUBLICATION_CONSENT) is None for answers in [doc, *drafts])


def describable(
    cases: Sequence[Mapping[str, Any]], tables: Sequence[PublishedTable], vocab: Vocabularies
) -> tuple[list[Mapping[str, Any]], bool]:
    """The counted cases that may be described, newest first (the order a report lists them),
    and whether any case with consent was left out because its description would speak to a
    hidden count."""
    consenting = [doc for doc in cases if may_describe(doc)]
    chosen = [doc for doc in consenting if _all_shown(doc, tables, vocab)]
    chosen.sort(key=lambda doc: (occurred_start(doc) or "", doc.get("_id", "")), reverse=True)
    return chosen, len(chosen) < len(consenting)


# What a description does not speak to: the follow-up a person needed.
_UNSPOKEN = frozenset({"need"})


def _all_shown(doc: Mapping[str, Any], tables: Sequence[PublishedTable], vocab: Vocabularies) -> bool:
    for published in tables:
        if _UNSPOKEN & set(published.by):
            continue
        for part in members(doc, published.unit):
            values = [sorted(DIMENSIONS[name](doc, part, vocab)) for name in published.by]
            if not all(_shown(published, key) for key in product(*values)):
                return False
    return True


def _shown(published: PublishedTable, key: tuple[str, ...]) -> bool:
    table = published.table
    if not isinstance(table.total, int):
        return False
    if isinstance(table, OneWay):
        return key[0] in table.values and isinstance(table.cells[table.values.index(key[0])], int)
    if key[0] not in table.rows or key[1] not in table.columns:
        return False
    row, column = table.rows.index(key[0]), table.columns.index(key[1])
    return all(
        isinstance(entry, int)
        for entry in (table.cells[row][column], table.row_totals[row], table.column_totals[column])
    )


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


def annex_rows(described: Sequence[Mapping[str, Any]], labels: ReportLabels) -> list[AnnexRow]:
    """One row per described hate-crime case (`describable`), in the order given."""
    vocab = labels.vocab
    rows = []
    for doc in described:
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
