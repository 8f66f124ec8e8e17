"""Importing GIAS extracts (the city's schools) and EES LA-level files (city, region, England)."""

from __future__ import annotations

import csv
import io

import pytest

from stoke_governor.core.areas import CITY, ENGLAND, WEST_MIDLANDS
from stoke_governor.data.importer import import_files
from stoke_governor.measures.catalogue import area_figure
from tests.conftest import BIRCHES_HEAD, DFE, REPO, dfe_rows, needs_dfe

pytestmark = needs_dfe

GIAS_SAMPLE = "gias_edubasealldata_2018-19_sample_4rows__DFE-Digital-schools-experience.csv"
ATTENDANCE = "ees_pupil-attendance_2025-26_year-to-date_LA_level__LA861_subset.csv"
EXCLUSIONS = "ees_SFR35-2017_exclusions_reason_for_exclusion_2006-07_to_2015-16__LA861_subset.csv"
TABLES = ("schools", "sources", "school_figures", "area_figures")
WATERSIDE, BLURTON, BALL_GREEN, NEW_URN = 123993, 124002, 124020, 150999
GROUP_OF_SECTOR = {
    "Academy": "Academies",
    "Maintained School": "Local authority maintained schools",
    "Special School": "Special schools",
}
RATING = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
LAIT_CODES = {
    "TotAbs",
    "PriTotAbs",
    "SecTotAbs",
    "TotPerAbNew",
    "SFPriPerAbNew",
    "SFSecPerAbNew",
    "TotPermEx",
    "PriPermEx",
    "SecPermEx",
    "TotFixedEx",
}


def dump(store, *tables: str) -> dict[str, list[tuple]]:
    """Every row of the tables, in a stable order: to prove nothing changed."""
    return {t: [tuple(r) for r in store.query(f"SELECT * FROM {t} ORDER BY 1")] for t in tables}


def held_school(urn: int) -> dict[str, str]:
    with (REPO / "resources" / "schools.csv").open(encoding="utf-8", newline="") as fh:
        return next(r for r in csv.DictReader(fh) if r["urn"] == str(urn))


def gias_header() -> list[str]:
    with (DFE / GIAS_SAMPLE).open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def london_row() -> dict[str, str]:
    return dfe_rows(GIAS_SAMPLE)[0]


def gias_date(iso: str) -> str:
    return "-".join(reversed(iso.split("-"))) if iso else ""


def gias_row(urn: int, **changes: str) -> dict[str, str]:
    """A GIAS row stating exactly what the app holds for one of the city's schools."""
    s = held_school(urn)
    row = {
        "URN": s["urn"],
        "LA (code)": "861",
        "LA (name)": "Stoke-on-Trent",
        "EstablishmentNumber": s["laestab"][3:],
        "EstablishmentName": s["name"],
        "TypeOfEstablishment (name)": s["type"],
        "EstablishmentTypeGroup (name)": GROUP_OF_SECTOR[s["sector"]],
        "EstablishmentStatus (name)": s["status"].title(),
        "CloseDate": gias_date(s["closed_on"]),
        "PhaseOfEducation (name)": s["phase"],
        "StatutoryLowAge": s["age_low"],
        "StatutoryHighAge": s["age_high"],
        "Locality": s["locality"],
        "Town": "Stoke-on-Trent",
        "Postcode": s["postcode"],
        "OfstedLastInsp": gias_date(s["ofsted_inspected_on"]),
        "OfstedRating (name)": RATING[int(s["ofsted_grade"])] if s["ofsted_grade"] else "",
    }
    row.update(changes)
    return row


def write_csv(path, header, rows, encoding="cp1252", newline="\r\n"):
    out = io.StringIO()
    writer = csv.DictWriter(out, header, quoting=csv.QUOTE_ALL, lineterminator=newline)
    writer.writeheader()
    writer.writerows({h: r.get(h, "") for h in header} for r in rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


NEW_SCHOOL = {
    "URN": str(NEW_URN),
    "LA (code)": "861",
    "LA (name)": "Stoke-on-Trent",
    "EstablishmentNumber": "2999",
    "EstablishmentName": "Trentside Children’s Academy",
    "TypeOfEstablishment (name)": "Free schools",
    "EstablishmentTypeGroup (name)": "Free Schools",
    "EstablishmentStatus (name)": "Open",
    "PhaseOfEducation (name)": "Primary",
    "StatutoryLowAge": "4",
    "StatutoryHighAge": "11",
    "Locality": "",
    "Town": "Stoke-on-Trent",
    "Postcode": "ST4 9ZZ",
    "OfstedRating (name)": "",
}


def extract(tmp_path, name="edubasealldata20240901.csv"):
    rows = [
        london_row(),
        gias_row(
            BIRCHES_HEAD, **{"OfstedRating (name)": "Outstanding", "OfstedLastInsp": "12-03-2024"}
        ),
        gias_row(WATERSIDE, **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2021"}),
        gias_row(
            BLURTON,
            **{
                "TypeOfEstablishment (name)": "Academy converter",
                "EstablishmentTypeGroup (name)": "Academies",
                "Postcode": "ST3 3AY",
            },
        ),
        gias_row(BALL_GREEN),  # exactly as held
        NEW_SCHOOL,
    ]
    return write_csv(tmp_path / name, gias_header(), rows)


# -- GIAS ---------------------------------------------------------------------------------


def test_a_gias_extract_adds_and_updates_the_city_schools_and_touches_no_figure(store, tmp_path):
    path = extract(tmp_path)
    assert b"\r\n" in path.read_bytes() and "’".encode("cp1252") in path.read_bytes()
    before = {r["urn"]: dict(r) for r in store.query("SELECT * FROM schools")}
    figures = dump(store, "school_figures", "area_figures")
    [outcome] = import_files(store, [path])
    assert (outcome.status, outcome.rows) == ("imported", 4)
    assert outcome.reason == (
        "1 school added, 3 updated, 1 already up to date; 1 establishment in other local "
        "authorities ignored"
    )
    after = {r["urn"]: dict(r) for r in store.query("SELECT * FROM schools")}
    source = store.query("SELECT * FROM sources ORDER BY id DESC LIMIT 1")[0]
    assert (source["kind"], source["year"], source["file"]) == ("GIAS", None, path.name)

    assert set(after) == set(before) | {NEW_URN}  # nothing deleted, London not added
    changed = {
        urn: {k: v for k, v in after[urn].items() if before.get(urn, {}).get(k) != v}
        for urn in after
        if after[urn] != before.get(urn)
    }
    assert changed.keys() == {BIRCHES_HEAD, WATERSIDE, BLURTON, NEW_URN}
    sid = source["id"]
    assert changed[BIRCHES_HEAD] == {
        "ofsted_grade": 1,
        "ofsted_inspected_on": "2024-03-12",
        "ofsted_published_on": None,
        "source_id": sid,
    }
    assert changed[WATERSIDE] == {"status": "closed", "closed_on": "2021-08-31", "source_id": sid}
    assert changed[BLURTON] == {
        "type": "Academy converter",
        "sector": "Academy",
        "postcode": "ST3 3AY",
        "source_id": sid,
    }
    assert after[NEW_URN] == {
        "urn": NEW_URN,
        "la_code": 861,
        "laestab": 8612999,
        "name": "Trentside Children’s Academy",
        "phase": "Primary",
        "type": "Free schools",
        "sector": "Academy",
        "status": "open",
        "locality": "Stoke-on-Trent",
        "postcode": "ST4 9ZZ",
        "age_low": 4,
        "age_high": 11,
        "closed_on": None,
        "successor_urn": None,
        "ofsted_grade": None,
        "ofsted_inspected_on": None,
        "ofsted_published_on": None,
        "source_id": sid,
    }
    assert dump(store, "school_figures", "area_figures") == figures

    again = import_files(store, [path])[0]
    assert again.status == "unchanged"


def test_an_establishment_fields_download_changes_only_the_columns_it_has(store, tmp_path):
    header = ["URN", "LA (code)", "EstablishmentName", "EstablishmentStatus (name)", "Extra"]
    rows = [
        {
            "URN": str(BLURTON),
            "LA (code)": "861",
            "EstablishmentName": "Blurton Academy",
            "EstablishmentStatus (name)": "Open",
            "Extra": "ignored",
        }
    ]
    path = write_csv(tmp_path / "establishment_fields.csv", header, rows, "utf-8", "\n")
    before = dict(store.query("SELECT * FROM schools WHERE urn = ?", (BLURTON,))[0])
    [outcome] = import_files(store, [path])
    assert (outcome.status, outcome.reason) == ("imported", "0 schools added, 1 updated")
    after = dict(store.query("SELECT * FROM schools WHERE urn = ?", (BLURTON,))[0])
    assert {k for k in after if after[k] != before[k]} == {"name", "source_id"}
    assert after["name"] == "Blurton Academy"


def test_a_gias_extract_without_city_schools_is_rejected(store):
    before = dump(store, *TABLES)
    [outcome] = import_files(store, [DFE / GIAS_SAMPLE])
    assert outcome.status == "rejected"
    assert "no Stoke-on-Trent (LA 861) establishments" in outcome.reason
    assert dump(store, *TABLES) == before


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"URN": "12A45"}, "line 5: the URN '12A45' is not a number"),
        (
            {"URN": str(BIRCHES_HEAD)},
            f"line 5: URN {BIRCHES_HEAD} is given again (first on line 4)",
        ),
        ({"URN": ""}, "line 5: the URN is missing"),
        ({"CloseDate": "31st August"}, "line 5: CloseDate '31st August' is not a date"),
    ],
)
def test_a_bad_gias_row_rejects_the_file_naming_the_line(store, tmp_path, bad, reason):
    rows = [
        {**london_row(), "Street": "Appleford Road\nNorth Kensington"},  # spans lines 2-3
        gias_row(BIRCHES_HEAD, EstablishmentName="Renamed"),  # line 4
        gias_row(WATERSIDE, **bad),  # line 5
    ]
    path = write_csv(tmp_path / "edubasealldata.csv", gias_header(), rows)
    before = dump(store, *TABLES)
    [outcome] = import_files(store, [path])
    assert outcome.status == "rejected"
    assert outcome.reason == f"edubasealldata.csv, {reason}" + (
        "." if "date" not in reason else " (DD-MM-YYYY)."
    )
    assert dump(store, *TABLES) == before


# -- EES ----------------------------------------------------------------------------------

EES_IDS = {
    "time_period",
    "time_identifier",
    "geographic_level",
    "level",
    "year",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "new_la_code",
    "la_name",
    "old_la_code",
}


def expected_area(row: dict[str, str]) -> str | None:
    level = (row.get("geographic_level") or row.get("level")).lower()
    if level == "national":
        return ENGLAND
    if level == "regional":
        return WEST_MIDLANDS if row["region_code"] == "E12000005" else None
    return CITY if row["old_la_code"] == "861" else None


def expected_cell(raw: str) -> tuple[float | None, str | None]:
    try:
        return float(raw), None
    except ValueError:
        return None, raw.strip()


def stored(store, file: str) -> list[dict]:
    return [
        dict(r)
        for r in store.query(
            "SELECT f.* FROM area_figures f JOIN sources s ON s.id = f.source_id "
            "WHERE s.file = ? ORDER BY f.id",
            (file,),
        )
    ]


def check_against_file(store, name, phase_column, phases, year_of, release):
    held = {(r["area"], r["measure"], r["year"], r["breakdown"]): r for r in stored(store, name)}
    expected = {}
    for row in dfe_rows(name):
        area = expected_area(row)
        if area is None:
            continue
        for column, raw in row.items():
            if column in EES_IDS or column == phase_column or raw == "":
                continue
            key = (area, column, year_of(row), phases[row[phase_column]])
            expected[key] = expected_cell(raw) + (raw,)
    assert expected and all(r["release"] == release for r in held.values())
    ees_held = {
        k: (r["value"], r["code"], r["raw"]) for k, r in held.items() if k[1] not in LAIT_CODES
    }
    assert ees_held == expected
    return held


def test_attendance_year_to_date_is_stored_for_the_three_areas_as_provisional(store):
    before = dump(store, "area_figures")
    [outcome] = import_files(store, [DFE / ATTENDANCE])
    assert outcome.status == "imported"
    phases = {"Total": "", "Primary": "primary", "Secondary": "secondary", "Special": "special"}
    held = check_against_file(
        store, ATTENDANCE, "education_phase", phases, lambda r: "2025-26", "provisional"
    )
    assert outcome.rows == len(held)
    assert {k[0] for k in held} == {CITY, WEST_MIDLANDS, ENGLAND}
    assert {k[2] for k in held} == {"2025-26"}
    stoke = {r["education_phase"]: r for r in dfe_rows(ATTENDANCE) if r["old_la_code"] == "861"}
    tiny = next(c for c, raw in stoke["Primary"].items() if "e-05" in raw)  # scientific notation
    assert held[(CITY, tiny, "2025-26", "primary")]["value"] == float(stoke["Primary"][tiny])
    assert held[(CITY, "pa_perc", "2025-26", "")]["value"] == float(stoke["Total"]["pa_perc"])
    assert set(before["area_figures"]) <= set(dump(store, "area_figures")["area_figures"])


def test_attendance_overall_absence_continues_the_lait_series_and_persistent_absence_does_not(
    store,
):
    import_files(store, [DFE / ATTENDANCE])
    rows = stored(store, ATTENDANCE)
    lait = {(r["area"], r["measure"]): r for r in rows if r["measure"] in LAIT_CODES}
    file_rows = dfe_rows(ATTENDANCE)
    for area in (CITY, WEST_MIDLANDS, ENGLAND):
        for phase, code in (
            ("Total", "TotAbs"),
            ("Primary", "PriTotAbs"),
            ("Secondary", "SecTotAbs"),
        ):
            source = next(
                r for r in file_rows if expected_area(r) == area and r["education_phase"] == phase
            )
            figure = lait.pop((area, code))
            assert figure["value"] == float(source["overall_absence_perc"])
            assert (figure["breakdown"], figure["release"]) == ("", "provisional")
    assert lait == {}  # no persistent absence (pa_perc), nothing for special schools
    city = area_figure(store, CITY, ["TotAbs"], "2025-26")
    assert (city.value, city.release) == (pytest.approx(7.1251679288564), "provisional")
    assert area_figure(store, CITY, ["TotAbs"], "2024-25").release == "final"  # LAIT's, kept


def test_exclusions_by_reason_are_stored_with_markers_and_no_lait_series(store):
    [outcome] = import_files(store, [DFE / EXCLUSIONS])
    assert (outcome.status, outcome.reason) == ("imported", "")
    phases = {
        "Total": "",
        "State-funded primary": "primary",
        "State-funded secondary": "secondary",
        "Special school": "special",
    }

    def year_of(row):
        return f"{row['year'][:4]}-{row['year'][4:]}"

    held = check_against_file(store, EXCLUSIONS, "school_type", phases, year_of, "final")
    assert outcome.rows == len(held)
    assert not {k[1] for k in held} & LAIT_CODES  # counts by reason: not LAIT's rates
    assert {k[2] for k in held} == {f"{y}-{(y + 1) % 100:02d}" for y in range(2006, 2016)}
    suppressed = held[(CITY, "perm_physical_adult", "2015-16", "")]
    assert (suppressed["value"], suppressed["code"], suppressed["raw"]) == (None, "x", "x")
    assert held[(CITY, "fixed_other", "2015-16", "")]["value"] == 274.0


def test_ees_files_again_are_unchanged(store):
    import_files(store, [DFE / ATTENDANCE, DFE / EXCLUSIONS])
    before = dump(store, *TABLES)
    outcomes = import_files(store, [DFE / ATTENDANCE, DFE / EXCLUSIONS])
    assert [o.status for o in outcomes] == ["unchanged", "unchanged"]
    assert dump(store, *TABLES) == before


EES_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,region_code,"
    "region_name,old_la_code,new_la_code,la_name,school_type"
)


def ees_file(tmp_path, columns, *rows, name="ees_la.csv"):
    path = tmp_path / name
    path.write_text("\n".join([f"{EES_HEADER},{columns}", *rows]) + "\n", encoding="utf-8")
    return path


STOKE = "Local authority,E92000001,E12000005,West Midlands,861,E06000021,Stoke-on-Trent"


def test_full_year_absence_and_exclusion_rates_are_filed_under_lait_codes(store, tmp_path):
    path = ees_file(
        tmp_path,
        "sess_overall_percent,enrolments_pa_10_exact_percent,perm_excl_rate,susp_rate",
        f"202930,Academic year,{STOKE},Total,7.5,20.1,0.2,15.3",
        f"202930,Academic year,{STOKE},State-funded primary,5.5,15.2,0.01,2.5",
        f"202930,Academic year,{STOKE},Special,10.5,35.2,0,x",
        f"202930,Autumn term,{STOKE},Total,6.5,18.0,z,c",
        "202930,Academic year,Local authority,E92000001,E12000001,North East,841,E06000005,"
        "Darlington,Total,6.0,16.0,0.1,9.0",
        "202930,Academic year,National,E92000001,,,,,,Total,7.0,19.0,0.1,11.0",
    )
    [outcome] = import_files(store, [path])
    assert outcome.status == "imported"
    assert outcome.reason == (
        "also filed as the LAIT series TotAbs, TotPerAbNew, TotPermEx, TotFixedEx, "
        "PriTotAbs, SFPriPerAbNew, PriPermEx"
    )
    rows = {(r["area"], r["measure"], r["breakdown"]): r for r in stored(store, path.name)}
    assert {k[0] for k in rows} == {CITY, ENGLAND}
    lait = {(k[0], k[1]): r["value"] for k, r in rows.items() if k[1] in LAIT_CODES}
    assert lait == {
        (CITY, "TotAbs"): 7.5,
        (CITY, "TotPerAbNew"): 20.1,
        (CITY, "TotPermEx"): 0.2,
        (CITY, "TotFixedEx"): 15.3,
        (CITY, "PriTotAbs"): 5.5,
        (CITY, "SFPriPerAbNew"): 15.2,
        (CITY, "PriPermEx"): 0.01,
        (ENGLAND, "TotAbs"): 7.0,
        (ENGLAND, "TotPerAbNew"): 19.0,
        (ENGLAND, "TotPermEx"): 0.1,
        (ENGLAND, "TotFixedEx"): 11.0,
    }
    autumn = rows[(CITY, "susp_rate", "autumn term")]
    assert (autumn["code"], autumn["release"]) == ("c", "provisional")
    assert rows[(CITY, "susp_rate", "special")]["code"] == "x"
    assert {r["release"] for k, r in rows.items() if k[2] != "autumn term"} == {"final"}


def test_weekly_figures_fall_in_the_academic_year_of_their_week(store, tmp_path):
    path = ees_file(
        tmp_path,
        "time_frame,overall_absence_perc",
        f"2025,Week 37,{STOKE},Total,Monday,5.1",
        f"2026,Week 3,{STOKE},Total,Monday,6.3",
        f"2025,Week 37,{STOKE},Primary,Monday,4.4",
    )
    assert import_files(store, [path])[0].status == "imported"
    rows = {(r["year"], r["breakdown"]): r for r in stored(store, path.name)}
    assert set(rows) == {
        ("2025-26", "week 37, time_frame: monday"),
        ("2025-26", "week 3, time_frame: monday"),
        ("2025-26", "primary, week 37, time_frame: monday"),
    }
    assert {r["release"] for r in rows.values()} == {"provisional"}
    assert {r["measure"] for r in rows.values()} == {"overall_absence_perc"}  # a week is not TotAbs


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ((f"2025,Calendar year,{STOKE},Total,5",), "not by academic year"),
        (
            (f"202526,Academic year,{STOKE},Total,5", f"202526,Academic year,{STOKE},Total,6"),
            "two different figures for num_schools (Stoke-on-Trent, 2025-26): '5' and '6'",
        ),
        (
            (
                "202526,Academic year,Local authority,E92000001,E12000001,North East,841,E06000005,"
                "Darlington,Total,6",
            ),
            "holds no figures for Stoke-on-Trent",
        ),
    ],
)
def test_bad_ees_files_are_rejected_whole(store, tmp_path, rows, reason):
    path = ees_file(tmp_path, "num_schools", *rows)
    before = dump(store, *TABLES)
    [outcome] = import_files(store, [path])
    assert outcome.status == "rejected" and reason in outcome.reason
    assert dump(store, *TABLES) == before


def test_an_unknown_file_is_told_every_kind_the_app_imports(store, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Title,Body\nhello,world\n", encoding="utf-8")
    reason = import_files(store, [path])[0].reason
    for kind in (
        "performance-tables",
        "LAIT",
        "Get Information About Schools",
        "explore education statistics",
    ):
        assert kind in reason
