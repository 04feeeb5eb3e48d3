"""CLI commands about cases: add, list, show, update, seal, history, and search."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from intake.case_document import validate_case
from intake.cli.passphrase_input import STDIN
from intake.cli.session import print_json, unlocked
from intake.errors import BadInputError
from intake.i18n import _, current_language, ngettext
from intake.vocabulary import default_vocabularies

CommonOptions = Callable[..., None]


def add_subcommands(case: argparse.ArgumentParser, common: CommonOptions, parser_class: type) -> None:
    sub: Any = case.add_subparsers(dest="case_command", metavar=_("COMMAND"), parser_class=parser_class)
    sub.required = True

    add = sub.add_parser("add", help=_("add a case from a JSON file (or standard input); prints its id"))
    common(add, json_output=True)
    add.add_argument(
        "file", nargs="?", default=STDIN, help=_("the case as JSON ('-' or nothing: standard input)")
    )
    add.set_defaults(handler=add_case)

    update = sub.add_parser(
        "update", help=_("save new content for a case (a sealed case gets a new revision)")
    )
    common(update, json_output=True)
    update.add_argument("case_id", help=_("the case's id"))
    update.add_argument(
        "file", nargs="?", default=STDIN, help=_("the case as JSON ('-' or nothing: standard input)")
    )
    update.set_defaults(handler=update_case)

    listing = sub.add_parser("list", help=_("list cases, most recently changed first"))
    common(listing, json_output=True)
    listing.add_argument("--status", choices=("draft", "sealed"), help=_("only cases in this state"))
    listing.add_argument("--limit", type=int, default=100, help=_("at most this many cases"))
    listing.add_argument("--offset", type=int, default=0, help=_("skip this many cases first"))
    listing.set_defaults(handler=list_cases)

    show = sub.add_parser("show", help=_("show one case"))
    common(show, json_output=True)
    show.add_argument("case_id", help=_("the case's id"))
    show.add_argument("--revision", type=int, help=_("an earlier revision (default: the current one)"))
    show.set_defaults(handler=show_case)

    seal = sub.add_parser("seal", help=_("seal the current revision: it becomes immutable and signed"))
    common(seal, json_output=True)
    seal.add_argument("case_id", help=_("the case's id"))
    seal.set_defaults(handler=seal_case)

    history = sub.add_parser("history", help=_("list a case's revisions"))
    common(history, json_output=True)
    history.add_argument("case_id", help=_("the case's id"))
    history.set_defaults(handler=case_history)


def _read_case_json(args: argparse.Namespace) -> dict[str, Any]:
    """Reads and validates the case before anything is unlocked, so bad input costs nothing."""
    if args.file == STDIN and getattr(args, "passphrase_file", None) == STDIN:
        raise BadInputError(_("Standard input cannot carry both the case and the passphrase."))
    try:
        text = sys.stdin.read() if args.file == STDIN else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(
            _("The case file cannot be read ({reason}).").format(reason=type(exc).__name__)
        ) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInputError(
            _("The case is not valid JSON (line {line}, column {column}).").format(
                line=exc.lineno, column=exc.colno
            )
        ) from None
    return validate_case(doc, default_vocabularies())


def _record_json(record: Any) -> dict[str, Any]:
    return {
        "id": record.case_id,
        "revision": record.revision,
        "status": record.status,
        "author": record.author,
        "content_hash": record.content_hash,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "sealed_at": record.sealed_at,
        "signed": record.signature is not None,
        "content": record.content,
    }


def _summary_json(summary: Any) -> dict[str, Any]:
    return {
        "id": summary.case_id,
        "revision": summary.revision,
        "status": summary.status,
        "title": summary.title,
        "occurred_first": summary.occurred_first,
        "occurred_last": summary.occurred_last,
        "district": summary.district,
        "subject": summary.subject,
        "violations": list(summary.violations),
        "updated_at": summary.updated_at,
    }


def _status_label(status: str) -> str:
    return _("sealed") if status == "sealed" else _("draft")


def _print_summaries(summaries: list[Any]) -> None:
    for s in summaries:
        when = s.occurred_first or "—"
        print(f"{s.case_id}  {_status_label(s.status):<10} {when:<10}  {s.title}")


def add_case(args: argparse.Namespace) -> int:
    doc = _read_case_json(args)
    with unlocked(args) as vault:
        record = vault.store.create_case(doc)
    if args.json:
        print_json({"id": record.case_id, "revision": record.revision})
    else:
        print(record.case_id)
    return 0


def update_case(args: argparse.Namespace) -> int:
    doc = _read_case_json(args)
    with unlocked(args) as vault:
        record = vault.store.save_draft(args.case_id, doc)
    if args.json:
        print_json({"id": record.case_id, "revision": record.revision, "status": record.status})
    else:
        print(
            _("Saved as revision {revision} ({status}).").format(
                revision=record.revision, status=_status_label(record.status)
            )
        )
    return 0


def list_cases(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        summaries = vault.store.list_cases(status=args.status, limit=args.limit, offset=args.offset)
        total = vault.store.count_cases(status=args.status)
    if args.json:
        print_json({"total": total, "cases": [_summary_json(s) for s in summaries]})
    else:
        _print_summaries(summaries)
        print(ngettext("{count} case in total.", "{count} cases in total.", total).format(count=total))
    return 0


def _print_case(record: Any) -> None:
    vocab = default_vocabularies()
    lang = current_language()
    doc = record.content
    location = doc["location"]
    region = location["subject"] or location["district"]
    print(doc["title"])
    print(
        _("Id: {id}  Revision: {revision}  Status: {status}").format(
            id=record.case_id, revision=record.revision, status=_status_label(record.status)
        )
    )
    if doc["occurred"]:
        print(
            _("Occurred: {date} ({precision})").format(
                date=doc["occurred"]["date"],
                precision=vocab.label("date_precision", doc["occurred"]["precision"], lang),
            )
        )
    if region:
        print(_("Region: {region}").format(region=vocab.label("region", region, lang)))
    if doc["violations"]:
        labels = ", ".join(vocab.label("violation", code, lang) for code in doc["violations"])
        print(_("Violations: {labels}").format(labels=labels))
    print(
        _("Confidentiality: {label}").format(
            label=vocab.label("confidentiality", doc["confidentiality"], lang)
        )
    )
    print(
        _("Persons: {persons}  Acts: {acts}  Sources: {sources}").format(
            persons=len(doc["persons"]), acts=len(doc["acts"]), sources=len(doc["sources"])
        )
    )
    if doc["narrative"]:
        print()
        print(doc["narrative"])


def show_case(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        record = vault.store.get(args.case_id, args.revision)
    if args.json:
        print_json(_record_json(record))
    else:
        _print_case(record)
    return 0


def seal_case(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        record = vault.store.seal(args.case_id)
    if args.json:
        print_json({"id": record.case_id, "revision": record.revision, "content_hash": record.content_hash})
    else:
        print(_("Revision {revision} is sealed.").format(revision=record.revision))
    return 0


def case_history(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        revisions = vault.store.revisions(args.case_id)
    if args.json:
        print_json(
            [
                {
                    "revision": r.revision,
                    "status": r.status,
                    "author": r.author,
                    "content_hash": r.content_hash,
                    "created_at": r.created_at,
                    "sealed_at": r.sealed_at,
                }
                for r in revisions
            ]
        )
    else:
        for r in revisions:
            print(f"{r.revision:>4}  {_status_label(r.status):<10} {r.created_at}  {r.sealed_at or ''}")
    return 0


def search(args: argparse.Namespace) -> int:
    with unlocked(args) as vault:
        results = vault.store.search(args.query, limit=args.limit)
    if args.json:
        print_json({"cases": [_summary_json(s) for s in results]})
    else:
        _print_summaries(results)
        print(
            ngettext("{count} case found.", "{count} cases found.", len(results)).format(count=len(results))
        )
    return 0
