"""What a reader sees for a dimension, a value of it, a unit and an exclusion reason, in the
language a report or command is written in (CSV tables, the PDF report, `intake stats`)."""

from __future__ import annotations

from intake.i18n import Translation
from intake.statistics import CODE_VOCABULARY, GROUP_VOCABULARY, UNKNOWN
from intake.vocabulary import Vocabularies


class ReportLabels:
    def __init__(self, vocab: Vocabularies, translation: Translation) -> None:
        self.vocab = vocab
        self.translation = translation

    def value(self, dimension: str, code: str) -> str:
        _ = self.translation.gettext
        if code == UNKNOWN:
            return _("not recorded")
        language = self.translation.language
        if dimension in GROUP_VOCABULARY:
            en, ru = self.vocab.groups(GROUP_VOCABULARY[dimension]).get(code, (code, code))
            return ru if language == "ru" else en
        name = CODE_VOCABULARY.get(dimension)
        if name is None or not self.vocab.has(name, code):
            return code  # a year, or a code this version's vocabulary does not know
        return self.vocab.label(name, code, language)

    def dimension(self, name: str) -> str:
        _ = self.translation.gettext
        return {
            "violation": _("Violation"),
            "violation_group": _("Violation group"),
            "year": _("Year"),
            "district": _("Federal district"),
            "subject": _("Region"),
            "perpetrator": _("Perpetrator"),
            "perpetrator_group": _("Perpetrator (state or not)"),
            "bias": _("Bias motivation"),
            "police_stage": _("Police stage"),
            "need": _("Follow-up need"),
            "followup_status": _("Status"),
        }.get(name, name)

    def unit(self, unit: str) -> str:
        _ = self.translation.gettext
        return {
            "cases": _("Cases"),
            "victims": _("Victims"),
            "acts": _("Acts"),
            "followups": _("Follow-ups"),
        }[unit]

    def table_title(self, name: str) -> str:
        """The heading of a published table (intake/report_tables.py PUBLISHED)."""
        _ = self.translation.gettext
        return {
            "cases_by_violation_group": _("Cases by violation group"),
            "victims_by_violation_group": _("Victims by violation group"),
            "acts_by_violation": _("Acts by violation"),
            "cases_by_violation_group_and_year": _("Cases by violation group and year"),
            "cases_by_district": _("Cases by federal district"),
            "cases_by_perpetrator_group": _("Cases by perpetrator: state or not"),
            "cases_by_perpetrator": _("Cases by perpetrator"),
            "cases_by_bias": _("Cases by bias motivation"),
            "cases_by_police_stage": _("Cases by how far a complaint to the police got"),
            "cases_by_need": _("Cases by follow-up need"),
        }.get(name, name)

    def reason(self, reason: str) -> str:
        _ = self.translation.gettext
        return {
            "not_sealed": _("not sealed"),
            "no_statistics_consent": _("no consent to anonymous statistics"),
            "statistics_consent_refused": _("consent to statistics refused or withdrawn"),
        }.get(reason, reason)
