"""The return file: a workbook a person reads, carrying a payload the LA can trust."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import zipfile

import pytest

from stoke_governor.core.errors import (
    NotAReturnError,
    ReturnDigestError,
    ReturnError,
    ReturnSignatureError,
    UnsupportedReturnVersionError,
)
from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
from stoke_governor.files.canonical import canonical, digest
from stoke_governor.reports.return_workbook import export_return
from stoke_governor.selfeval import evaluation as selfeval
from stoke_governor.selfeval.return_file import PART, read_payload, read_return

URN = 136102
TODAY = dt.date(2026, 3, 2)
KEY = bytes(range(32))


@pytest.fixture
def evaluation(store):
    ev = selfeval.start_evaluation(store, URN, today=TODAY)
    selfeval.rate(store, ev.id, "SL1", 3)
    selfeval.set_evidence(store, ev.id, "SL1", "Development plan agreed in October.")
    return ev


def _export(store, ev, target):
    return export_return(store, selfeval.get_evaluation(store, ev.id), target, today=TODAY)


def test_the_file_has_a_predictable_name_and_a_payload_whose_digest_verifies(
    store, evaluation, tmp_path
):
    folder = tmp_path / "returns"
    folder.mkdir()
    out = _export(store, evaluation, folder)
    assert out.path.name == "136102_Co-op-Academy-Stoke-On-Trent_self-evaluation_2026-03-02.xlsx"
    assert [p.name for p in folder.iterdir()] == [out.path.name]  # no temporary file left
    ret = read_return(out.path)
    p = ret.payload
    assert (p["format"], p["format_version"], p["revision"]) == ("stoke-governor-return", 1, 1)
    assert p["return_id"] == evaluation.return_id and ret.urn == URN
    assert (p["framework"]["id"], p["framework"]["version"]) == (
        "dfe-effective-governance",
        "2024.1",
    )
    assert p["completeness"] == {"items": 23, "rated": 1, "percent": 4}
    assert ret.digest == digest(canonical(p)) == out.digest
    assert not ret.signature_checked and ret.signature is None
    assert "board" in p and "training" in p


def test_an_unrated_evaluation_can_be_exported_and_says_so(store, tmp_path):
    ev = selfeval.start_evaluation(store, URN, today=TODAY)
    out = _export(store, ev, tmp_path / "r.xlsx")
    assert read_return(out.path).payload["completeness"]["rated"] == 0


def test_revision_moves_on_only_when_the_evaluation_changed(store, evaluation, tmp_path):
    first = _export(store, evaluation, tmp_path / "a.xlsx")
    again = _export(store, evaluation, tmp_path / "b.xlsx")
    assert (first.revision, again.revision, again.changed) == (1, 1, False)
    assert read_return(first.path).data == read_return(again.path).data  # the same payload
    selfeval.rate(store, evaluation.id, "AC1", 2)
    third = _export(store, evaluation, tmp_path / "c.xlsx")
    assert (third.revision, third.changed) == (2, True)
    assert read_return(third.path).payload["return_id"] == evaluation.return_id


def _rewrite_part(src, dest, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info)
            zout.writestr(info, change(body) if info.filename == PART else body)


def test_a_payload_edited_outside_the_app_is_detected(store, evaluation, tmp_path):
    out = _export(store, evaluation, tmp_path / "r.xlsx")
    edited = tmp_path / "edited.xlsx"
    _rewrite_part(out.path, edited, lambda b: b.replace(b'"rating":3', b'"rating":4'))
    with pytest.raises(ReturnDigestError, match="changed outside the app"):
        read_return(edited)
    newer = tmp_path / "newer.xlsx"
    _rewrite_part(out.path, newer, lambda b: b.replace(b'version="1"', b'version="2"', 1))
    with pytest.raises(UnsupportedReturnVersionError, match="version '2'"):
        read_return(newer)


def test_signature_verifies_with_the_schools_key_and_is_required_once_a_key_is_issued(
    store, evaluation, tmp_path
):
    unsigned = _export(store, evaluation, tmp_path / "unsigned.xlsx")
    with pytest.raises(ReturnSignatureError, match="not signed"):
        read_return(unsigned.path, key=KEY)
    store.set_settings(**{LA_RETURN_KEY.key: KEY.hex(), LA_RETURN_KEY_ID.key: "stoke-2026"})
    signed = _export(store, evaluation, tmp_path / "signed.xlsx")
    assert signed.signed
    ret = read_return(signed.path, key=lambda urn: KEY if urn == URN else None)
    assert ret.signature_checked and ret.key_id == "stoke-2026"
    assert not read_return(signed.path).signature_checked  # no key given: digest only
    with pytest.raises(ReturnSignatureError, match="does not match"):
        read_return(signed.path, key=b"another school's key")


def test_user_text_never_becomes_a_formula_and_the_workbook_opens(store, tmp_path):
    from openpyxl import load_workbook

    ev = selfeval.start_evaluation(store, URN, today=TODAY)
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "<b>&amp;\x01"]
    for n, text in enumerate(hostile):
        selfeval.set_evidence(store, ev.id, f"SL{n + 1}", text)
        selfeval.add_action(store, ev.id, "PE1", text, owner=text)
    out = _export(store, ev, tmp_path / "r.xlsx")
    wb = load_workbook(out.path)
    assert wb.sheetnames == ["Cover", "Ratings by section", "Actions", "Board summary"]
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert set(hostile[:4]) <= texts and "<b>&amp;" in texts
    assert wb["Ratings by section"].freeze_panes == "A2"
    assert wb["Ratings by section"].page_setup.paperSize == 9  # A4
    actions = json.loads(read_return(out.path).data)["actions"]
    assert [a["action"] for a in actions] == [*hostile[:4], "<b>&amp;"]


def test_files_that_are_not_returns_are_refused_with_the_reason(store, tmp_path):
    from openpyxl import Workbook

    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    with pytest.raises(NotAReturnError, match="no return part"):
        read_return(plain)
    text = tmp_path / "notes.xlsx"
    text.write_text("a,b\n1,2\n")
    with pytest.raises(Exception, match="CSV"):
        read_return(text)


def test_reading_a_return_does_not_load_openpyxl(store, evaluation, tmp_path):
    out = _export(store, evaluation, tmp_path / "r.xlsx")
    code = (
        "import sys\nfrom stoke_governor.selfeval.return_file import read_return\n"
        f"r = read_return({str(out.path)!r})\n"
        "print(r.payload['school']['urn'], 'openpyxl' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [str(URN), "False"]


def test_selfeval_export_on_the_command_line(db_path, tmp_path, capsys):
    from stoke_governor.cli.main import main

    assert main(["--db", str(db_path), "school", "select", str(URN)]) == 0
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["--db", str(db_path), "selfeval", "export", "-o", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert "0 of 23 items rated (0%), revision 1 (a new revision)" in printed
    (written,) = folder.iterdir()
    assert read_return(written).urn == URN
    assert main(["--db", str(db_path), "selfeval", "export", "-o", str(tmp_path / "r.csv")]) == 2


def _payload(store, evaluation, tmp_path) -> dict:
    return read_return(_export(store, evaluation, tmp_path / "r.xlsx").path).payload


def test_ratings_must_be_on_the_scale_the_return_itself_gives(store, evaluation, tmp_path):
    p = _payload(store, evaluation, tmp_path)
    assert read_payload(canonical(p), "r.xlsx") == p  # the app's own export passes
    p["ratings"][0]["rating"] = 7
    with pytest.raises(ReturnError) as caught:
        read_payload(canonical(p), "r.xlsx")
    assert str(caught.value) == (
        "r.xlsx is not a return the app can import: item SL1's rating is 7, but ratings run "
        "from 1 to 4."
    )
    # A framework on another scale: its own values are the ones allowed.
    p["framework"]["scale"] = [{"value": v, "label": f"level {v}"} for v in (0, 5, 10)]
    p["ratings"][0]["rating"], p["sections"][0]["mean"] = 10, 10.0
    read_payload(canonical(p), "r.xlsx")
    p["ratings"][0]["rating"] = 4
    with pytest.raises(ReturnError, match="rating is 4, but ratings are only 0, 5 or 10.$"):
        read_payload(canonical(p), "r.xlsx")
    p["ratings"][0]["rating"], p["sections"][0]["mean"] = 5, 12.5
    with pytest.raises(ReturnError, match="section strategic-leadership's mean rating is 12.5,"):
        read_payload(canonical(p), "r.xlsx")


def test_a_payload_holding_nan_is_a_return_error_not_a_crash(store, evaluation, tmp_path):
    data = canonical(_payload(store, evaluation, tmp_path)).replace(b'"mean":3.0', b'"mean":NaN')
    with pytest.raises(ReturnError) as caught:
        read_payload(data, "r.xlsx")
    assert str(caught.value) == (
        "r.xlsx is not a return the app can import: its payload holds NaN (not a number) as "
        "section strategic-leadership's mean rating; a return holds only real numbers."
    )


def test_a_later_format_version_asks_for_an_update_before_the_schema_is_read(
    store, evaluation, tmp_path
):
    p = _payload(store, evaluation, tmp_path)
    p.update(format_version=2, ratings="a later version's shape")
    with pytest.raises(UnsupportedReturnVersionError, match="version 2; .* update the app"):
        read_payload(canonical(p), "r.xlsx")
    p["format"] = "something-else"
    with pytest.raises(NotAReturnError, match="not a self-evaluation return"):
        read_payload(canonical(p), "r.xlsx")
