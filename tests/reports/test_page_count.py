"""'Page N of M' in the PDFs' footers (`reports.page_count`), M known only at the end."""

from __future__ import annotations

import subprocess

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4

from stoke_governor.reports.page_count import counting_canvas, draw_page_label, page_label


def test_every_page_says_its_number_and_the_count(tmp_path):
    path = tmp_path / "three.pdf"
    canv = counting_canvas("Helvetica", 8, colors.black)(str(path), pagesize=A4)
    for _ in range(3):
        canv.saveState()
        canv.setFont("Helvetica", 8)
        text, x = page_label(canv, A4[0] - 50, "Helvetica", 8)
        assert x < A4[0] - 50
        draw_page_label(canv, text, x, 40, "Helvetica", 8)
        canv.restoreState()
        canv.showPage()
    canv.save()
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    assert [line for line in out.stdout.split() if line.isdigit()] == ["1", "3", "2", "3", "3", "3"]
