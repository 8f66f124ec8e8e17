"""Reading an LA pack: its members parsed into a `Pack`, each checked against its schema.

`la.packs.file_format.open_pack` has already checked the zip and each member's digest; this
checks the manifest and each JSON member against its schema in `resources/schemas/` (rows
with only known columns, values of the right type, no NaN, dates real and not in the
future: `files/schemas.py`), then what a schema cannot say (the school data and the key are
for the manifest's school; modules and frameworks parse as the shipped ones do), and turns
them into tables, modules, frameworks and the school's key. Anything out of shape refuses
the pack with one plain sentence.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.paths import resources_dir
from stoke_governor.data.store_figures import AREA_FIGURE_FIELDS, FIGURE_FIELDS
from stoke_governor.files.schemas import InputFile, check, load
from stoke_governor.la.packs.file_format import (
    AREA_FIGURES,
    FRAMEWORKS_DIR,
    KEY,
    MANIFEST,
    MEASURES,
    MODULES_DIR,
    SCHOOL,
    SOURCES,
    TARGETS,
    PackError,
    open_pack,
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
# Each JSON member's schema, in resources/schemas/ (docs/pack-format.md lists the rules).
SCHEMAS = {
    TARGETS: "pack-city-targets",
    MEASURES: "pack-measures",
    SOURCES: "pack-sources",
    SCHOOL: "pack-school",
    AREA_FIGURES: "pack-area-figures",
    KEY: "pack-school-key",
}


def read_pack(path: str | Path, data: bytes | None = None) -> Pack:
    """The pack, every member checked against its manifest and against its schema.

    Raises PackError (or a subclass) with one plain sentence; nothing is written.
    """
    raw = open_pack(path, data)
    name, manifest, members = raw.name, raw.manifest, raw.members
    check(manifest, "pack-manifest", _file(name, MANIFEST))

    def member(key: str) -> dict:
        if key not in members:
            raise PackError(f"{name} cannot be used: it has no '{key}'.")
        if key == KEY:
            _one_key(name, members[key])
        return load(members[key], SCHEMAS[key], _file(name, key))

    for_urn = manifest["for_urn"]
    school_doc = member(SCHOOL)
    school = _rows([school_doc["school"]], SCHOOL_COLUMNS)[0]
    if school["urn"] != for_urn:
        raise PackError(f"{name} cannot be used: its school data is not for URN {for_urn}.")
    area_doc = member(AREA_FIGURES)
    return Pack(
        name,
        str(uuid.UUID(manifest["pack_id"])),
        manifest["format_version"],
        manifest["made_at"],
        manifest.get("made_by") or "",
        for_urn,
        manifest.get("school") or school["name"],
        _rows(member(TARGETS)["rows"], TARGET_COLUMNS),
        _rows(member(MEASURES)["rows"], MEASURE_COLUMNS),
        _modules(name, members),
        _frameworks(name, members),
        _rows(member(SOURCES)["rows"], SOURCE_COLUMNS),
        school,
        _rows(school_doc["figures"], FIGURE_COLUMNS),
        _rows(area_doc["areas"], AREA_COLUMNS),
        _rows(area_doc["figures"], AREA_FIGURE_COLUMNS),
        _key(name, member(KEY) if KEY in members else None, for_urn),
        raw.public_key,
    )


def _file(pack: str, member: str) -> InputFile:
    return InputFile(pack, "cannot be used", PackError, "a pack", f"'{member}'", f"in '{member}', ")


def _rows(rows: list[dict], columns: tuple[str, ...]) -> tuple[dict, ...]:
    """Rows as the schema let them through, every column present (None where not given)."""
    return tuple({c: row.get(c) for c in columns} for row in rows)


def _modules(name: str, members: dict[str, bytes]) -> tuple[PackModule, ...]:
    folder = resources_dir() / "modules"

    def parse(member: str, data: bytes) -> PackModule:
        file = member[len(MODULES_DIR) :]
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
        check(text, None, _file(name, member))  # no NUL: the text is stored as it is
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
        fw = parse_framework(load(data, "framework", _file(name, member)), member, {})
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


def _one_key(name: str, data: bytes) -> None:
    """Before its schema: a list of keys is refused for what it is."""
    if data.lstrip().startswith(b"["):
        raise PackError(
            f"{name} cannot be used: it holds more than one signing key; a pack carries only "
            "its own school's key."
        )


def _key(name: str, data: dict | None, for_urn: int) -> PackKey | None:
    if data is None:
        return None
    key = PackKey(*(data[c] for c in KEY_COLUMNS))
    if key.urn != for_urn:
        raise PackError(
            f"{name} cannot be used: it holds the signing key of another school (URN "
            f"{key.urn}), not of URN {for_urn}."
        )
    return key
