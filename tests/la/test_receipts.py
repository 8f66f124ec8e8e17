"""Receipts: the LA confirms each return it holds; the board imports the receipt and sees it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from stoke_governor.cli import main as cli
from stoke_governor.core.errors import LAModeError
from stoke_governor.files.canonical import canonical, digest
from stoke_governor.la.mode import issue_key
from stoke_governor.la.receipts import (
    MAX_BYTES,
    ReceiptError,
    describe_receipt,
    export_receipts,
    import_receipt,
    receipt_for,
)
from stoke_governor.la.returns.importer import import_returns
from stoke_governor.schools.register import get_school, select_school
from stoke_governor.selfeval.evaluation import current_evaluation, rate
from tests.return_files import copy_as, make_return

URN, OTHER = 136102, 124390  # Co-op Academy Stoke-On-Trent; Birches Head Academy
NOT_OURS = "0b0b0b0b-0000-4000-8000-000000000003"  # a return id this board never made


def _received(store, la_store, tmp_path, urn=URN, key=None, **kw):
    """The board exports its return; the LA imports it and writes the receipts."""
    sent = make_return(store, urn, tmp_path / "sent" / f"{urn}.xlsx", key=key, **kw)
    outcome = import_returns(la_store, [sent], by="test")[0]
    assert outcome.status in ("imported", "superseded"), outcome.reason
    return export_receipts(la_store, tmp_path / "receipts" / str(urn), urns=[urn])


def _rewrite(path, **changes):
    """A receipt with fields changed and its digest made good again (its signature not)."""
    fields = json.loads(path.read_bytes())
    fields.update(changes)
    body = {k: v for k, v in fields.items() if k not in ("digest", "signature")}
    fields["digest"] = digest(canonical(body))
    forged = path.with_name("forged.sgreceipt")
    forged.write_bytes(canonical(fields))
    return forged


def test_round_trip_the_board_sees_when_the_la_received_its_return(store, la_store, tmp_path):
    select_school(store, URN)
    evaluation = current_evaluation(store, URN)
    assert evaluation is None or receipt_for(store, evaluation) is None
    [path] = _received(store, la_store, tmp_path)
    school = get_school(store, URN)
    assert path.name == "136102_Co-op-Academy-Stoke-On-Trent_receipt_1.sgreceipt"
    fields = json.loads(path.read_bytes())
    assert fields["la"] == "Stoke-on-Trent City Council — Governor Services"
    assert (fields["urn"], fields["school"], fields["revision"]) == (URN, school.name, 1)
    assert fields["signature"] is None and len(fields["digest"]) == 64
    held = la_store.query_one("SELECT payload_digest FROM returns_received")[0]
    assert fields["payload_digest"] == held

    evaluation = current_evaluation(store, URN)
    assert describe_receipt(store, evaluation).startswith("Not yet confirmed by the LA")
    receipt = import_receipt(store, path)
    assert receipt.new and receipt.revision == 1
    assert receipt_for(store, evaluation) == receipt._replace(new=False)
    assert describe_receipt(store, evaluation) == f"{receipt.describe()}."
    assert receipt.describe() == f"Received by the LA on {receipt.received_on} (revision 1)"
    assert import_receipt(store, path).new is False  # the same receipt again: nothing changes
    assert store.query_one("SELECT count(*) FROM return_receipts")[0] == 1

    with store.transaction():  # the export was made an hour ago; then the board changed a rating
        store.execute("UPDATE evaluations SET revised_at = '2026-11-22T09:00:00+00:00'")
        store.execute("UPDATE evaluations SET updated_at = '2026-11-21T09:00:00'")
    assert describe_receipt(store, current_evaluation(store, URN)).startswith("Received by")
    rate(store, evaluation.id, "SL2", 4)
    changed = describe_receipt(store, current_evaluation(store, URN))
    assert changed.startswith("Changed since the LA received revision 1")
    make_return(store, URN, tmp_path / "sent2.xlsx", ratings={"SL3": 2})
    assert "send the latest return file (revision 2)" in describe_receipt(
        store, current_evaluation(store, URN)
    )


def test_signed_receipts_forged_or_for_another_school_are_refused(store, la_store, tmp_path):
    select_school(store, URN)
    key = issue_key(la_store, URN)
    [path] = _received(store, la_store, tmp_path, key=key)  # the school holds the LA's key
    assert json.loads(path.read_bytes())["signature"]
    forged = _rewrite(path, received_at="2020-01-01T09:00:00+00:00")
    with pytest.raises(ReceiptError, match="forged.sgreceipt: its signature does not match"):
        import_receipt(store, forged)
    unsigned = _rewrite(path, signature=None)
    with pytest.raises(ReceiptError, match="is not signed, but the LA gave this school a key"):
        import_receipt(store, unsigned)
    assert import_receipt(store, path).new

    from stoke_governor.board.governors import remove_demo_board

    remove_demo_board(store)
    [theirs] = _received(store, la_store, tmp_path, urn=OTHER)
    with pytest.raises(ReceiptError, match=r"is for another school \(Birches Head Academy"):
        import_receipt(store, theirs)
    assert store.query_one("SELECT count(*) FROM return_receipts")[0] == 1


def test_what_is_not_this_boards_receipt_is_refused_with_its_reason(store, la_store, tmp_path):
    select_school(store, URN)
    [path] = _received(store, la_store, tmp_path)
    cases = {
        _rewrite(path, return_id=NOT_OURS): "is for a return this board did not make",
        _rewrite(path, revision=7): "exported only up to revision 1",
    }
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "edited.sgreceipt").write_bytes(
        path.read_bytes().replace(b'"revision":1', b'"revision":2')
    )
    cases[bad / "edited.sgreceipt"] = "changed after the LA made it"
    (bad / "huge.sgreceipt").write_bytes(b" " * (MAX_BYTES + 1))
    cases[bad / "huge.sgreceipt"] = "too large to be a receipt"
    (bad / "return.sgreceipt").write_bytes(b"PK\x03\x04 a workbook renamed")
    cases[bad / "return.sgreceipt"] = "is not a receipt"
    (bad / "v9.sgreceipt").write_text('{"format": "stoke-governor-receipt", "format_version": 9}')
    cases[bad / "v9.sgreceipt"] = "format version 9"
    for file, reason in cases.items():
        with pytest.raises(ReceiptError, match=reason) as caught:
            import_receipt(store, file)
        assert file.name in str(caught.value)
    assert store.query_one("SELECT count(*) FROM return_receipts")[0] == 0


def test_a_receipt_is_never_accepted_on_the_las_database(store, la_store, tmp_path):
    [path] = _received(store, la_store, tmp_path)
    with pytest.raises(LAModeError, match="the LA's database does not take receipts"):
        import_receipt(la_store, path)
    assert la_store.query_one("SELECT count(*) FROM return_receipts")[0] == 0
    with pytest.raises(LAModeError):
        export_receipts(store, tmp_path / "no")  # and a board's database makes none


def test_the_command_line_exports_and_imports_receipts(
    store, la_store, db_path, la_path, tmp_path, capsys
):
    select_school(store, URN)
    sent = make_return(store, URN, tmp_path / "sent.xlsx")
    copy_as(sent, tmp_path / "kept")
    import_returns(la_store, [sent], by="test")
    out = tmp_path / "out"
    assert cli.main(["--db", str(la_path), "receipt", "export", "-o", str(out)]) == 0
    assert "Wrote 1 receipt(s)" in capsys.readouterr().out
    [path] = out.iterdir()
    assert cli.main(["--db", str(db_path), "receipt", "import", str(path)]) == 0
    assert "Received by the LA on" in capsys.readouterr().out
    assert cli.main(["--db", str(db_path), "receipt", "import", str(path)]) == 0
    assert "already held; nothing changed" in capsys.readouterr().out
    junk = tmp_path / "junk.sgreceipt"
    junk.write_text("hello")
    assert cli.main(["--db", str(db_path), "receipt", "import", str(junk)]) == 1
    assert "junk.sgreceipt is not a receipt" in capsys.readouterr().out
    assert cli.main(["--db", str(la_path), "receipt", "import", str(path)]) == 1
    assert "does not take receipts" in capsys.readouterr().err


def test_a_receipt_with_dates_that_are_not_real_is_refused_with_a_sentence(
    store, la_store, tmp_path, capsys
):
    """'Received by the LA on not a date' was once shown on the page: a receipt's dates are
    checked against its schema before anything is kept."""
    select_school(store, URN)
    [path] = _received(store, la_store, tmp_path)
    next_year = f"{dt.date.today().year + 1}-03-01T09:00:00+00:00"
    cases = {
        "not-a-date": (
            {"received_at": "not a date"},
            "the time the LA received the return is 'not a date', which is not a date and "
            "time such as 2026-11-22T13:32:00+00:00.",
        ),
        "impossible": (
            {"received_at": "2026-02-30T09:00:00+00:00"},
            "the time the LA received the return is '2026-02-30T09:00:00+00:00', which is "
            "not a date and time such as 2026-11-22T13:32:00+00:00.",
        ),
        "next-year": (
            {"issued_at": next_year},
            f"the time the receipt was made is '{next_year}', which is in the future (after "
            "tomorrow on this computer).",
        ),
        "revision-text": ({"revision": "1"}, "the revision is '1', which is not a whole number."),
        "return-id": ({"return_id": "ours"}, "the return id is 'ours', which is not a UUID"),
    }
    for name, (changes, says) in cases.items():
        bad = _rewrite(path, **changes).rename(tmp_path / f"{name}.sgreceipt")
        with pytest.raises(ReceiptError) as caught:
            import_receipt(store, bad)
        assert str(caught.value).startswith(
            f"{name}.sgreceipt is not a receipt the app can import: {says}"
        )
    nan = tmp_path / "nan.sgreceipt"
    nan.write_bytes(path.read_bytes().replace(b'"revision":1', b'"revision":NaN'))
    with pytest.raises(ReceiptError, match="it holds NaN .not a number. as the revision; a "):
        import_receipt(store, nan)
    assert store.query_one("SELECT count(*) FROM return_receipts")[0] == 0
    assert cli.main(["--db", str(store.path), "receipt", "import", str(nan)]) == 1
    assert "nan.sgreceipt is not a receipt the app can import" in capsys.readouterr().out


def test_a_fault_while_keeping_a_receipt_is_a_sentence_and_changes_nothing(
    store, la_store, tmp_path, monkeypatch
):
    from stoke_governor.la import receipts

    select_school(store, URN)
    [path] = _received(store, la_store, tmp_path)

    def fails(sql, params=()):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "execute", fails)  # the write, in its transaction
    with pytest.raises(ReceiptError) as caught:
        receipts.import_receipt(store, path)
    assert str(caught.value) == (
        f"{path.name} could not be imported: database or disk is full; nothing was changed."
    )
    monkeypatch.undo()
    assert store.query_one("SELECT count(*) FROM return_receipts")[0] == 0
    assert import_receipt(store, path).new  # and it imports once the fault is gone
