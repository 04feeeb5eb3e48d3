"""Published tables as CSV files, written only into a folder the user chose. Each file appears
whole or not at all, and none is overwritten: the files are not encrypted, and the command says
so."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from intake.cell_suppression import OneWay
from intake.errors import BadInputError, StorageError
from intake.i18n import _
from intake.new_file import write_new_file
from intake.report_labels import ReportLabels
from intake.report_tables import PublishedTable


def write_csv_tables(folder: Path, tables: Sequence[PublishedTable], labels: ReportLabels) -> list[Path]:
    if not folder.is_dir():
        raise BadInputError(_("{path} is not a folder.").format(path=folder))
    targets = [folder / f"{table.name}.csv" for table in tables]
    taken = [path.name for path in targets if path.exists() or path.is_symlink()]
    if taken:
        raise BadInputError(
            _("These files already exist in {path}: {names}. Choose an empty folder.").format(
                path=folder, names=", ".join(taken)
            )
        )
    for path, table in zip(targets, tables, strict=True):
        try:
            write_new_file(path, _csv(table, labels).encode("utf-8"))
        except FileExistsError:
            raise BadInputError(
                _("These files already exist in {path}: {names}. Choose an empty folder.").format(
                    path=folder, names=path.name
                )
            ) from None
        except OSError as exc:
            raise StorageError(
                _("{path} could not be written ({reason}).").format(
                    path=path, reason=exc.strerror or type(exc).__name__
                )
            ) from None
    return targets


def _csv(published: PublishedTable, labels: ReportLabels) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    table = published.table
    first = published.by[0]
    total = labels.translation.gettext("Total")
    if isinstance(table, OneWay):
        writer.writerow([labels.dimension(first), labels.unit(published.unit)])
        for code, shown in zip(table.values, table.cells, strict=True):
            writer.writerow([labels.value(first, code), shown])
        writer.writerow([total, table.total])
    else:
        second = published.by[1]
        writer.writerow(
            [
                f"{labels.dimension(first)} / {labels.dimension(second)}",
                *(labels.value(second, c) for c in table.columns),
                total,
            ]
        )
        for code, cells, row_total in zip(table.rows, table.cells, table.row_totals, strict=True):
            writer.writerow([labels.value(first, code), *cells, row_total])
        writer.writerow([total, *table.column_totals, table.total])
    return out.getvalue()
