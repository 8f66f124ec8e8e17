"""The shipped data is auditable: it regenerates from the DfE files, and every
city target quotes its source document word for word."""

from __future__ import annotations

import csv
import re
import shutil

from stoke_governor.build_resources import build, school_files
from stoke_governor.core.paths import resources_dir
from tests.conftest import DFE, SEEDS, needs_dfe

GENERATED = ["schools.csv", "school_figures.csv", "area_figures.csv", "sources.csv", "areas.csv"]


def rows(name):
    with (resources_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@needs_dfe
def test_resources_regenerate_identically_from_the_dfe_files(tmp_path):
    build(DFE, tmp_path, curated=resources_dir())
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (resources_dir() / name).read_bytes(), name


ELIDED = " … "  # a passage may leave out words between its parts, within one section
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
YEARS = re.compile(r"\b(?:19|20)\d\d(?:/\d\d)?\b")


def norm(text):
    return re.sub(r"\s+", " ", text.translate(QUOTES)).strip()


def find_passage(passage, document):
    """The passage's parts, found in order in one section of the document, or None."""
    first, *rest = passage.split(ELIDED)
    start = document.find(first)
    while start >= 0:
        end = start + len(first)
        for part in rest:
            at = document.find(part, end)
            if at < 0 or re.search(r"(?:^| )#+ ", document[end:at]):
                break
            end = at + len(part)
        else:
            return document[start:end]
        start = document.find(first, start + 1)
    return None


def figure_in(value, text):
    number = float(value)
    shown = {value, f"{number:g}", f"{number:,.0f}"} if number.is_integer() else {value}
    return any(re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d]|[.,]\d)", text) for s in shown)


def test_every_target_passage_is_quoted_from_its_document_with_its_figure_and_year():
    """Each row's passage is in its seed document word for word (whitespace and curly quotes
    aside), and states the row's figure and every year the row gives."""
    seeds = {p.name: norm(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    failures = []
    for row in rows("city_targets.csv"):
        found = find_passage(norm(row["passage"]), seeds.get(row["seed_file"], ""))
        if found is None:
            failures.append(f"{row['id']}: passage not in {row['seed_file']}")
            continue
        if row["value"] and not figure_in(row["value"], found):
            failures.append(f"{row['id']}: {row['value']} not in its passage")
        for year in YEARS.findall(row["year"]):
            if year not in found:
                failures.append(f"{row['id']}: {year} not in its passage")
    assert failures == []


def test_the_passage_check_fails_on_a_misquote_a_wrong_figure_or_a_year_not_stated():
    document = norm((SEEDS / "000_2a6aa9052afa725e.txt").read_text(encoding="utf-8"))
    rank = "Secondary attendance ranked 114<sup>th</sup> and 12<sup>th</sup>."
    assert find_passage(rank, document) is not None
    assert find_passage(rank.replace("114", "130"), document) is None
    assert not figure_in("14", find_passage(rank, document))
    assert not YEARS.findall(find_passage(rank, document))
    # Elided parts must come from one section, in order.
    goals = "At the end of this strategy period, i.e. by December 2030 our aim is:"
    assert find_passage(goals + ELIDED + "attainment 8", document) is not None
    assert find_passage(goals + ELIDED + "The Key Improvement Priorities", document) is None
    assert find_passage("attainment 8" + ELIDED + goals, document) is None


def test_targets_link_to_known_measures_and_disagreements_pair_up():
    codes = {r["code"] for r in rows("measures.csv")}
    targets = rows("city_targets.csv")
    ids = {t["id"] for t in targets}
    for t in targets:
        assert not t["measure"] or t["measure"] in codes, t["id"]
        if t["disagrees_with"]:
            assert t["disagrees_with"] in ids
    assert all(t["kind"] in {"baseline", "target"} for t in targets)


def test_catalogue_comparators_are_la_measures_with_figures():
    measures = rows("measures.csv")
    la_codes = {m["code"] for m in measures if m["level"] == "la"}
    held = {r["measure"] for r in rows("area_figures.csv")}
    for m in measures:
        if m["la_comparator"]:
            assert m["la_comparator"] in la_codes, m["code"]
        if m["level"] == "la":
            assert m["code"] in held, m["code"]


def test_suppressed_values_are_not_zero_in_the_shipped_figures():
    for r in rows("school_figures.csv"):
        if r["code"]:
            assert r["value"] == "", r
        if r["value"]:
            assert not r["code"], r


@needs_dfe
def test_a_school_level_file_put_beside_the_sources_is_taken_in_with_no_code_change(tmp_path):
    """Files are found by the DfE's naming, not a list: a final KS4 file added later is built
    into the figures and sources as its own release; metadata and samples are not taken."""
    src = tmp_path / "dfe"
    shutil.copytree(DFE, src)
    provisional = "cscp_2018-19_england_ks4provisional__LA861_subset.csv"
    final = "cscp_2018-19_england_ks4final__LA861_subset.csv"
    shutil.copy(src / provisional, src / final)
    names = list(school_files(src))
    assert names.index(provisional) < names.index(final)  # kind order, then year
    assert not any("meta" in n or "swf" in n or "spine" in n for n in names)
    build(src, tmp_path / "out", curated=resources_dir())
    with (tmp_path / "out" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        sources = {r["file"]: r for r in csv.DictReader(fh)}
    assert sources[final]["title"] == "Key stage 4 results (final), England (2018-19)"
    with (tmp_path / "out" / "school_figures.csv").open(encoding="utf-8", newline="") as fh:
        built = [r for r in csv.DictReader(fh) if r["measure"] == "ATT8SCR"]
    shipped = {
        (r["urn"], r["raw"]) for r in rows("school_figures.csv") if r["measure"] == "ATT8SCR"
    }
    added = [r for r in built if r["source"] == final]
    assert added and {r["release"] for r in added} == {"final"}
    assert {(r["urn"], r["raw"]) for r in added} == shipped  # the same cells, as published


def test_a_school_measures_city_series_is_the_same_statistic_as_its_city_row():
    """Where a school-level file's own city row and the measure's LAIT city series cover the
    same year, they agree: exactly for a final figure, within 0.5 for a provisional one
    (revised later), so every comparator is the same statistic under another code."""
    city = [r for r in rows("area_figures.csv") if r["area"] == "E06000021" and r["value"]]
    by = {(r["measure"], r["year"]): r for r in city}
    checked = set()
    for m in rows("measures.csv"):
        series = m["la_comparator"]
        if m["level"] != "school" or not series:
            continue
        for (code, year), own in by.items():
            lait = by.get((series, year))
            if code != m["code"] or lait is None or not lait["source"].startswith("dfe_LAIT"):
                continue
            gap = abs(float(own["value"]) - float(lait["value"]))
            assert gap <= (0 if own["release"] == "final" else 0.5), (code, series, year)
            checked.add(code)
    for code in ("PTL2BASICS_94", "PTL2BASICS_95", "PTEBACC_94", "PTEBACC_95", "EBACCAPS"):
        assert code in checked  # KS4: the 2018-19 provisional file beside LAIT's final
    for code in ("PTEBACC_E_PTQ_EE", "TALLPPE_ALEV_1618", "TB3PTSE", "PTAAB_2FAC"):
        assert code in checked
