"""Shared fixtures: a seeded database per test, copied from one built per session."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "resources" / "sources"  # the real published files (see its README)
DFE = SOURCES / "dfe"
SEEDS = SOURCES / "seeds"
BIRCHES_HEAD = 124390  # a real Stoke-on-Trent secondary with KS4, census, absence figures


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path, monkeypatch):
    """No test touches the real user data folder or an inherited database path."""
    monkeypatch.delenv("STOKE_GOVERNOR_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def copy_database(source: Path, target: Path) -> None:
    """Copy an SQLite database file whole, through SQLite's own backup."""
    src, dest = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dest)
    src.close()
    dest.close()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    from stoke_governor.startup import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    open_database(path).close()
    return path


@pytest.fixture
def db_path(seeded_template, tmp_path) -> Path:
    """A path to a fresh, seeded database of this test's own."""
    path = tmp_path / "governor.sqlite"
    copy_database(seeded_template, path)
    return path


@pytest.fixture
def store(db_path):
    from stoke_governor.startup import open_database

    s = open_database(db_path)
    yield s
    s.close()


def dfe_rows(name: str) -> list[dict[str, str]]:
    """Rows of a real DfE file, read independently of the app's reader."""
    import csv

    with (DFE / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


needs_dfe = pytest.mark.skipif(not DFE.is_dir(), reason="resources/sources/dfe is not present")


@pytest.fixture
def la_path(seeded_template, tmp_path) -> Path:
    """A path to a fresh seeded database of its own, made the LA's."""
    from stoke_governor.la.mode import la_init
    from stoke_governor.startup import open_database

    path = tmp_path / "la" / "governor-services.sqlite"
    path.parent.mkdir()
    copy_database(seeded_template, path)
    with open_database(path) as s:
        la_init(s)
    return path


@pytest.fixture
def la_store(la_path):
    """The LA's database (every city school; no board of its own), apart from `store`,
    which can stand for any school's board (tests/return_files.py writes their returns)."""
    from stoke_governor.startup import open_database

    s = open_database(la_path)
    yield s
    s.close()


@pytest.fixture
def returns(store, tmp_path) -> Path:
    """A folder of three boards' returns, as the boards' own app exports them."""
    from tests.return_files import make_return

    folder = tmp_path / "returns"
    folder.mkdir()
    for urn in (136102, 124390, 123993):
        make_return(store, urn, folder)
    return folder


def city_target(value, year="2030", comparison="at_least", **fields):
    """A city target for tests of tracking and statuses: any field can be given by name; the
    rest are made up (a percentage for measure M, from a passage of the strategy)."""
    from stoke_governor.measures.targets import CityTarget

    made_up = dict(id="t", kind="target", topic="t", measure="M", area="Stoke-on-Trent")
    made_up.update(unit="percent", value_text=f"{value}%", document="IES", document_title="IES")
    made_up.update(section=None, passage="passage", disagrees_with=None, note=None)
    made_up.update(value=value, year=year, comparison=comparison)
    return CityTarget(**{**made_up, **fields})
