"""LA packs: the LA makes each school one file; the school previews it and applies it.

A pack carries the city targets, the measure catalogue, the LA's training modules and
frameworks, the figures the LA holds for that school (with their sources and the area
figures the dashboard compares them with) and the school's own signing key, issued by
`la.mode.issue_key`. A pack for one school never holds another school's key. Every pack is
signed with the LA's own key pair (`la.mode.la_pack_key`). The file format
and its checks are in `la.packs.file_format`, reading a pack in `la.packs.members`, previewing
and applying it in `la.packs.apply`; this module makes them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from stoke_governor import __version__
from stoke_governor.core.errors import BadInputFileError, StokeGovernorError
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.versions import version_key
from stoke_governor.db.store import Store
from stoke_governor.files.canonical import canonical
from stoke_governor.files.reading import read_limited
from stoke_governor.la.packs.file_format import (
    AREA_FIGURES,
    FRAMEWORKS_DIR,
    KEY,
    MODULES_DIR,
    SCHOOL,
    SUFFIX,
    write_pack,
)
from stoke_governor.la.packs.members import (
    AREA_COLUMNS,
    AREA_FIGURE_COLUMNS,
    FIGURE_COLUMNS,
    KEY_COLUMNS,
    SCHOOL_COLUMNS,
    TABLE_MEMBERS,
)
from stoke_governor.selfeval.frameworks import (
    FRAMEWORK_FORMAT,
    SCALES_FILE,
    frameworks_dir,
)
from stoke_governor.selfeval.frameworks import MAX_FILE_BYTES as MAX_FRAMEWORK_BYTES
from stoke_governor.training.modules import MAX_MODULE_BYTES, parse_module


# -- the LA: making packs ---------------------------------------------------------------
def pack_file_name(urn: int, school_name: str, day: dt.date) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", school_name).strip("-")[:60] or "school"
    return f"{urn}_{slug}_LA-pack_{day.isoformat()}{SUFFIX}"


def export_packs(
    store: Store,
    folder: str | Path,
    urns: list[int] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: dt.datetime | None = None,
) -> list[Path]:
    """One pack per open city school (or per URN given), written atomically in `folder`.

    LA databases only. Issues each school's key the first time, and makes the LA's own key
    pair the first time any pack is made; every pack is signed with it. Returns the files
    written.
    """
    from stoke_governor.la.mode import issue_key, la_pack_key, require_la
    from stoke_governor.schools.register import get_school

    require_la(store)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StokeGovernorError(
            f"Cannot make the folder {folder}: {exc.strerror or exc}."
        ) from exc
    if urns is None:
        rows = store.query("SELECT urn FROM schools WHERE status != 'closed' ORDER BY name, urn")
        urns = [r[0] for r in rows]
    schools = [get_school(store, int(urn)) for urn in urns]  # UnknownSchoolError first
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    shared = _shared_members(store)
    made_by = _made_by(store)
    signing = la_pack_key(store)
    written: list[Path] = []
    for done, school in enumerate(schools):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(done, len(schools), school.name)
        key = issue_key(store, school.urn, now=moment)
        members = dict(shared)
        members[SCHOOL] = _json(
            {
                "school": _row(store, "schools", SCHOOL_COLUMNS, "urn", school.urn),
                "figures": _figures(store, school.urn),
            }
        )
        members[KEY] = _json(dict(zip(KEY_COLUMNS, key, strict=True)))
        pack_id = str(uuid.uuid4())
        made_at = moment.isoformat(timespec="seconds")
        header = {
            "pack_id": pack_id,
            "made_at": made_at,
            "made_by": made_by,
            "for_urn": school.urn,
            "school": school.name,
            "app_version": __version__,
        }
        path = folder / pack_file_name(school.urn, school.name, moment.date())
        write_pack(path, header, members, signing.private_key, signing.public_key)
        with store.transaction():
            store.execute(
                "INSERT INTO pack_exports (pack_id, urn, made_at, file_name, key_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (pack_id, school.urn, made_at, path.name, key.key_id),
            )
        written.append(path)
    if progress is not None and written:
        progress(len(written), len(schools), "")
    return written


class PackMade(NamedTuple):
    urn: int
    name: str
    key_id: str | None
    key_issued_at: str | None
    last_made_at: str | None
    last_file: str | None
    packs_made: int


def packs_made(store: Store) -> list[PackMade]:
    """LA: every open city school with its key (if issued) and its last pack."""
    rows = store.query(
        "SELECT s.urn, s.name, k.key_id, k.issued_at, "
        "(SELECT made_at FROM pack_exports p WHERE p.urn = s.urn ORDER BY made_at DESC, "
        " rowid DESC LIMIT 1), "
        "(SELECT file_name FROM pack_exports p WHERE p.urn = s.urn ORDER BY made_at DESC, "
        " rowid DESC LIMIT 1), "
        "(SELECT count(*) FROM pack_exports p WHERE p.urn = s.urn) "
        "FROM schools s LEFT JOIN la_keys k ON k.urn = s.urn "
        "WHERE s.status != 'closed' ORDER BY s.name, s.urn"
    )
    return [PackMade(*r) for r in rows]


def _json(obj: object) -> bytes:
    return canonical(obj)


def _made_by(store: Store) -> str:
    row = store.query_one("SELECT name FROM areas WHERE kind = 'la' LIMIT 1")
    la = row[0] if row else "The local authority"
    return f"{la} Governor Services"


def _rows(
    store: Store, table: str, columns: tuple[str, ...], where: str = "", params: tuple = ()
) -> list[dict]:
    sql = f"SELECT {', '.join(columns)} FROM {table} {where}"
    return [dict(zip(columns, r, strict=True)) for r in store.query(sql, params)]


def _row(store: Store, table: str, columns: tuple[str, ...], key: str, value) -> dict:
    return _rows(store, table, columns, f"WHERE {key} = ?", (value,))[0]


def _figures(store: Store, urn: int) -> list[dict]:
    return _rows(store, "school_figures", FIGURE_COLUMNS, "WHERE urn = ? ORDER BY id", (urn,))


def _shared_members(store: Store) -> dict[str, bytes]:
    """What every school's pack holds alike (made once per export)."""
    members = {
        member: _json({"rows": _rows(store, table, columns, f"ORDER BY {columns[0]}")})
        for member, (table, columns) in TABLE_MEMBERS.items()
    }
    members[AREA_FIGURES] = _json(
        {
            "areas": _rows(store, "areas", AREA_COLUMNS, "ORDER BY code"),
            "figures": _rows(store, "area_figures", AREA_FIGURE_COLUMNS, "ORDER BY id"),
        }
    )
    for file, text in _module_texts(store).items():
        members[MODULES_DIR + file] = text.encode("utf-8")
    for fw_id, (version, text) in _framework_texts(store).items():
        members[f"{FRAMEWORKS_DIR}{fw_id}-{version}.json"] = text.encode("utf-8")
    return members


def _module_texts(store: Store) -> dict[str, str]:
    """The LA's modules: the shipped files, each replaced by a newer one the LA holds."""
    folder = resources_dir() / "modules"
    texts: dict[str, tuple[str, str, str]] = {}  # id -> (file, version, text)
    for path in sorted(folder.glob("*.md")):
        if path.name.upper() == "README.MD":
            continue
        try:
            data = read_limited(path, MAX_MODULE_BYTES, "training module")
            text = data.decode("utf-8-sig").replace("\r\n", "\n")
            module = parse_module(path.name, text, folder)
        except (OSError, UnicodeDecodeError, BadInputFileError):
            continue  # the Training page reports a broken shipped file
        texts[module.id] = (path.name, module.version, text)
    for name, version, body in store.query(
        "SELECT name, version, body FROM pack_resources WHERE kind = 'module'"
    ):
        held = texts.get(name)
        if held is None or version_key(version) > version_key(held[1]):
            texts[name] = (held[0] if held else f"{name}.md", version, body)
    return {file: text for file, _, text in texts.values()}


def _framework_texts(store: Store) -> dict[str, tuple[str, str]]:
    """The latest version of each framework the LA holds, its scale written out."""
    folder = frameworks_dir()
    scales: dict[str, dict] = {}
    try:
        scales_file = read_limited(folder / SCALES_FILE, MAX_FRAMEWORK_BYTES, "framework")
        for raw in json.loads(scales_file.decode("utf-8"))["scales"]:
            scales[raw["id"]] = raw
    except (OSError, ValueError, KeyError, TypeError, BadInputFileError):
        pass
    found: dict[str, tuple[str, str]] = {}

    def consider(data: dict) -> None:
        if not isinstance(data, dict) or data.get("format") != FRAMEWORK_FORMAT:
            return
        if isinstance(data.get("scale"), str) and data["scale"] in scales:
            data = {**data, "scale": scales[data["scale"]]}
        fw_id, version = str(data.get("id")), str(data.get("version"))
        held = found.get(fw_id)
        if held is None or version_key(version) > version_key(held[0]):
            found[fw_id] = (version, json.dumps(data, indent=1, ensure_ascii=False))

    for path in sorted(folder.glob("*.json")):
        try:
            consider(json.loads(read_limited(path, MAX_FRAMEWORK_BYTES, "framework").decode()))
        except (OSError, ValueError, BadInputFileError):
            continue
    for (body,) in store.query("SELECT body FROM pack_resources WHERE kind = 'framework'"):
        try:
            consider(json.loads(body))
        except ValueError:
            continue
    return found


def write_published_key(store: Store, path: str | Path) -> Path:
    """LA: the file holding its public key, to put in `resources/` (as la-public-key.txt) of
    the app it hands out, so that app trusts the LA's packs from the start."""
    from stoke_governor.files.workbooks import atomic_output
    from stoke_governor.la.mode import la_pack_key
    from stoke_governor.la.packs.trust import published_key_text

    text = published_key_text(la_pack_key(store).public_key)
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)
