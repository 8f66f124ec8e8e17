"""Writing the city's governance summary: as an XLSX workbook or a PDF, by the file's name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stoke_governor.core.errors import StokeGovernorError
from stoke_governor.reports.city_report import CityReport, city_report


def export_city_report(store, path, year: str | None = None, today: dt.date | None = None) -> Path:
    """Write the city summary to `path`: an .xlsx workbook or a .pdf, by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise StokeGovernorError(
            f"Cannot write the city report as {path.name}: give a file name ending in .xlsx "
            "or .pdf."
        )
    return write_report(city_report(store, year, today), path)


def write_report(report: CityReport, path) -> Path:
    """Write a report already read (`city_report`) as .xlsx or .pdf, by the path's suffix."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from stoke_governor.reports.city_pdf import write_city_pdf

        return write_city_pdf(report, path)
    from stoke_governor.reports.city_xlsx import write_city_xlsx

    return write_city_xlsx(report, path)
