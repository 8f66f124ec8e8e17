"""The shipped data is auditable: it regenerates from the DfE files, and every
city target quotes its source document word for word."""

from __future__ import annotations

import csv
import re

import pytest

from stoke_governor.build_resources import build
from stoke_governor.core.paths import resources_dir
from tests.conftest import DFE, SHARED, needs_dfe

GENERATED = ["schools.csv", "school_figures.csv", "area_figures.csv", "sources.csv", "areas.csv"]


def rows(name):
    with (resources_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@needs_dfe
def test_resources_regenerate_identically_from_the_dfe_files(tmp_path):
    build(DFE, tmp_path, curated=resources_dir())
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (resources_dir() / name).read_bytes(), name


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="seed documents not present")
def test_every_target_passage_is_quoted_from_its_document():
    def norm(text):
        return re.sub(r"\s+", " ", text).strip()

    seeds = {}
    for row in rows("city_targets.csv"):
        if row["seed_file"] not in seeds:
            seeds[row["seed_file"]] = norm(
                (SHARED / "seeds" / row["seed_file"]).read_text(encoding="utf-8")
            )
        assert norm(row["passage"]) in seeds[row["seed_file"]], row["id"]


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
