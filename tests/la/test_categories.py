"""The categorisation rule: known schools give known categories and reasons in order of
weight; the written rule states the numbers the code applies; and on the city's real schools
with boards of every kind no category holds more than half of them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from stoke_governor.data.importer import import_files
from stoke_governor.la import categories
from stoke_governor.la.categories import (
    CATEGORIES,
    GOVERNANCE,
    OFSTED,
    RESULTS,
    RULE_VERSION,
    categorise,
    counts,
    rule_text,
    top_concerns,
)
from stoke_governor.la.category_rule import RuleFileError, read_rule, shipped_rule
from stoke_governor.la.city import CityPicture, city_picture
from stoke_governor.la.returns.importer import import_returns
from stoke_governor.la.risk import assess
from tests.conftest import REPO, SEEDS, copy_database
from tests.la.test_city import SECTIONS, means, sound

TODAY = dt.date(2026, 11, 20)
# Real open city schools; their Ofsted grades are set by each test.
INADEQUATE, SILENT, WEAK_BOARD, CALM = 124390, 136102, 123993, 124002
KS4_2025 = REPO / "tests" / "data" / "ees_fixtures" / "202425_performance_tables_schools_final.csv"


def grade(store, urn: int, value: int | None, inspected_on: str | None) -> None:
    with store.transaction():
        store.execute(
            "UPDATE schools SET ofsted_grade = ?, ofsted_inspected_on = ? WHERE urn = ?",
            (value, inspected_on, urn),
        )


def picture(store, *rows) -> CityPicture:
    titles = {s: s.replace("-", " ").capitalize() for s in SECTIONS}
    assessed = [r._replace(risk=assess(r, titles)) for r in rows]
    return CityPicture("2026-27", list(titles.items()), assessed)


def school(store, urn: int, **changes):
    name = store.query_one("SELECT name FROM schools WHERE urn = ?", (urn,))["name"]
    return sound(urn=urn, name=name, **changes)


def no_return(store, urn: int):
    return school(
        store,
        urn,
        returned=False,
        completeness=None,
        section_means={},
        training_percent=None,
        vacancies=None,
        terms_ending=None,
        agreed_on=None,
    )


def by_urn(placed) -> dict:
    return {p.urn: p for p in placed}


def test_known_schools_get_known_categories_and_reasons_heaviest_first(la_store):
    grade(la_store, INADEQUATE, 4, "2025-06-10")  # recent: full weight
    grade(la_store, SILENT, 2, "2024-01-15")
    grade(la_store, WEAK_BOARD, 3, "2016-07-14")  # old: weighs half
    grade(la_store, CALM, None, None)
    rows = (
        school(la_store, INADEQUATE),
        no_return(la_store, SILENT),
        school(
            la_store,
            WEAK_BOARD,
            training_percent=60.0,
            section_means=means(accountability=2.0),
        ),
        school(la_store, CALM),
    )
    placed = categorise(la_store, picture(la_store, *rows), today=TODAY)
    assert [p.urn for p in placed] == [INADEQUATE, WEAK_BOARD, SILENT, CALM]  # most severe first
    got = by_urn(placed)
    inadequate = got[INADEQUATE]
    assert (inadequate.category, inadequate.severity) == ("Intensive support", 6)
    assert inadequate.concerns[0].text == (
        "Inadequate at its last Ofsted inspection (inspected 10 June 2025)"
    )
    weak = got[WEAK_BOARD]
    assert (weak.category, weak.severity) == ("Targeted support", 5)
    assert [(r.text, r.weight, r.side) for r in weak.concerns] == [
        (
            "Requires improvement at its last Ofsted inspection (inspected 14 July 2016, over "
            "4 years ago, so it weighs less)",
            2,
            OFSTED,
        ),
        (
            "Rates itself below 'Established' on holding leaders to account (2.0 of 4)",
            2,
            GOVERNANCE,
        ),
        ("60% of governors have done all the core training", 1, GOVERNANCE),
    ]
    silent = got[SILENT]
    assert (silent.category, silent.severity) == ("Monitor", 3)
    assert silent.reasons[0] == ("No self-evaluation returned for 2026-27", 3, GOVERNANCE)
    assert silent.reasons[-1].text.startswith("Good at its last Ofsted inspection")
    assert silent.reasons[-1].weight == 0  # said, not counted
    calm = got[CALM]
    assert (calm.category, calm.severity) == ("Universal support", 1)
    assert calm.concerns == (("No Ofsted grade is held for the school", 1, OFSTED),)
    for p in placed:
        weights = [r.weight for r in p.reasons]
        assert weights == sorted(weights, reverse=True)
        assert p.severity == sum(weights)


def test_results_count_only_when_recent_and_from_the_strategys_years(la_store):
    """The shipped figures end in 2018-19: shown, never counted. A 2024-25 file counts until
    it is more than two years old."""
    grade(la_store, SILENT, 1, "2025-03-01")
    row = school(la_store, SILENT)
    before = by_urn(categorise(la_store, picture(la_store, row), today=TODAY))[SILENT]
    assert [r for r in before.reasons if r.side == RESULTS] == [
        ("Results more than 2 years old (newest 2018-19) are not counted", 0, RESULTS)
    ]
    assert before.severity == 0 and before.category == "Universal support"
    import_files(la_store, [KS4_2025])
    after = by_urn(categorise(la_store, picture(la_store, row), today=TODAY))[SILENT]
    assert after.concerns == (
        ("Attainment 8 (average score): 37.4 in 2024-25, behind England (45.9)", 1, RESULTS),
    )  # its grade 4+ figure is suppressed in the file: not published, never counted
    later = by_urn(categorise(la_store, picture(la_store, row), today=dt.date(2028, 10, 1)))
    assert later[SILENT].concerns == ()
    assert later[SILENT].reasons[0].text == (
        "Results more than 2 years old (newest 2024-25) are not counted"
    )


def test_a_figure_off_the_citys_trajectory_weighs_two(la_store, tmp_path):
    text = KS4_2025.read_text(encoding="utf-8")
    lowered = text.replace(",180,41.3,z,z,z,58.9,", ",180,41.3,z,z,z,40.2,")  # Birches Head
    assert lowered != text
    (tmp_path / KS4_2025.name).write_text(lowered, encoding="utf-8")
    import_files(la_store, [tmp_path / KS4_2025.name])
    grade(la_store, INADEQUATE, 2, "2025-03-01")
    placed = categorise(la_store, picture(la_store, school(la_store, INADEQUATE)), today=TODAY)
    first = placed[0].concerns[0]
    assert first.side == RESULTS and first.weight == 2
    assert first.text.startswith("Grade 4 or above in English and maths: 40.2% in 2024-25, off")


def test_counts_and_top_concerns(la_store):
    grade(la_store, INADEQUATE, 4, "2025-06-10")
    grade(la_store, CALM, 1, "2025-06-10")
    rows = (school(la_store, CALM), school(la_store, INADEQUATE), no_return(la_store, SILENT))
    placed = categorise(la_store, picture(la_store, *rows), today=TODAY)
    assert list(counts(placed)) == list(CATEGORIES)
    assert counts(placed) == {
        "Intensive support": 1,
        "Targeted support": 0,
        "Monitor": 1,
        "Universal support": 1,
    }
    assert [p.urn for p in top_concerns(placed, 10)] == [INADEQUATE, SILENT]  # CALM: none
    assert [p.urn for p in top_concerns(placed, 1)] == [INADEQUATE]
    assert top_concerns(placed)[1].one_line() == "No self-evaluation returned for 2026-27"


# -- the written rule ------------------------------------------------------------------------
def test_the_written_rule_states_every_number_the_code_applies():
    rule = shipped_rule()
    words = " ".join(rule.text.split())
    r, o, g = rule.results, rule.ofsted, rule.governance
    said = [
        f"off track for the city's target, or below the target, weighs {r['off_track']:g}",
        f"behind England's weighs {r['behind_england']:g}",
        f"at most {r['max_age']:g} years old count",
        f"Inadequate weighs {o['inadequate']:g}",
        f"Requires improvement weighs {o['requires_improvement']:g}",
        f"more than {o['recent_years']:g} years old weighs half as much ({o['old_factor']:g} "
        "times)",
        f"No grade held weighs {o['no_grade']:g}",
        f"(or the return refused) weighs {g['no_return']:g}",
        f"counts as at risk weighs {g['serious']:g}",
        f"counts as watch weighs {g['mild']:g}",
    ]
    for first in rule.categories[:-1]:
        said.append(f"{first.name}: severity {first.start:g} or more")
    said.append(f"{rule.categories[-1].name}: below {rule.categories[-2].start:g}")
    missing = [s for s in said if s not in words]
    assert missing == []
    assert o["old_factor"] == 0.5  # "half as much" in the words
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    intensive, targeted, monitor = (c.start for c in rule.categories[:3])
    assert (
        f"{intensive:g} or more is Intensive support, {targeted:g} Targeted support, "
        f"{monitor:g} Monitor" in readme
    )
    stated = {float(n) for n in re.findall(r"(?<![\d-])(\d+(?:\.\d+)?)(?![\d-])", words)}
    assert {c.start for c in rule.categories} <= stated | {0.0}


def test_the_rule_is_versioned_and_shown_whole():
    text = rule_text()
    assert text.startswith(f"How a school is categorised (rule version {RULE_VERSION})")
    assert CATEGORIES == ("Intensive support", "Targeted support", "Monitor", "Universal support")
    assert all(name in text for name in CATEGORIES)
    assert "Methodology for categorising schools" in text  # the why, quoted
    assert "Why:" not in rule_text(why=False)


def test_every_passage_the_rule_quotes_is_word_for_word_in_its_source():
    sources = " ".join(
        " ".join(p.read_text(encoding="utf-8").split()) for p in SEEDS.glob("*.txt")
    ).replace("\u2019", "'")
    quotes = re.findall(r'"([^"]+)"', shipped_rule().why)
    assert len(quotes) >= 8
    missing = [q for q in quotes if " ".join(q.split()) not in sources]
    assert missing == []


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace("inadequate = 6", 'inadequate = "six"'), "[ofsted] inadequate"),
        (lambda t: t.replace("mild = 1", ""), "[governance] mild"),
        (lambda t: t.replace("from = 0", "from = 1"), "starting at 0"),
        (lambda t: t.replace("version = 1", "version = 1\nversion = 2"), "cannot be read"),
        (lambda t: t.replace("[results]", "[results"), "cannot be read"),
    ],
)
def test_a_broken_rule_file_is_refused_with_a_sentence(tmp_path, change, says):
    shipped = REPO / "resources" / "categories.toml"
    broken = tmp_path / "categories.toml"
    broken.write_text(change(shipped.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(RuleFileError, match=re.escape(says)) as error:
        read_rule(broken)
    assert "categories.toml" in str(error.value)


# -- the city's real schools, with boards of every kind --------------------------------------
@pytest.fixture(scope="module")
def city(seeded_template, tmp_path_factory):
    """Every open city school's board has returned a real return (varied at random, fixed
    seed), imported into the LA's database."""
    from stoke_governor.la.mode import la_init
    from stoke_governor.startup import open_database
    from tests.city_boards import varied

    root = tmp_path_factory.mktemp("city-categories")
    copy_database(seeded_template, root / "school.sqlite")
    copy_database(seeded_template, root / "la.sqlite")
    la = open_database(root / "la.sqlite")
    la_init(la)
    urns = [r[0] for r in la.query("SELECT urn FROM schools WHERE status != 'closed'")]
    with open_database(root / "school.sqlite") as school_store:
        varied(school_store, root / "returns", urns)
    import_returns(la, [root / "returns"])
    yield la
    la.close()


def test_on_the_citys_real_schools_no_category_holds_more_than_half(city):
    shown = city_picture(city)
    assert all(r.returned for r in shown.rows)
    placed = categorise(city, shown, today=TODAY)
    assert {p.urn for p in placed} == {r.urn for r in shown.rows}
    held = counts(placed)
    assert sum(held.values()) == len(placed) > 100
    assert max(held.values()) <= len(placed) / 2, held
    assert all(n > 0 for n in held.values()), held  # every category is used
    assert [p.sort_key for p in placed] == sorted(p.sort_key for p in placed)
    ranks = [CATEGORIES.index(p.category) for p in placed]
    assert ranks == sorted(ranks)  # most serious category first, then by severity
    assert placed[0].severity == max(p.severity for p in placed)


def test_the_api_names_what_the_report_needs():
    assert set(categories.__all__) >= {
        "categorise",
        "counts",
        "top_concerns",
        "rule_text",
        "RULE_VERSION",
        "CATEGORIES",
    }
    assert isinstance(RULE_VERSION, int) and RULE_VERSION >= 1
    assert Path(REPO / "resources" / "categories.toml").is_file()
