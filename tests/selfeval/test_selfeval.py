"""The board's self-evaluation: frameworks as data, ratings, evidence, actions and links."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import pytest

from stoke_governor.core.errors import SelfEvaluationError
from stoke_governor.selfeval import evaluation as selfeval
from stoke_governor.selfeval.frameworks import frameworks_dir, load_frameworks, shipped_frameworks
from stoke_governor.selfeval.summary import compare_years, progress, read_against, section_summary
from tests.special_files import bounded, pipe, posix_only, zero


def test_shipped_frameworks_load_with_the_six_features_and_sixteen_competencies():
    catalogue = shipped_frameworks()
    assert catalogue.rejected == ()
    default = catalogue.default
    assert default.id == "dfe-effective-governance"
    assert [s.title for s in default.sections] == [
        "Strategic leadership",
        "Accountability",
        "People",
        "Structures",
        "Compliance",
        "Evaluation",
    ]
    assert len(catalogue.get("dfe-competency-2017").items) == 16
    assert "Open Government Licence v3.0" in default.licence
    mapped = catalogue.mapped(default.id, "dfe-competency-2017")
    assert set(mapped) == {i.id for i in default.items}
    assert catalogue.mapped("dfe-competency-2017", default.id)["2a"] == "AC1"


@pytest.fixture
def folder(tmp_path):
    dest = tmp_path / "frameworks"
    shutil.copytree(frameworks_dir(), dest)
    return dest


def _write(folder, name, change):
    data = json.loads((folder / "dfe-effective-governance.json").read_text(encoding="utf-8"))
    data["id"] = name
    change(data)
    (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")


def test_bad_framework_files_are_rejected_with_the_reason_and_the_others_load(folder):
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    _write(folder, "dup-items", lambda d: d["items"].append(dict(d["items"][0])))
    _write(folder, "odd-scale", lambda d: d.__setitem__("scale", "seven-point"))
    _write(folder, "no-items", lambda d: d.__setitem__("items", []))
    _write(folder, "bad-section", lambda d: d["items"][0].__setitem__("section", "nowhere"))
    (folder / "huge.json").write_bytes(b" " * (1024**2 + 1))
    catalogue = load_frameworks(folder)
    reasons = {r.file: r.reason for r in catalogue.rejected}
    assert "not valid JSON (line 1" in reasons["broken.json"]
    assert "item id “SL1” is used twice" in reasons["dup-items.json"]
    assert "rating scale “seven-point” is not known" in reasons["odd-scale.json"]
    assert "between 1 and" in reasons["no-items.json"]
    assert "section “nowhere”" in reasons["bad-section.json"]
    assert "too large" in reasons["huge.json"]
    assert {f.id for f in catalogue.frameworks} == {
        "dfe-effective-governance",
        "dfe-competency-2017",
    }


@posix_only
def test_a_pipe_or_a_device_among_the_frameworks_is_rejected_saying_which(folder):
    pipe(folder / "stuck.json")
    (folder / "mappings.json").unlink()
    zero(folder / "mappings.json")  # read by name, after the frameworks
    with bounded():
        catalogue = load_frameworks(folder)
    assert {r.file: r.reason for r in catalogue.rejected} == {
        "stuck.json": "stuck.json is a named pipe, not a framework the app can read; nothing "
        "was read from it.",
        "mappings.json": "mappings.json is a link to /dev/zero, which is a device, not a "
        "framework the app can read; nothing was read from it.",
    }
    assert {f.id for f in catalogue.frameworks} == {
        "dfe-effective-governance",
        "dfe-competency-2017",
    }


def test_a_second_file_with_the_same_framework_version_is_rejected(folder):
    data = (folder / "dfe-effective-governance.json").read_text(encoding="utf-8")
    (folder / "zz-copy.json").write_text(data, encoding="utf-8")
    catalogue = load_frameworks(folder)
    assert [r.file for r in catalogue.rejected] == ["zz-copy.json"]
    assert "already loaded" in catalogue.rejected[0].reason


# -- the evaluation ------------------------------------------------------------------------
URN = 136102  # Co-op Academy Stoke-On-Trent: no demo board
AUTUMN = dt.date(2025, 11, 3)


def test_an_evaluation_is_started_once_a_year_and_continued(store):
    ev = selfeval.start_evaluation(store, URN, today=AUTUMN)
    assert ev.year == "2025-26" and ev.revision == 0
    assert ev.framework_id == "dfe-effective-governance"
    again = selfeval.start_evaluation(store, URN, today=dt.date(2026, 7, 1))
    assert again.id == ev.id and again.return_id == ev.return_id
    assert selfeval.current_evaluation(store, URN) == again


def test_ratings_evidence_actions_and_links_are_kept_at_once(store, db_path):
    ev = selfeval.start_evaluation(store, URN, today=AUTUMN)
    selfeval.rate(store, ev.id, "AC1", 3)
    selfeval.set_evidence(store, ev.id, "AC1", "Challenge log: 14 questions this year.")
    selfeval.add_action(store, ev.id, "PE1", "Run a skills audit", "Chair", "2026-01-31")
    with store.transaction():
        meeting = store.execute(
            "INSERT INTO meetings (urn, held_on, title) VALUES (?, '2025-10-01', 'Autumn board')",
            (URN,),
        ).lastrowid
    selfeval.add_link(store, ev.id, "AC1", "meeting", meeting)
    # another connection (as after a crash) sees every change
    other = sqlite3.connect(db_path)
    ratings = "SELECT rating, evidence FROM evaluation_ratings WHERE evaluation_id = ?"
    assert other.execute(ratings, (ev.id,)).fetchall() == [
        (3, "Challenge log: 14 questions this year.")
    ]
    actions = "SELECT action, owner, due_on FROM evaluation_actions WHERE evaluation_id = ?"
    assert other.execute(actions, (ev.id,)).fetchall() == [
        ("Run a skills audit", "Chair", "2026-01-31")
    ]
    links = "SELECT label FROM evaluation_links WHERE evaluation_id = ?"
    assert other.execute(links, (ev.id,)).fetchall() == [("2025-10-01: Autumn board",)]
    other.close()
    held = selfeval.ratings(store, ev.id)
    fw = selfeval.framework_of(ev)
    assert progress(held, fw).describe() == "1 of 23 items rated (4%)"
    acc = next(s for s in section_summary(held, fw) if s.title == "Accountability")
    assert (acc.items, acc.rated, acc.mean, acc.counts[3]) == (6, 1, 3.0, 1)
    assert read_against(held, fw, shipped_frameworks().get("dfe-competency-2017")) == {"2a": 3.0}


@pytest.mark.parametrize("bad", [0, 5, -1, True, "3", 2.5])
def test_a_rating_outside_the_scale_is_refused_and_nothing_is_stored(store, bad):
    ev = selfeval.start_evaluation(store, URN, today=AUTUMN)
    selfeval.rate(store, ev.id, "SL1", 2)
    with pytest.raises(SelfEvaluationError, match="not a rating on this framework's scale"):
        selfeval.rate(store, ev.id, "SL1", bad)
    assert selfeval.ratings(store, ev.id)["SL1"].rating == 2


def test_bad_items_dates_links_and_empty_actions_are_refused(store):
    ev = selfeval.start_evaluation(store, URN, today=AUTUMN)
    with pytest.raises(SelfEvaluationError, match="not an item"):
        selfeval.rate(store, ev.id, "XX9", 3)
    with pytest.raises(SelfEvaluationError, match="not a date"):
        selfeval.add_action(store, ev.id, "SL1", "Do it", due_on="31/02/2026")
    with pytest.raises(SelfEvaluationError, match="Write the action"):
        selfeval.add_action(store, ev.id, "SL1", "   ")
    with pytest.raises(SelfEvaluationError, match="No challenge-log entry"):
        selfeval.add_link(store, ev.id, "SL1", "challenge", 999999)
    with pytest.raises(SelfEvaluationError, match="under 10,000"):
        selfeval.set_evidence(store, ev.id, "SL1", "x" * 10_001)
    assert selfeval.actions(store, ev.id) == [] and selfeval.ratings(store, ev.id) == {}


def test_a_framework_version_no_longer_shipped_gives_a_message_and_keeps_the_ratings(store):
    ev = selfeval.start_evaluation(store, URN, today=AUTUMN)
    selfeval.rate(store, ev.id, "SL1", 4)
    with store.transaction():
        store.execute("UPDATE evaluations SET framework_version = '2019.1'")
    ev = selfeval.get_evaluation(store, ev.id)
    with pytest.raises(SelfEvaluationError, match="no longer has; its ratings are kept"):
        selfeval.framework_of(ev)
    assert selfeval.ratings(store, ev.id)["SL1"].rating == 4


def test_last_year_is_shown_beside_this_year(store):
    last = selfeval.start_evaluation(store, URN, today=dt.date(2024, 10, 1))
    selfeval.rate(store, last.id, "AC1", 2)
    this = selfeval.start_evaluation(store, URN, today=AUTUMN)
    selfeval.rate(store, this.id, "AC1", 4)
    assert selfeval.previous_evaluation(store, this) == selfeval.get_evaluation(store, last.id)
    rows = {c.title: c for c in compare_years(store, this, selfeval.framework_of(this))}
    assert (rows["Accountability"].this_year, rows["Accountability"].last_year) == (4.0, 2.0)
    assert rows["People"] == ("People", None, None)


def test_the_demo_board_carries_a_part_completed_evaluation(store):
    from stoke_governor.core.paths import resources_dir

    data = json.loads((resources_dir() / "demo" / "self_evaluation.json").read_text("utf-8"))
    ev = selfeval.load_demo(store, 124390, data)
    assert selfeval.load_demo(store, 124390, data) == ev  # never loaded twice
    done = progress(selfeval.ratings(store, ev.id), selfeval.framework_of(ev))
    assert 0.4 < done.rated / done.total < 0.6
    assert len(selfeval.actions(store, ev.id)) == 2
    assert {link.kind for link in selfeval.links(store, ev.id)} >= {"measure"}


def test_dates_typed_as_in_the_uk_are_kept_as_days(store):
    ev = selfeval.start_evaluation(store, URN, today=AUTUMN)
    assert selfeval.set_agreed(store, ev.id, "Full board", "01/12/2025").agreed_on == "2025-12-01"
