"""On track / off track: figures against the line from the city's baseline to its targets."""

from __future__ import annotations

import csv

import pytest

from stoke_governor.core.dates import year_end
from stoke_governor.measures.catalogue import school_dashboard
from stoke_governor.measures.tracking import (
    BEFORE,
    BELOW,
    OFF_TRACK,
    ON_TRACK,
    Start,
    Trajectory,
    governing,
    trajectories,
)
from stoke_governor.measures.trends import history
from tests.conftest import BIRCHES_HEAD, DFE, city_target, needs_dfe


def tgt(tid, value, year, comparison="at_least", kind="target", unit="percent"):
    return city_target(value, year, comparison, id=tid, kind=kind, unit=unit)


@pytest.mark.parametrize(
    ("label", "x"),
    [
        ("2018-19", 2019),
        ("2022/23", 2023),
        ("1999-00", 2000),
        ("Dec 2030", 2030),
        ("2025", 2025),
        ("Jan 2025 census", 2025),
        ("strategy period", None),
        (None, None),
        ("2019-2020", 2020),
        ("2019 to 2020", 2020),
        ("201920", 2020),
    ],
)
def test_year_labels_become_the_summer_they_end_in(label, x):
    assert year_end(label) == x


def test_the_gld_line_from_65_in_2025_to_72_in_2026_and_75_by_2027_or_2028():
    baseline = tgt("b", 65, "2025", None, kind="baseline")
    lines = trajectories(
        [
            tgt("t26", 72, "2026"),
            tgt("t27", 75, "2027"),
            tgt("t28", 75, "2028"),
            tgt("period", 72.9, "strategy period"),
        ],
        [baseline],
        [],
    )
    assert [t.target.id for t in lines] == ["t26", "t27", "t28"]  # no year: no line
    t27 = lines[1]
    assert t27.expected(2026) == pytest.approx(70.0)  # halfway from 65 to 75
    assert t27.judge(70.0, 2026) == ON_TRACK
    assert t27.judge(69.9, 2026) == OFF_TRACK
    assert t27.judge(69.96, 2026, tolerance=0.05) == ON_TRACK  # published to 1 decimal
    # The nearest target to come governs: 72% by 2026 for a 2025-26 figure.
    assert governing(lines, 2026).target.id == "t26"
    assert lines[0].judge(70.0, 2026) == OFF_TRACK
    assert governing(lines, 2031).target.id == "t28"


def test_before_the_baseline_is_context_and_after_the_target_compares_with_the_target():
    line = Trajectory(Start(2025, 65.0, "b"), tgt("t", 75, "2028"), 2028)
    assert line.judge(76.0, 2019) == line.judge(50.0, 2019) == BEFORE  # never on or off track
    # In the baseline year the line is the baseline itself.
    assert (line.judge(65.0, 2025), line.judge(64.0, 2025)) == (ON_TRACK, OFF_TRACK)
    assert line.judge(74.0, 2029) == BELOW


def test_lower_is_better_targets():
    line = Trajectory(Start(2020, 10.0, "b"), tgt("t", 5.0, "2030", "at_most"), 2030)
    assert line.judge(7.4, 2025) == ON_TRACK
    assert line.judge(7.6, 2025) == OFF_TRACK


def test_a_target_without_a_value_has_no_goal():
    assert tgt("t", 65.0, "2030").goal == 65.0
    with pytest.raises(ValueError, match="no value"):
        tgt("t", None, "2030").goal  # noqa: B018


def test_without_a_quoted_baseline_the_city_figure_for_the_strategys_first_year_starts_it():
    later = [(2019, 35.2), (2025, 40.0), (2027, 50.0)]
    (line,) = trajectories([tgt("t", 65, "Dec 2030")], [], later)
    assert line.start == Start(2025, 40.0, "the city's published figure for 2024-25")
    # A figure from six years before the strategy never starts its line.
    assert trajectories([tgt("t", 65, "Dec 2030")], [], [(2019, 35.2), (2031, 90.0)]) == []
    assert trajectories([tgt("t", 65, "Dec 2030")], [], []) == []  # nowhere to start from


def test_a_baseline_the_strategy_dates_latest_is_for_its_first_year():
    """AAB: "currently 10%" in the 2025-2030 strategy starts the line to 15% by 2030."""
    baseline = tgt("b", 10, "latest", None, kind="baseline")
    (line,) = trajectories([tgt("t", 15, "Dec 2030")], [baseline], [(2016, 11.4)])
    assert (line.start.x, line.start.value) == (2025, 10.0)
    assert "10%" in line.start.label and "latest" in line.start.label
    assert line.expected(2028) == pytest.approx(13.0)


def test_ranks_and_other_units_never_start_a_percentage_line():
    rank = tgt("r", 135, "2025", None, kind="baseline", unit="rank")
    (line,) = trajectories([tgt("t", 72, "2026")], [rank], [(2025, 64.6)])
    assert line.start.value == 64.6


def test_the_gld_history_holds_every_series_and_the_disagreeing_targets(store):
    h = history(store, BIRCHES_HEAD, "FSP_NEW_GOODDEV", "Secondary", "Birches Head")
    city, england, wm = h.areas
    assert (city.at(2025).value, england.at(2025).value, wm.at(2025).value) == (64.6, 68.3, 66.9)
    assert city.at(2020).value is None and city.at(2020).code is not None  # not published
    assert {t.target.id for t in h.trajectories} == {
        "eyfs_gld_target_2026",
        "eyfs_gld_target_2027",
        "eyfs_gld_target_2028",
    }
    assert all(t.start.value == 65 and t.start.x == 2025 for t in h.trajectories)


@needs_dfe
def test_a_newer_ks4_download_puts_the_school_on_or_off_the_citys_trajectory(store, tmp_path):
    """Grade 5+ in English and maths: the city aims for 65% by 2030 from 35.2% in 2019."""
    from stoke_governor.data.importer import import_files

    src = DFE / "cscp_2018-19_england_ks4provisional__LA861_subset.csv"
    with src.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = list(rows[0])
    mine = next(r for r in rows if r["URN"] == str(BIRCHES_HEAD))
    city = next(r for r in rows if r["RECTYPE"] == "4" and r["LEA"] == "861")
    folder = tmp_path / "2024-2025"
    folder.mkdir()
    # 2025, the strategy's first year: the line starts at the city's 2025 figure, 51.5%.
    for name, value in (("england_ks4final.csv", "52%"), ("england_ks4provisional.csv", "50%")):
        row = {**mine, "PTL2BASICS_95": value}
        with (folder / name).open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, header)
            writer.writeheader()
            writer.writerow(row)
            writer.writerow({**city, "PTL2BASICS_95": "51.5%"})
    outcomes = import_files(store, [folder / "england_ks4final.csv"])
    assert [o.status for o in outcomes] == ["imported"]
    h = history(store, BIRCHES_HEAD, "PTL2BASICS_95", "Secondary", "Birches Head")
    assert [(p.x, p.figure.value) for p in h.school.points] == [(2019, 23.0), (2025, 52.0)]
    status, why = h.status()
    assert status == ON_TRACK and "51.5%" in why
    row = next(
        r
        for r in school_dashboard(store, BIRCHES_HEAD, "Secondary")
        if r.measure.code == "PTL2BASICS_95"
    )
    assert row.status == ON_TRACK
    # A provisional file of the same year is history: the final still decides.
    import_files(store, [folder / "england_ks4provisional.csv"])
    h = history(store, BIRCHES_HEAD, "PTL2BASICS_95", "Secondary", "Birches Head")
    assert h.latest.figure.value == 52.0 and h.status()[0] == ON_TRACK
