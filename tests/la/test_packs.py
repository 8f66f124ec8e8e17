"""LA packs: the LA makes a pack for a school; the school previews it and applies it."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from stoke_governor.board.governors import add_governor
from stoke_governor.cli.main import main
from stoke_governor.core.errors import LAModeError, NoSchoolSelectedError
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.settings import LA_RETURN_KEY, LA_RETURN_KEY_ID
from stoke_governor.la.mode import issue_key, key_for, la_pack_key, school_key
from stoke_governor.la.packs import apply as pack_apply
from stoke_governor.la.packs import writing as pack_writing
from stoke_governor.la.packs.apply import apply_pack, pack_changes
from stoke_governor.la.packs.file_format import PackError, open_pack
from stoke_governor.la.packs.make import export_packs, packs_made
from stoke_governor.la.packs.members import Change, read_pack
from stoke_governor.schools.register import select_school
from stoke_governor.selfeval.evaluation import framework_of, start_evaluation
from stoke_governor.selfeval.frameworks import frameworks_dir, shipped_frameworks
from stoke_governor.selfeval.return_file import read_return
from stoke_governor.training.modules import shipped_modules
from stoke_governor.training.records import training_summary

URN, OTHER = 136102, 124390


def _bump_module(la_store, module_id="effective-challenge", version="2099.1"):
    """The LA holds a newer version of a shipped module (as a pack would have brought it)."""
    path = next((resources_dir() / "modules").glob(f"*-{module_id}.md"))
    text = path.read_text(encoding="utf-8")
    old = shipped_modules().get(module_id).version
    text = text.replace(f"version: {old}", f"version: {version}", 1)
    with la_store.transaction():
        la_store.execute(
            "INSERT INTO pack_resources VALUES ('module', ?, ?, ?, 'la-own')",
            (module_id, version, text),
        )
    return shipped_modules().get(module_id).title, old


def _bump_framework(la_store, version="2099.1"):
    import json

    data = json.loads((frameworks_dir() / "dfe-effective-governance.json").read_text("utf-8"))
    data["version"] = version
    data["scale"] = "four-point"
    with la_store.transaction():
        la_store.execute(
            "INSERT INTO pack_resources VALUES ('framework', ?, ?, ?, 'la-own')",
            (f"dfe-effective-governance@{version}", version, json.dumps(data)),
        )


def _la_changes(la_store):
    """The LA's data differs from the school's: one target changed and one new, one of the
    school's figures changed and one new, a newer module and a newer framework."""
    with la_store.transaction():
        la_store.execute(
            "UPDATE city_targets SET value_text = '66%' WHERE id = 'eyfs_gld_2025_stoke'"
        )
        la_store.execute(
            "INSERT INTO city_targets (id, kind, topic, value_text, document, document_title, "
            "passage) VALUES ('new_target', 'target', 'Attendance', '95%', 'IES', "
            "'Improving Education Strategy', 'All schools above 95% attendance.')"
        )
        fid = la_store.query_one(
            "SELECT id FROM school_figures WHERE urn = ? ORDER BY id LIMIT 1", (URN,)
        )[0]
        la_store.execute("UPDATE school_figures SET value = 99, raw = '99' WHERE id = ?", (fid,))
        la_store.execute(
            "INSERT INTO school_figures (urn, measure, year, value, raw, source_id) "
            "VALUES (?, 'ATT8SCR', '2030-31', 50.5, '50.5', 1)",
            (URN,),
        )
    _bump_framework(la_store)
    return _bump_module(la_store)


def _pack(la_store, tmp_path, urn=URN):
    (path,) = export_packs(la_store, tmp_path / "packs", urns=[urn])
    return path


def _trust(store, la_store):
    """The board trusts the LA's key, as after its first pack."""
    from stoke_governor.la.packs.trust import keep_trusted_key

    keep_trusted_key(store, la_pack_key(la_store).public_key)


def test_round_trip_preview_then_apply_all_of_it(store, la_store, tmp_path):
    select_school(store, URN)
    title, old_version = _la_changes(la_store)
    path = _pack(la_store, tmp_path)
    assert path.name.startswith(f"{URN}_Co-op-Academy-Stoke-On-Trent_LA-pack_")
    assert path.suffix == ".sgpack"
    pack = read_pack(path)
    key = school_key(la_store, URN)
    la_key = la_pack_key(la_store).fingerprint
    changes = pack_changes(store, pack, trust_key=la_key)
    assert Change("City targets", "1 new, 1 changed") in changes
    assert Change("Training modules", f"'{title}' {old_version} → 2099.1") in changes
    assert any(c.what == "Frameworks" and c.detail.endswith("→ 2099.1") for c in changes)
    assert Change("School figures", "1 new, 1 changed") in changes
    assert Change("Signing key", f"new (key id {key.key_id}) — returns will be signed") in changes
    assert (
        Change(
            "The LA's key",
            f"{la_key} trusted from now on; packs signed by another key are refused",
        )
        in changes
    )
    assert store.setting(LA_RETURN_KEY.key) is None  # the preview wrote nothing

    summary = apply_pack(store, pack, trust_key=la_key)
    assert not summary.already_applied and list(summary.changes) == changes
    assert (
        store.query("SELECT value_text FROM city_targets WHERE id = 'eyfs_gld_2025_stoke'")[0][0]
        == "66%"
    )
    assert store.query("SELECT 1 FROM city_targets WHERE id = 'new_target'")
    assert shipped_modules(store).get("effective-challenge").version == "2099.1"
    assert shipped_modules().get("effective-challenge").version == old_version
    assert shipped_frameworks(store).get("dfe-effective-governance").version == "2099.1"
    # What the board sees uses them: its training take-up and a new year's evaluation.
    take_up = {t.module.id: t.module.version for t in training_summary(store, URN).take_up}
    assert take_up["effective-challenge"] == "2099.1"
    next_year = start_evaluation(store, URN, year="2030-31")
    assert next_year.framework_version == "2099.1"
    assert framework_of(next_year, store=store).version == "2099.1"
    assert (
        store.query("SELECT value FROM school_figures WHERE urn = ? AND year = '2030-31'", (URN,))[
            0
        ][0]
        == 50.5
    )
    assert (store.setting(LA_RETURN_KEY.key), store.setting(LA_RETURN_KEY_ID.key)) == (
        key.key_hex,
        key.key_id,
    )
    assert pack_changes(store, pack) == []
    again = apply_pack(store, pack)
    assert again.already_applied and "already applied" in again.text
    # A fresh pack with the same content finds nothing left to change.
    assert pack_changes(store, read_pack(_pack(la_store, tmp_path / "again"))) == []


def test_a_pack_holds_its_own_schools_key_and_no_other(la_store, tmp_path):
    issue_key(la_store, OTHER)
    paths = export_packs(la_store, tmp_path, urns=[URN, OTHER])
    other_hex = school_key(la_store, OTHER).key_hex
    own = school_key(la_store, URN)
    raw = open_pack(paths[0])
    assert raw.manifest["for_urn"] == URN
    every_byte = (
        b"".join(raw.members.values()) + zipfile.Path(paths[0], "manifest.json").read_bytes()
    )
    assert own.key_hex.encode() in every_byte
    assert other_hex.encode() not in every_byte
    assert read_pack(paths[0]).key.key_id == own.key_id


def test_packs_made_records_each_school_and_its_key(la_store, tmp_path):
    export_packs(la_store, tmp_path, urns=[URN])
    rows = {r.urn: r for r in packs_made(la_store)}
    assert rows[URN].key_id == school_key(la_store, URN).key_id
    assert rows[URN].last_file.endswith(".sgpack") and rows[URN].packs_made == 1
    assert rows[OTHER].key_id is None and rows[OTHER].last_made_at is None


def test_refused_for_another_school_on_the_las_database_and_with_no_school(
    store, la_store, tmp_path
):
    pack = read_pack(_pack(la_store, tmp_path))
    with pytest.raises(NoSchoolSelectedError, match="Choose your school first"):
        pack_changes(store, pack)
    select_school(store, OTHER)
    with pytest.raises(
        pack_apply.PackNotForThisSchoolError,
        match=r"pack for Co-op Academy Stoke-On-Trent \(URN 136102\), not for "
        r"Birches Head Academy",
    ):
        apply_pack(store, pack)
    with pytest.raises(LAModeError, match="this is the LA's database"):
        apply_pack(la_store, pack)
    assert store.query("SELECT count(*) FROM pack_imports")[0][0] == 0
    assert store.setting(LA_RETURN_KEY.key) is None


def _state(store):
    q = store.query
    return (
        q("SELECT group_concat(value_text) FROM city_targets")[0][0],
        q("SELECT count(*), sum(value) FROM school_figures")[0][:],
        q("SELECT count(*) FROM pack_resources")[0][0],
        q("SELECT count(*) FROM pack_imports")[0][0],
        store.setting(LA_RETURN_KEY.key),
    )


def test_a_failure_half_way_leaves_the_database_as_it_was(store, la_store, tmp_path, monkeypatch):
    select_school(store, URN)
    _la_changes(la_store)
    _trust(store, la_store)
    pack = read_pack(_pack(la_store, tmp_path))
    before = _state(store)

    def fail(*args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(pack_writing, "_write_figures", fail)  # after targets and modules
    with pytest.raises(
        PackError, match="could not be applied: disk I/O error; nothing was changed"
    ):
        apply_pack(store, pack)  # one sentence for the user, not a traceback
    assert _state(store) == before
    monkeypatch.undo()
    assert not apply_pack(store, pack).already_applied  # and it applies whole afterwards
    assert _state(store) != before


def test_a_return_exported_after_the_pack_is_signed_with_the_las_key(store, la_store, tmp_path):
    from stoke_governor.la.returns.importer import IMPORTED, import_returns
    from stoke_governor.reports.return_workbook import export_return
    from stoke_governor.selfeval.evaluation import rate, start_evaluation

    select_school(store, URN)
    _trust(store, la_store)
    apply_pack(store, read_pack(_pack(la_store, tmp_path)))
    for n in range(3):
        add_governor(store, URN, f"Test Governor {n}", "parent")
    evaluation = start_evaluation(store, URN)
    rate(store, evaluation.id, "SL1", 3)
    path = export_return(store, start_evaluation(store, URN), tmp_path / "returns").path
    ret = read_return(path, key=key_for(la_store))
    assert ret.signature_checked and ret.key_id == school_key(la_store, URN).key_id
    (outcome,) = import_returns(la_store, [path])
    assert outcome.status == IMPORTED, outcome.reason


def test_command_line_export_and_import(store, db_path, la_path, tmp_path, capsys):
    store.close()
    assert main(["--db", str(db_path), "pack", "export", "-o", str(tmp_path)]) == 1
    assert "not the LA's" in capsys.readouterr().err
    out = tmp_path / "packs"
    assert main(["--db", str(la_path), "pack", "export", "-o", str(out), "--urn", str(URN)]) == 0
    (path,) = out.glob("*.sgpack")
    assert str(path) in capsys.readouterr().out
    assert main(["--db", str(la_path), "pack", "key"]) == 0
    la_key = capsys.readouterr().out.split("signed with key ")[1].split(".")[0]
    assert main(["--db", str(db_path), "school", "select", str(URN)]) == 0
    capsys.readouterr()
    dry_run = ["--db", str(db_path), "pack", "import", str(path), "--dry-run"]
    assert main([*dry_run, "--trust-key", la_key]) == 0
    text = capsys.readouterr().out
    assert "Signing key: new (key id" in text and "Dry run: nothing was changed" in text
    assert f"The LA's key: {la_key} trusted from now on" in text
    assert main(["--db", str(db_path), "pack", "import", str(path), "--trust-key", la_key]) == 0
    assert "Applied:" in capsys.readouterr().out
    assert main(["--db", str(db_path), "pack", "import", str(path)]) == 0
    assert "already applied" in capsys.readouterr().out
    assert main(["--db", str(la_path), "pack", "import", str(path)]) == 1
    assert "LA's database" in capsys.readouterr().err
