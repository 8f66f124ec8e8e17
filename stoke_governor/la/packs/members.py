"""Reading an LA pack: its members parsed into a `Pack`, every row's shape checked.

`la.packs.file_format.open_pack` has already checked the zip and each member's digest; this turns
the members into tables, modules, frameworks and the school's key, and refuses a pack with
anything out of shape (a row with unknown columns, a module or framework that does not
parse, more than one key, another school's key) with one plain sentence.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.paths import resources_dir
from stoke_governor.data.store_figures import AREA_FIGURE_FIELDS, FIGURE_FIELDS
from stoke_governor.la.packs.file_format import (
    AREA_FIGURES,
    FRAMEWORKS_DIR,
    KEY,
    MEASURES,
    MODULES_DIR,
    SCHOOL,
    SOURCES,
    TARGETS,
    PackError,
    open_pack,
    parse_json,
)
from stoke_governor.schools.register import SCHOOL_FIELDS
from stoke_governor.training.modules import ModuleFileError, parse_module

# Columns carried for each table (the pack's JSON keys); the first is the row's key.
TARGET_COLUMNS = (
    "id",
    "kind",
    "topic",
    "measure",
    "area",
    "value",
    "unit",
    "value_text",
    "year",
    "comparison",
    "document",
    "document_title",
    "seed_file",
    "section",
    "passage",
    "disagrees_with",
    "note",
)
MEASURE_COLUMNS = (
    "code",
    "level",
    "family",
    "label",
    "unit",
    "decimals",
    "higher_is_better",
    "phase",
    "la_comparator",
    "headline",
    "description",
    "dfe_description",
    "dfe_source",
)
SOURCE_COLUMNS = (
    "id",
    "file",
    "title",
    "publisher",
    "origin",
    "note",
    "sha256",
    "kind",
    "year",
    "release",
    "imported_at",
)
SCHOOL_COLUMNS = (*SCHOOL_FIELDS, "source_id")
FIGURE_COLUMNS = (*FIGURE_FIELDS, "source_id")
AREA_COLUMNS = ("code", "name", "kind")
AREA_FIGURE_COLUMNS = (*AREA_FIGURE_FIELDS, "source_id")
KEY_COLUMNS = ("urn", "key_id", "key_hex", "issued_at")
# The members that each hold one table's rows, in the order of their first column.
TABLE_MEMBERS = {
    TARGETS: ("city_targets", TARGET_COLUMNS),
    MEASURES: ("measures", MEASURE_COLUMNS),
    SOURCES: ("sources", SOURCE_COLUMNS),
}
MAX_ROWS = 100_000


class Change(NamedTuple):
    what: str  # "City targets", "Training modules", …
    detail: str  # "3 changed, 1 new"; "'Induction' 2026.1 → 2026.2"


class PackModule(NamedTuple):
    file: str
    id: str
    version: str
    title: str
    text: str


class PackFramework(NamedTuple):
    id: str
    version: str
    title: str
    text: str  # the framework's JSON, its rating scale written out


class PackKey(NamedTuple):
    urn: int
    key_id: str
    key_hex: str
    issued_at: str


class Pack(NamedTuple):
    file: str
    pack_id: str
    format_version: int
    made_at: str
    made_by: str
    for_urn: int
    school_name: str
    targets: tuple[dict, ...]
    measures: tuple[dict, ...]
    modules: tuple[PackModule, ...]
    frameworks: tuple[PackFramework, ...]
    sources: tuple[dict, ...]
    school: dict
    figures: tuple[dict, ...]
    areas: tuple[dict, ...]
    area_figures: tuple[dict, ...]
    key: PackKey | None
    signed_by: bytes  # the public key whose signature the pack carries (la.packs.trust)


# -- the school: reading a pack ---------------------------------------------------------
def read_pack(path: str | Path, data: bytes | None = None) -> Pack:
    """The pack, every member checked against its manifest and every row's shape checked.

    Raises PackError (or a subclass) with one plain sentence; nothing is written.
    """
    raw = open_pack(path, data)
    name, manifest, members = raw.name, raw.manifest, raw.members

    def member(key: str) -> object:
        if key not in members:
            raise PackError(f"{name} cannot be used: it has no '{key}'.")
        return parse_json(name, key, members[key])

    for_urn = manifest.get("for_urn")
    pack_id = manifest.get("pack_id")
    if not isinstance(for_urn, int) or isinstance(for_urn, bool):
        raise PackError(f"{name} cannot be used: its manifest does not say which school it is for.")
    try:
        pack_id = str(uuid.UUID(str(pack_id)))
    except ValueError:
        raise PackError(f"{name} cannot be used: its manifest has no pack id.") from None
    school_doc = _object(name, SCHOOL, member(SCHOOL))
    school = _check_rows(name, SCHOOL, [school_doc.get("school")], SCHOOL_COLUMNS)[0]
    if school["urn"] != for_urn:
        raise PackError(f"{name} cannot be used: its school data is not for URN {for_urn}.")
    area_doc = _object(name, AREA_FIGURES, member(AREA_FIGURES))
    return Pack(
        name,
        pack_id,
        manifest["format_version"],
        _text(manifest.get("made_at")),
        _text(manifest.get("made_by")),
        for_urn,
        _text(manifest.get("school")) or school["name"],
        _table(name, TARGETS, member(TARGETS)),
        _table(name, MEASURES, member(MEASURES)),
        _modules(name, members),
        _frameworks(name, members),
        _table(name, SOURCES, member(SOURCES)),
        school,
        tuple(_check_rows(name, SCHOOL, school_doc.get("figures"), FIGURE_COLUMNS)),
        tuple(_check_rows(name, AREA_FIGURES, area_doc.get("areas"), AREA_COLUMNS)),
        tuple(_check_rows(name, AREA_FIGURES, area_doc.get("figures"), AREA_FIGURE_COLUMNS)),
        _key(name, member(KEY) if KEY in members else None, for_urn),
        raw.public_key,
    )


def _text(value: object) -> str:
    return value[:200] if isinstance(value, str) else ""


def _object(name: str, member: str, data: object) -> dict:
    if not isinstance(data, dict):
        raise PackError(f"{name} cannot be used: '{member}' is not a JSON object.")
    return data


def _table(name: str, member: str, data: object) -> tuple[dict, ...]:
    rows = _object(name, member, data).get("rows")
    return tuple(_check_rows(name, member, rows, TABLE_MEMBERS[member][1]))


def _check_rows(name: str, member: str, rows: object, columns: tuple[str, ...]) -> list[dict]:
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise PackError(f"{name} cannot be used: '{member}' does not hold a list of rows.")
    allowed = set(columns)
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or set(row) - allowed or row.get(columns[0]) is None:
            raise PackError(
                f"{name} cannot be used: row {n} of '{member}' is not a row the app knows."
            )
        for key, value in row.items():
            if value is not None and not isinstance(value, str | int | float):
                raise PackError(
                    f"{name} cannot be used: row {n} of '{member}' has a value for '{key}' "
                    "that is not text or a number."
                )
    return [{c: row.get(c) for c in columns} for row in rows]


def _modules(name: str, members: dict[str, bytes]) -> tuple[PackModule, ...]:
    folder = resources_dir() / "modules"

    def parse(member: str, data: bytes) -> PackModule:
        file = member[len(MODULES_DIR) :]
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
        module = parse_module(file, text, folder)
        return PackModule(file, module.id, module.version, module.title, text)

    return _parsed(
        name, members, MODULES_DIR, parse, ModuleFileError, ("training module", "module")
    )


def _frameworks(name: str, members: dict[str, bytes]) -> tuple[PackFramework, ...]:
    from stoke_governor.core.errors import FrameworkError
    from stoke_governor.selfeval.frameworks import parse_framework

    def parse(member: str, data: bytes) -> PackFramework:
        text = data.decode("utf-8")
        fw = parse_framework(parse_json(name, member, data), member, {})
        return PackFramework(fw.id, fw.version, fw.title, text)

    return _parsed(name, members, FRAMEWORKS_DIR, parse, FrameworkError, ("framework", "framework"))


def _parsed(name: str, members: dict[str, bytes], folder: str, parse, error, kind) -> tuple:
    """Each member under `folder` as `parse` reads it; the pack is refused if one is not UTF-8
    text or raises `error`, or if two have the same id. `kind`: what it is, then for short."""
    out: list = []
    for member, data in members.items():
        if not member.startswith(folder):
            continue
        try:
            item = parse(member, data)
        except UnicodeDecodeError:
            raise PackError(f"{name} cannot be used: '{member}' is not UTF-8 text.") from None
        except error as exc:
            raise PackError(f"{name} cannot be used: the {kind[0]} {exc}") from None
        if any(o.id == item.id for o in out):
            raise PackError(f"{name} cannot be used: it holds {kind[1]} '{item.id}' twice.")
        out.append(item)
    return tuple(out)


def _key(name: str, data: object, for_urn: int) -> PackKey | None:
    if data is None:
        return None
    if isinstance(data, list):
        raise PackError(
            f"{name} cannot be used: it holds more than one signing key; a pack carries only "
            "its own school's key."
        )
    if not isinstance(data, dict) or set(data) != set(KEY_COLUMNS):
        raise PackError(f"{name} cannot be used: its signing key is not in the right form.")
    key = PackKey(*(data[c] for c in KEY_COLUMNS))
    if key.urn != for_urn:
        raise PackError(
            f"{name} cannot be used: it holds the signing key of another school (URN "
            f"{str(key.urn)[:12]}), not of URN {for_urn}."
        )
    if not (
        isinstance(key.key_id, str)
        and 0 < len(key.key_id) <= 64
        and isinstance(key.key_hex, str)
        and re.fullmatch(r"[0-9a-f]{64}", key.key_hex)
    ):
        raise PackError(f"{name} cannot be used: its signing key is not in the right form.")
    return key
