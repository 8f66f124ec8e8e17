"""The LA imports returns: one outcome per file, each in its own transaction, archived and
logged; re-importing changes nothing. Real files from the app's own export."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pytest

from stoke_governor.cli import main as cli
from stoke_governor.core.errors import LAModeError, ReturnError
from stoke_governor.files.canonical import canonical, sign
from stoke_governor.la.mode import SchoolKey
from stoke_governor.la.returns.held import (
    any_held,
    archived_file,
    conflict_decisions,
    conflicts,
    current_returns,
    held_counts,
    import_log,
    payload_of,
    resolve_conflict,
    return_history,
    urn_of_return,
    years_held,
)
from stoke_governor.la.returns.importer import (
    CONFLICT,
    DUPLICATE,
    IMPORTED,
    REJECTED,
    STALE,
    SUPERSEDED,
    find_return_files,
    import_returns,
)
from stoke_governor.selfeval.return_file import PART
from stoke_governor.startup import open_database
from tests.return_files import copy_as, make_return

NS = "{urn:stoke-governor:return}"
CO_OP = 136102
SECOND_ID = "5ec0d000-0000-4000-8000-000000000002"  # a board's second evaluation this year
KEY = SchoolKey(CO_OP, "136102-test", bytes(range(32)).hex(), "2026-09-01T00:00:00+00:00")


# -- helpers other return tests share -----------------------------------------------------
def school_store(seeded_template, folder: Path):
    """A school-side database of a test module's own (returns for any city school)."""
    path = folder / "school.sqlite"
    src, dest = sqlite3.connect(seeded_template), sqlite3.connect(path)
    src.backup(dest)
    src.close()
    dest.close()
    return open_database(path)


def hold_key(la_store, key: SchoolKey) -> None:
    """The LA holds `key` as the one it issued the school (as a pack would have)."""
    with la_store.transaction():
        la_store.execute("INSERT INTO la_keys VALUES (?, ?, ?, ?)", tuple(key))


def rewrite(
    src: Path,
    dest: Path,
    *,
    change=None,
    data: bytes | None = None,
    digest: str | None = None,
    version: str = "1",
    key: bytes | None = None,
    unsigned: bool = False,
    part: bytes | None = None,
) -> Path:
    """A copy of a return with its payload part rewritten: `change(payload)` edits the JSON
    (a new digest is computed unless `digest` is given), `data` replaces the payload bytes,
    `key` re-signs, `unsigned` drops the signature, `part` replaces the whole part."""
    with zipfile.ZipFile(src) as zf:
        members = [(i, zf.read(i)) for i in zf.infolist()]
    if part is None:
        root = ElementTree.fromstring(dict((i.filename, b) for i, b in members)[PART])
        old = root.find(NS + "payload").text.encode("utf-8")
        sig_el = root.find(NS + "signature")
        if data is None:
            payload = json.loads(old)
            data = canonical(change(payload) or payload) if change else old
        digest = digest or hashlib.sha256(data).hexdigest()
        sig = ""
        if key is not None:
            sig = f'<signature algorithm="HMAC-SHA256" key-id="x">{sign(data, key)}</signature>'
        elif sig_el is not None and not unsigned:
            sig = f'<signature algorithm="HMAC-SHA256" key-id="x">{sig_el.text}</signature>'
        part = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<return xmlns="urn:stoke-governor:return" format="stoke-governor-return" '
            f'version="{version}"><digest algorithm="SHA-256">{digest}</digest>{sig}'
            f'<payload encoding="json">{escape(data.decode("utf-8"))}</payload></return>'
        ).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info, body in members:
            out.writestr(info.filename, part if info.filename == PART else body)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(buf.getvalue())
    return dest


def table(store, name: str = "returns_received", skip=("id", "received_at")) -> list[tuple]:
    """A table's rows without ids and timestamps, sorted: to compare final states."""
    rows = store.query(f"SELECT * FROM {name}")
    return sorted(tuple(v for k, v in dict(r).items() if k not in skip) for r in rows)


def integrity(store) -> str:
    return store.query_one("PRAGMA integrity_check")[0]


# -- the module's return files, made once -------------------------------------------------
@pytest.fixture(scope="module")
def files(seeded_template, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("returns")
    school = school_store(seeded_template, root)
    try:
        urns = [
            r[0]
            for r in school.query(
                "SELECT urn FROM schools WHERE status != 'closed' AND urn NOT IN (124390, ?) "
                "ORDER BY urn LIMIT 2",
                (CO_OP,),
            )
        ]
        out, tmp = root / "files", root / "tmp"
        f = {}
        f["a1"] = copy_as(make_return(school, CO_OP, tmp, ratings={"SL1": 2}), out, "a1.xlsx")
        f["a2"] = copy_as(make_return(school, CO_OP, tmp, ratings={"SL2": 4}), out, "a2.xlsx")
        f["b1"] = copy_as(make_return(school, urns[0], tmp), out, "b1.xlsx")
        f["signed"] = copy_as(
            make_return(school, urns[1], tmp, key=KEY._replace(urn=urns[1])), out, "signed.xlsx"
        )
    finally:
        school.close()
    other = root / "other"
    f["a2_copy"] = copy_as(f["a2"], other, "a2-again.xlsx")

    def agreed_elsewhere(p):
        p["evaluation"]["agreed_by"] = "A different chair"

    f["a2_conflict"] = rewrite(f["a2"], other / "a2-conflict.xlsx", change=agreed_elsewhere)

    def second_id(p):
        # made after every other file here, though not after tomorrow (that is refused)
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
        p["return_id"], p["revision"] = SECOND_ID, 1
        p["created"] = later.isoformat(timespec="seconds")

    f["a_second_id"] = rewrite(f["a1"], other / "a-second-id.xlsx", change=second_id)
    f["urns"] = urns
    return f


def test_each_file_ends_in_one_outcome_with_its_reason(la_store, files):
    got = import_returns(la_store, [files["a1"], files["b1"]], by="officer")
    assert [o.status for o in got] == [IMPORTED, IMPORTED]
    assert got[0].school == "Co-op Academy Stoke-On-Trent" and got[0].urn == CO_OP
    assert got[0].revision == 1 and "a new return for" in got[0].reason
    assert [o.status for o in import_returns(la_store, [files["a2"]])] == [SUPERSEDED]
    # An earlier revision held as history is a duplicate, not stale: it is held.
    assert [o.status for o in import_returns(la_store, [files["a1"]])] == [DUPLICATE]
    dup, conflict = import_returns(la_store, [files["a2_copy"], files["a2_conflict"]])
    assert (dup.status, conflict.status) == (DUPLICATE, CONFLICT)
    assert "different content" in conflict.reason and "nothing changed" in dup.reason

    history = return_history(la_store, CO_OP)
    assert sorted((h.revision, h.state) for h in history) == [
        (1, "superseded"),
        (2, "conflict"),
        (2, "current"),
    ]
    [(held, other)] = conflicts(la_store)
    assert (held.state, other.state, other.id) == ("current", "conflict", conflict.received_id)
    assert payload_of(la_store, other.id)["evaluation"]["agreed_by"] == "A different chair"

    resolve_conflict(la_store, other.id, by="officer")
    assert conflicts(la_store) == []
    [decision] = conflict_decisions(la_store)
    assert (decision.by, decision.kept_id, decision.set_aside) == ("officer", other.id, (held.id,))
    [co_op] = [c for c in current_returns(la_store) if c.urn == CO_OP]
    assert co_op.id == other.id and co_op.revision == 2
    with pytest.raises(ReturnError, match="not in conflict"):
        resolve_conflict(la_store, other.id)
    assert years_held(la_store) == [co_op.year]
    assert {c.urn for c in current_returns(la_store)} == {CO_OP, files["urns"][0]}


def test_what_is_held_is_counted_and_each_return_knows_its_school(la_store, files):
    assert not any_held(la_store)
    assert held_counts(la_store) == (0, 0, None)
    a1, b1 = import_returns(la_store, [files["a1"], files["b1"]], by="officer")
    import_returns(la_store, [files["a2"]])
    assert any_held(la_store)
    counts = held_counts(la_store)
    assert (counts.returns, counts.schools) == (3, 2)
    assert counts.last_import == import_log(la_store)[0].at
    assert urn_of_return(la_store, a1.received_id) == CO_OP
    assert urn_of_return(la_store, b1.received_id) == files["urns"][0]
    assert urn_of_return(la_store, 10_000) is None


def test_reimporting_the_same_folder_changes_nothing(la_store, files):
    folder = files["a1"].parent
    first = import_returns(la_store, [folder])
    held, log = table(la_store), len(import_log(la_store))
    again = import_returns(la_store, [folder])
    assert table(la_store) == held
    assert {o.status for o in again} == {DUPLICATE}
    assert len(import_log(la_store)) == log + len(first)
    assert integrity(la_store) == "ok"


def test_revisions_out_of_order_keep_the_newest(la_store, files):
    a2, a1 = import_returns(la_store, [files["a2"], files["a1"]])
    assert (a2.status, a1.status) == (IMPORTED, STALE)
    assert "older than revision 2" in a1.reason
    assert [(h.revision, h.state) for h in return_history(la_store, CO_OP)] == [(2, "current")]
    assert [e.status for e in import_log(la_store)] == [STALE, IMPORTED]


def test_a_second_return_id_for_the_same_year_the_latest_made_is_used(la_store, files):
    first, second = import_returns(la_store, [files["a1"], files["a_second_id"]])
    assert (first.status, second.status) == (IMPORTED, IMPORTED)
    [co_op] = [c for c in current_returns(la_store) if c.urn == CO_OP]
    assert co_op.return_id == SECOND_ID
    states = {h.return_id[:7]: h.state for h in return_history(la_store, CO_OP)}
    assert sorted(states.values()) == ["current", "superseded"]
    # A later revision of the first id, made before the second, stays history.
    late = import_returns(la_store, [files["a2"]])[0]
    assert late.status == SUPERSEDED and "another return from this school" in late.reason
    [co_op] = [c for c in current_returns(la_store) if c.urn == CO_OP]
    assert co_op.return_id == SECOND_ID


def test_dry_run_classifies_the_same_and_writes_nothing(la_store, files, tmp_path):
    batch = tmp_path / "batch"
    for name in ("a1", "a2", "b1"):
        copy_as(files[name], batch)
    copy_as(files["a1"], batch, "z-a1-again.xlsx")
    (batch / "notes.xlsx").write_text("not a workbook")
    got = import_returns(la_store, [batch], dry_run=True)
    assert [o.status for o in got] == [IMPORTED, SUPERSEDED, IMPORTED, REJECTED, DUPLICATE]
    assert table(la_store) == [] and import_log(la_store) == []
    folder = la_store.path.parent
    assert not (folder / "returns-archive").exists() and not (folder / "backups").exists()
    real = import_returns(la_store, [batch])
    assert [(o.status, o.reason) for o in real] == [(o.status, o.reason) for o in got]


def test_a_dry_run_rolls_back_only_its_own_writes(la_store, files):
    got = import_returns(la_store, [files["a1"]], dry_run=True)
    assert got[0].status == IMPORTED and not la_store.conn.in_transaction
    with la_store.transaction():
        la_store.execute("INSERT INTO settings (key, value) VALUES ('outer', 'kept')")
        again = import_returns(la_store, [files["a1"]], dry_run=True)
    assert again[0].status == IMPORTED
    assert la_store.setting("outer") == "kept" and table(la_store) == []


def test_originals_are_archived_by_hash_and_the_log_says_who_and_when(la_store, files, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    ok, bad = import_returns(la_store, [files["a1"], junk], by="j.smith")
    original = files["a1"].read_bytes()
    sha = hashlib.sha256(original).hexdigest()
    kept = archived_file(la_store, ok.received_id)
    assert kept == la_store.path.parent / "returns-archive" / sha[:2] / f"{sha}.xlsx"
    assert kept.read_bytes() == original
    junk_sha = hashlib.sha256(junk.read_bytes()).hexdigest()
    assert (la_store.path.parent / "returns-archive" / junk_sha[:2] / f"{junk_sha}.xlsx").exists()
    assert bad.status == REJECTED and "not a zip file" in bad.reason
    log = la_store.query("SELECT * FROM return_import_log ORDER BY id")
    assert [(r["by"], r["file"], r["file_sha256"], r["status"]) for r in log] == [
        ("j.smith", str(files["a1"]), sha, IMPORTED),
        ("j.smith", str(junk), junk_sha, REJECTED),
    ]
    assert log[0]["at"].endswith("+00:00") and log[0]["received_id"] == ok.received_id
    assert len(list((la_store.path.parent / "backups").glob("*returns-import*"))) == 1


def test_a_signed_return_verifies_with_the_key_the_la_issued(la_store, files):
    urn = files["urns"][1]
    hold_key(la_store, KEY._replace(urn=urn, key_id=f"{urn}-test"))
    [o] = import_returns(la_store, [files["signed"]])
    assert o.status == IMPORTED
    [held] = return_history(la_store, urn)
    assert held.signed and not held.edited


def test_progress_and_cancel_between_files_keep_what_was_finished(la_store, files):
    seen = []

    def progress(done, total, name):
        seen.append((done, total, name))

    got = import_returns(
        la_store,
        [files["a1"], files["a2"], files["b1"]],
        progress=progress,
        cancelled=lambda: len(seen) >= 2,
    )
    assert [o.status for o in got] == [IMPORTED, SUPERSEDED]
    assert seen == [(1, 3, "a1.xlsx"), (2, 3, "a2.xlsx")]
    assert len(table(la_store)) == 2


def test_only_the_las_database_imports_returns(store, files):
    with pytest.raises(LAModeError, match="not the LA's"):
        import_returns(store, [files["a1"]])


def test_find_return_files_expands_folders_and_skips_lock_files(tmp_path, files):
    folder = tmp_path / "in"
    copy_as(files["a1"], folder / "sub")
    (folder / "~$a1.xlsx").write_bytes(b"lock")
    (folder / "readme.txt").write_text("x")
    explicit = tmp_path / "renamed.txt"
    explicit.write_text("x")
    found = find_return_files([folder, explicit, folder / "sub" / "a1.xlsx"])
    assert found == [folder / "sub" / "a1.xlsx", explicit]


def test_the_command_line_prints_one_line_per_file_and_exits_1_on_a_rejection(
    la_path, files, tmp_path, capsys
):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("Question,Date\n")
    db = ["--db", str(la_path)]
    code = cli.main([*db, "returns", "import", str(files["a1"]), str(bad), "--json"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert [(d["status"], d["urn"], d["revision"]) for d in lines] == [
        (IMPORTED, CO_OP, 1),
        (REJECTED, None, None),
    ]
    assert set(lines[0]) == {"file", "status", "reason", "urn", "return_id", "revision"}
    assert cli.main([*db, "returns", "import", str(files["a1"])]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{files['a1']}: duplicate — Co-op Academy Stoke-On-Trent (URN 136102)")
    assert "1 files: 1 duplicate." in out
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main([*db, "returns", "import", str(empty)]) == 2
    assert "No return files" in capsys.readouterr().err


def test_the_archive_survives_a_file_moved_away(la_store, files, tmp_path):
    moving = copy_as(files["b1"], tmp_path / "downloads")
    [o] = import_returns(la_store, [moving])
    shutil.rmtree(tmp_path / "downloads")
    assert archived_file(la_store, o.received_id).is_file()


def test_an_archived_file_is_not_rewritten_unless_it_no_longer_matches_its_hash(la_store, files):
    [o] = import_returns(la_store, [files["b1"]])
    kept = archived_file(la_store, o.received_id)
    before = kept.stat().st_mtime_ns
    import_returns(la_store, [files["b1"]])
    assert kept.stat().st_mtime_ns == before
    kept.write_bytes(b"")  # lost in a power cut
    [again] = import_returns(la_store, [files["b1"]])
    assert again.status == DUPLICATE and kept.read_bytes() == files["b1"].read_bytes()
    assert not [p for p in kept.parent.iterdir() if p.suffix == ".tmp"]
