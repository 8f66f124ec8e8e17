"""The city picture and its risk rule: the rule on constructed statuses, the picture over real
returns imported into the LA's database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from stoke_governor.la import risk
from stoke_governor.la.city import SchoolStatus, city_picture, distribution, summary
from stoke_governor.la.returns.held import payload_of
from stoke_governor.la.returns.importer import REJECTED, import_returns
from stoke_governor.la.risk import AT_RISK, NO_CONCERN, WATCH, Risk, assess
from stoke_governor.selfeval.evaluation import set_agreed, start_evaluation
from tests.la.test_returns_import import rewrite, school_store
from tests.return_files import TODAY, copy_as, make_return

SECTIONS = (
    "strategic-leadership",
    "accountability",
    "people",
    "structures",
    "compliance",
    "evaluation",
)


def sound(**changes) -> SchoolStatus:
    """A board whose return raises no concern; `changes` add one signal at a time."""
    status = SchoolStatus(
        urn=1,
        name="A school",
        phase="Primary",
        returned=True,
        received_at="2026-11-21T10:00:00",
        revision=1,
        received_id=1,
        completeness=100,
        agreed_on="2026-11-01",
        section_means=dict.fromkeys(SECTIONS, 3.0),
        training_percent=100.0,
        vacancies=0,
        terms_ending=0,
        conflict=False,
        edited=False,
        risk=None,
        year="2026-27",
    )
    return status._replace(**changes)


def means(**overrides) -> dict:
    values = dict.fromkeys(SECTIONS, 3.0)
    values.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return values


def test_a_sound_return_raises_no_concern():
    assert assess(sound()) == risk.Risk(NO_CONCERN, ())


def test_a_rows_flag_is_its_assessed_risk():
    status = sound()
    with pytest.raises(ValueError, match="not been assessed"):
        status.flag  # noqa: B018
    assessed = status._replace(risk=assess(status, {}))
    assert assessed.flag == assessed.risk
    assert assessed.flag.level == NO_CONCERN


def test_no_return_is_at_risk_naming_the_year():
    status = sound(
        returned=False,
        completeness=None,
        section_means={},
        training_percent=None,
        vacancies=None,
        terms_ending=None,
        agreed_on=None,
    )
    assert assess(status) == risk.Risk(AT_RISK, ("No self-evaluation returned for 2026-27",))


@pytest.mark.parametrize(
    ("changes", "level", "reason"),
    [
        (
            {"section_means": means(accountability=2.0)},
            AT_RISK,
            "Rates itself below 'Established' on holding leaders to account (2.0 of 4)",
        ),
        (
            {"training_percent": 49.0},
            AT_RISK,
            "Only 49% of governors have done all the core training",
        ),
        (
            {"training_percent": 0.0},
            AT_RISK,
            "None of the governors has done all the core training",
        ),
        ({"vacancies": 2}, AT_RISK, "2 places on the board are empty"),
        (
            {"edited": True},
            AT_RISK,
            "The return was changed outside the app, so its figures are unchecked",
        ),
        (
            {"conflict": True},
            AT_RISK,
            "Two different copies of the return arrived; a person must choose one",
        ),
        ({"completeness": 59}, WATCH, "The return is only 59% complete"),
        (
            {"section_means": means(people=2.4)},
            WATCH,
            "Rates itself below 'Established' on people (2.4 of 4)",
        ),
        ({"training_percent": 79.0}, WATCH, "79% of governors have done all the core training"),
        ({"training_percent": None}, WATCH, "The return gives no figures for governors' training"),
        (
            {"vacancies": 1, "terms_ending": 2},
            WATCH,
            "2 governor terms end within 60 days and a place is already empty",
        ),
        ({"agreed_on": None}, WATCH, "The board has not recorded agreeing its self-evaluation"),
    ],
)
def test_each_reason_fires_at_its_threshold(changes, level, reason):
    assert assess(sound(**changes)) == risk.Risk(level, (reason,))


@pytest.mark.parametrize(
    "changes",
    [
        {"section_means": means(accountability=2.5)},
        {"section_means": means(people=2.5, accountability=None)},
        {"training_percent": 80.0},
        {"vacancies": 1},
        {"terms_ending": 3},
        {"completeness": 60},
    ],
)
def test_no_reason_fires_short_of_its_threshold(changes):
    assert assess(sound(**changes)).level == NO_CONCERN


def test_take_up_between_the_thresholds_is_watch_not_at_risk():
    assert assess(sound(training_percent=50.0)).level == WATCH


def test_serious_reasons_come_before_milder_ones():
    result = assess(sound(vacancies=3, completeness=10, section_means=means(accountability=1.0)))
    assert result.level == AT_RISK
    assert result.reasons == (
        "Rates itself below 'Established' on holding leaders to account (1.0 of 4)",
        "3 places on the board are empty",
        "The return is only 10% complete",
    )


def test_the_rule_is_written_down_with_its_thresholds():
    words = (
        "no self-evaluation returned",
        f"{risk.WEAK_MEAN} of 4",
        f"{risk.TRAINING_AT_RISK}%",
        f"{risk.TRAINING_WATCH}%",
        f"{risk.VACANCIES_AT_RISK} or more vacancies",
        f"{risk.COMPLETE_WATCH}%",
    )
    for text in words:
        assert text in risk.RISK_RULE


# -- the picture over real returns imported into the LA's database ------------------------
CO_OP, OTHER, OLDER, EDITED = 136102, 142990, 139846, 124221  # open city schools


@pytest.fixture(scope="module")
def returns(seeded_template, tmp_path_factory) -> dict[str, Path]:
    """Real return files from the app's own export: two revisions from one board (the second
    agreed by the board), a return for last year, and an edited and a conflicting copy."""
    root = tmp_path_factory.mktemp("city-returns")
    school = school_store(seeded_template, root)
    out, tmp = root / "files", root / "tmp"
    f = {}
    try:
        f["rev1"] = copy_as(
            make_return(school, CO_OP, tmp, ratings={"AC1": 1, "SL1": 3}), out, "rev1.xlsx"
        )
        evaluation = start_evaluation(school, CO_OP, today=TODAY)
        set_agreed(school, evaluation.id, "Full board", "2026-11-12")
        f["rev2"] = copy_as(
            make_return(school, CO_OP, tmp, ratings={"AC1": 4, "AC2": 3}), out, "rev2.xlsx"
        )
        f["older"] = copy_as(
            make_return(school, OLDER, tmp, today=dt.date(2025, 11, 3)), out, "older.xlsx"
        )
        f["edited"] = copy_as(make_return(school, EDITED, tmp), out, "edited-src.xlsx")
    finally:
        school.close()

    def more_governors(p):
        p["board"]["vacancies"] = 0

    f["edited"] = rewrite(f["edited"], out / "edited.xlsx", change=more_governors, digest="0" * 64)

    def agreed_elsewhere(p):
        p["evaluation"]["agreed_by"] = "A different chair"

    f["conflict"] = rewrite(f["rev2"], out / "conflict.xlsx", change=agreed_elsewhere)
    return f


def imported(la_store, files, *names, accept_edited=False):
    outcomes = import_returns(
        la_store, [files[n] for n in names], accept_edited=accept_edited, by="test officer"
    )
    assert REJECTED not in [o.status for o in outcomes], outcomes
    return outcomes


def row(picture, urn) -> SchoolStatus:
    return next(r for r in picture.rows if r.urn == urn)


def test_every_open_school_is_listed_and_one_without_a_return_has_no_figures(la_store, returns):
    imported(la_store, returns, "rev1")
    picture = city_picture(la_store)
    open_urns = {r[0] for r in la_store.query("SELECT urn FROM schools WHERE status != 'closed'")}
    assert {r.urn for r in picture.rows} == open_urns and len(picture.rows) == len(open_urns)
    assert picture.year == "2026-27"
    missing = row(picture, OTHER)
    assert missing.returned is False
    assert (
        missing.received_at,
        missing.revision,
        missing.received_id,
        missing.completeness,
        missing.training_percent,
        missing.vacancies,
        missing.terms_ending,
        missing.agreed_on,
    ) == (None,) * 8
    assert missing.section_means == {}
    assert missing.risk == Risk(AT_RISK, ("No self-evaluation returned for 2026-27",))
    assert [sid for sid, _t in picture.sections] == list(SECTIONS)


def test_the_latest_revision_is_used_and_its_means_come_from_the_payload(la_store, returns):
    imported(la_store, returns, "rev1", "rev2")
    co_op = row(city_picture(la_store), CO_OP)
    assert (co_op.returned, co_op.revision) == (True, 2)
    payload = payload_of(la_store, co_op.received_id)
    assert payload["revision"] == 2
    assert co_op.section_means == {s["id"]: s["mean"] for s in payload["sections"]}
    assert co_op.section_means["accountability"] == 3.5  # AC1 4, AC2 3: not rev 1's 1.0
    assert co_op.completeness == payload["completeness"]["percent"]
    assert co_op.training_percent == payload["training"]["all_core_done_percent"]
    assert (co_op.vacancies, co_op.agreed_on) == (payload["board"]["vacancies"], "2026-11-12")
    assert co_op.received_at and not co_op.edited and not co_op.conflict


def test_the_year_chooses_the_returns(la_store, returns):
    imported(la_store, returns, "rev1", "older")
    assert row(city_picture(la_store), OLDER).returned is False  # default: the latest year
    last_year = city_picture(la_store, "2025-26")
    assert last_year.year == "2025-26"
    assert row(last_year, OLDER).returned and not row(last_year, CO_OP).returned


def test_with_no_returns_the_year_is_the_current_academic_year(la_store):
    picture = city_picture(la_store, today=dt.date(2027, 9, 2))
    assert picture.year == "2027-28" and not any(r.returned for r in picture.rows)
    assert summary(picture).returned == 0 and summary(picture).median_training is None


def test_an_edited_or_disputed_return_is_flagged_at_risk(la_store, returns):
    imported(la_store, returns, "rev1", "rev2", "edited", "conflict", accept_edited=True)
    picture = city_picture(la_store)
    edited, co_op = row(picture, EDITED), row(picture, CO_OP)
    assert edited.edited and edited.risk.level == AT_RISK
    assert "The return was changed outside the app, so its figures are unchecked" in (
        edited.risk.reasons
    )
    assert co_op.conflict and co_op.risk.level == AT_RISK
    assert "Two different copies of the return arrived; a person must choose one" in (
        co_op.risk.reasons
    )


def test_distribution_and_summary(la_store, returns):
    imported(la_store, returns, "rev1", "rev2")
    picture = city_picture(la_store)
    counts = distribution(picture, "accountability")
    assert counts == {1: 0, 2: 0, 3: 0, 4: 1, "not rated": 0, "no return": len(picture.rows) - 1}
    assert distribution(picture, "people")["not rated"] == 1
    s = summary(picture)
    assert (s.schools, s.returned, s.not_returned) == (len(picture.rows), 1, len(picture.rows) - 1)
    assert s.at_risk + s.watch + s.no_concern == s.schools
    assert s.median_training == row(picture, CO_OP).training_percent
    assert s.headline().startswith(f"2026-27: 1 of {s.schools} open schools have returned")
