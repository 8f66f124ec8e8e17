"""The board's self-evaluation: frameworks as data, ratings, evidence, actions and links."""

from __future__ import annotations

import json
import shutil

import pytest

from stoke_governor.frameworks import frameworks_dir, load_frameworks, shipped_frameworks


def test_shipped_frameworks_load_with_the_six_features_and_sixteen_competencies():
    catalogue = shipped_frameworks()
    assert catalogue.rejected == ()
    default = catalogue.default
    assert default.id == "dfe-effective-governance"
    assert [s.title for s in default.sections] == [
        "Strategic leadership", "Accountability", "People", "Structures", "Compliance",
        "Evaluation",
    ]  # fmt: skip
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


def test_a_second_file_with_the_same_framework_version_is_rejected(folder):
    data = (folder / "dfe-effective-governance.json").read_text(encoding="utf-8")
    (folder / "zz-copy.json").write_text(data, encoding="utf-8")
    catalogue = load_frameworks(folder)
    assert [r.file for r in catalogue.rejected] == ["zz-copy.json"]
    assert "already loaded" in catalogue.rejected[0].reason
