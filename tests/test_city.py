"""The city picture and its risk rule: the rule on constructed statuses, the picture over real
returns imported into the LA's database."""

from __future__ import annotations

import pytest

from stoke_governor import risk
from stoke_governor.city import SchoolStatus
from stoke_governor.risk import AT_RISK, NO_CONCERN, WATCH, assess

SECTIONS = ("strategic-leadership", "accountability", "people", "structures", "compliance",
            "evaluation")  # fmt: skip


def sound(**changes) -> SchoolStatus:
    """A board whose return raises no concern; `changes` add one signal at a time."""
    status = SchoolStatus(
        urn=1, name="A school", phase="Primary", returned=True,
        received_at="2026-11-21T10:00:00", revision=1, received_id=1, completeness=100,
        agreed_on="2026-11-01", section_means=dict.fromkeys(SECTIONS, 3.0),
        training_percent=100.0, vacancies=0, terms_ending=0, conflict=False, edited=False,
        risk=None, year="2026-27",
    )  # fmt: skip
    return status._replace(**changes)


def means(**overrides) -> dict:
    values = dict.fromkeys(SECTIONS, 3.0)
    values.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return values


def test_a_sound_return_raises_no_concern():
    assert assess(sound()) == risk.Risk(NO_CONCERN, ())


def test_no_return_is_at_risk_naming_the_year():
    status = sound(returned=False, completeness=None, section_means={}, training_percent=None,
                   vacancies=None, terms_ending=None, agreed_on=None)  # fmt: skip
    assert assess(status) == risk.Risk(AT_RISK, ("No self-evaluation returned for 2026-27",))


@pytest.mark.parametrize(
    ("changes", "level", "reason"),
    [
        ({"section_means": means(accountability=2.0)}, AT_RISK,
         "Rates itself below 'Established' on holding leaders to account (2.0 of 4)"),
        ({"training_percent": 49.0}, AT_RISK,
         "Only 49% of governors have done all the core training"),
        ({"vacancies": 2}, AT_RISK, "2 places on the board are empty"),
        ({"edited": True}, AT_RISK,
         "The return was changed outside the app, so its figures are unchecked"),
        ({"conflict": True}, AT_RISK,
         "Two different copies of the return arrived; a person must choose one"),
        ({"completeness": 59}, WATCH, "The return is only 59% complete"),
        ({"section_means": means(people=2.4)}, WATCH,
         "Rates itself below 'Established' on people (2.4 of 4)"),
        ({"training_percent": 79.0}, WATCH, "79% of governors have done all the core training"),
        ({"training_percent": None}, WATCH, "The return gives no figures for governors' training"),
        ({"vacancies": 1, "terms_ending": 2}, WATCH,
         "2 governor terms end within 60 days and a place is already empty"),
        ({"agreed_on": None}, WATCH, "The board has not recorded agreeing its self-evaluation"),
    ],
)  # fmt: skip
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
    words = ("no self-evaluation returned", f"{risk.WEAK_MEAN} of 4", f"{risk.TRAINING_AT_RISK}%",
             f"{risk.TRAINING_WATCH}%", f"{risk.VACANCIES_AT_RISK} or more vacancies",
             f"{risk.COMPLETE_WATCH}%")  # fmt: skip
    for text in words:
        assert text in risk.RISK_RULE
