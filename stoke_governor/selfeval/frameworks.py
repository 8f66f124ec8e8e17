"""Self-evaluation frameworks, shipped as versioned data in `resources/frameworks/`.

A framework file (JSON) has an id and a version, a rating scale (named, from `scales.json`,
or written out in the file), sections and the items a board rates itself on. A file that is
malformed, too large, repeats an id or names an unknown scale is rejected with the reason;
the other files still load. `mappings.json` pairs items across frameworks, so one
evaluation can be read against another framework.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

from stoke_governor.core.errors import BadInputFileError, FrameworkError
from stoke_governor.core.paths import resources_dir
from stoke_governor.core.versions import version_key
from stoke_governor.files.reading import read_limited

FRAMEWORK_FORMAT = "stoke-governor-framework"
SCALES_FILE = "scales.json"
MAPPINGS_FILE = "mappings.json"
MAX_FILE_BYTES = 1024**2  # a framework is tens of kilobytes; a megabyte is plenty
MAX_ITEMS = 500
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ScaleValue(NamedTuple):
    value: int
    label: str
    description: str


class Scale(NamedTuple):
    id: str
    values: tuple[ScaleValue, ...]

    def label(self, value: int | None) -> str:
        for v in self.values:
            if v.value == value:
                return v.label
        return "Not rated"

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(v.value for v in self.values)


class Section(NamedTuple):
    id: str
    title: str
    description: str


class Item(NamedTuple):
    id: str
    section: str
    text: str
    guidance: str


class Framework(NamedTuple):
    id: str
    version: str
    title: str
    short_title: str
    source: str
    licence: str
    scale: Scale
    sections: tuple[Section, ...]
    items: tuple[Item, ...]

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.version)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def items_in(self, section_id: str) -> list[Item]:
        return [i for i in self.items if i.section == section_id]


class Rejected(NamedTuple):
    file: str
    reason: str


class Catalogue(NamedTuple):
    frameworks: tuple[Framework, ...]
    rejected: tuple[Rejected, ...]
    mappings: tuple[tuple[str, str, str, str], ...]  # from framework, item, to framework, item

    def get(self, framework_id: str, version: str | None = None) -> Framework | None:
        """The framework of that version; without a version, the latest held."""
        found = [f for f in self.frameworks if f.id == framework_id]
        if version is not None:
            found = [f for f in found if f.version == version]
        return max(found, key=lambda f: version_key(f.version), default=None)

    @property
    def default(self) -> Framework | None:
        return self.get(DEFAULT_FRAMEWORK) or (self.frameworks[0] if self.frameworks else None)

    def mapped(self, from_id: str, to_id: str) -> dict[str, str]:
        """Items of one framework paired with the items of another, either way round."""
        pairs = {}
        for fa, ia, fb, ib in self.mappings:
            if (fa, fb) == (from_id, to_id):
                pairs[ia] = ib
            elif (fb, fa) == (from_id, to_id):
                pairs[ib] = ia
        return pairs


DEFAULT_FRAMEWORK = "dfe-effective-governance"


def frameworks_dir() -> Path:
    return resources_dir() / "frameworks"


_CACHE: dict[tuple[str, ...], Catalogue] = {}


def shipped_frameworks(store=None) -> Catalogue:
    """The frameworks shipped with the app (read once per process); given a store, also
    those an LA pack brought (table `pack_resources`), so a newer version is the latest."""
    key = (str(frameworks_dir()),)
    if key not in _CACHE:
        _CACHE[key] = load_frameworks(frameworks_dir())
    return _CACHE[key] if store is None else with_pack_frameworks(_CACHE[key], store)


def with_pack_frameworks(catalogue: Catalogue, store) -> Catalogue:
    """The catalogue with each framework version held in `pack_resources` added to it."""
    frameworks, rejected = list(catalogue.frameworks), list(catalogue.rejected)
    rows = store.query("SELECT name, version, body FROM pack_resources WHERE kind = 'framework'")
    for name, version, body in rows:
        where = f"{name} {version} (from an LA pack)"
        try:
            fw = parse_framework(json.loads(body), where, {})
        except (FrameworkError, ValueError, RecursionError) as exc:
            rejected.append(Rejected(where, str(exc)))
            continue
        if not any(f.key == fw.key for f in frameworks):
            frameworks.append(fw)
    return catalogue._replace(frameworks=tuple(frameworks), rejected=tuple(rejected))


def load_frameworks(*folders: Path) -> Catalogue:
    """Every framework file in the folders; each bad file rejected on its own, with why."""
    frameworks: list[Framework] = []
    rejected: list[Rejected] = []
    scales: dict[str, Scale] = {}
    mappings: list[tuple[str, str, str, str]] = []
    for folder in folders:
        path = folder / SCALES_FILE
        if path.exists():  # a pipe or a device by that name is reported, not passed over
            try:
                for raw in _expect(_read_json(path), "scales", list, path.name):
                    scale = _scale(raw, path.name)
                    scales[scale.id] = scale
            except FrameworkError as exc:
                rejected.append(Rejected(path.name, str(exc)))
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            if path.name in (SCALES_FILE, MAPPINGS_FILE):
                continue
            try:
                fw = parse_framework(_read_json(path), path.name, scales)
                if any(f.key == fw.key for f in frameworks):
                    raise FrameworkError(
                        f"{path.name}: framework {fw.id} version {fw.version} is already "
                        "loaded from another file."
                    )
                frameworks.append(fw)
            except FrameworkError as exc:
                rejected.append(Rejected(path.name, str(exc)))
    for folder in folders:
        path = folder / MAPPINGS_FILE
        if path.exists():
            try:
                mappings.extend(_mappings(_read_json(path), path.name, frameworks))
            except FrameworkError as exc:
                rejected.append(Rejected(path.name, str(exc)))
    return Catalogue(tuple(frameworks), tuple(rejected), tuple(mappings))


def _read_json(path: Path) -> object:
    try:  # a regular file (after links), never more than the limit: the one reader
        return json.loads(read_limited(path, MAX_FILE_BYTES, "framework").decode("utf-8"))
    except BadInputFileError as exc:
        raise FrameworkError(str(exc)) from None
    except OSError as exc:
        raise FrameworkError(f"{path.name} cannot be read: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise FrameworkError(f"{path.name} is not UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise FrameworkError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise FrameworkError(f"{path.name} is nested too deeply to be a framework.") from None


def _expect(data: object, key: str, kind: type, where: str):
    if not isinstance(data, dict):
        raise FrameworkError(f"{where}: expected a JSON object.")
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        what = {list: "a list", dict: "an object", str: "text", int: "a whole number"}[kind]
        raise FrameworkError(f"{where}: '{key}' is missing or is not {what}.")
    if isinstance(value, str) and not value.strip():
        raise FrameworkError(f"{where}: '{key}' is empty.")
    return value


def _id(data: object, key: str, where: str) -> str:
    value = _expect(data, key, str, where)
    if not _ID.fullmatch(value):
        raise FrameworkError(
            f"{where}: '{key}' “{value[:40]}” is not an id (letters, digits, '.', '_' or '-')."
        )
    return value


def _scale(raw: object, where: str) -> Scale:
    scale_id = _id(raw, "id", where)
    values = []
    for i, v in enumerate(_expect(raw, "values", list, f"{where}, scale {scale_id}")):
        at = f"{where}, scale {scale_id}, value {i + 1}"
        values.append(
            ScaleValue(
                _expect(v, "value", int, at),
                _expect(v, "label", str, at).strip(),
                str(v.get("description") or "").strip(),
            )
        )
    numbers = [v.value for v in values]
    if len(values) < 2 or len(set(numbers)) != len(numbers):
        raise FrameworkError(
            f"{where}: scale {scale_id} needs at least two values, each a different number."
        )
    return Scale(scale_id, tuple(sorted(values)))


def parse_framework(data: object, where: str, scales: dict[str, Scale]) -> Framework:
    """A framework from its JSON; FrameworkError naming the file and field if it is not one."""
    if not isinstance(data, dict) or data.get("format") != FRAMEWORK_FORMAT:
        raise FrameworkError(f"{where} is not a self-evaluation framework file.")
    if data.get("format_version") != 1:
        raise FrameworkError(
            f"{where} is framework format version {data.get('format_version')!r}; this app "
            "reads version 1."
        )
    fw_id = _id(data, "id", where)
    version = _id(data, "version", where)
    raw_scale = data.get("scale")
    if isinstance(raw_scale, str):
        if raw_scale not in scales:
            raise FrameworkError(f"{where}: the rating scale “{raw_scale[:40]}” is not known.")
        scale = scales[raw_scale]
    else:
        scale = _scale(raw_scale, where)
    sections = []
    for raw in _expect(data, "sections", list, where):
        sections.append(
            Section(
                _id(raw, "id", f"{where}, a section"),
                _expect(raw, "title", str, f"{where}, a section").strip(),
                str(raw.get("description") or "").strip(),
            )
        )
    _unique([s.id for s in sections], "section", where)
    section_ids = {s.id for s in sections}
    items = []
    raw_items = _expect(data, "items", list, where)
    if not raw_items or len(raw_items) > MAX_ITEMS:
        raise FrameworkError(f"{where}: a framework has between 1 and {MAX_ITEMS} items.")
    for raw in raw_items:
        item_id = _id(raw, "id", f"{where}, an item")
        at = f"{where}, item {item_id}"
        section = _id(raw, "section", at)
        if section not in section_ids:
            raise FrameworkError(f"{at}: the section “{section}” is not one of the file's.")
        items.append(
            Item(
                item_id,
                section,
                _expect(raw, "text", str, at).strip(),
                str(raw.get("guidance") or "").strip(),
            )
        )
    _unique([i.id for i in items], "item", where)
    return Framework(
        fw_id,
        version,
        _expect(data, "title", str, where).strip(),
        str(data.get("short_title") or data["title"]).strip(),
        str(data.get("source") or "").strip(),
        str(data.get("licence") or "").strip(),
        scale,
        tuple(sections),
        tuple(items),
    )


def _unique(ids: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise FrameworkError(f"{where}: the {what} id “{i}” is used twice.")
        seen.add(i)


def _mappings(data: object, where: str, frameworks: list[Framework]):
    items = {(f.id, i.id) for f in frameworks for i in f.items}
    out = []
    for n, raw in enumerate(_expect(data, "mappings", list, where), start=1):
        at = f"{where}, mapping {n}"
        a, b = _expect(raw, "from", dict, at), _expect(raw, "to", dict, at)
        pair = (
            _id(a, "framework", at),
            _id(a, "item", at),
            _id(b, "framework", at),
            _id(b, "item", at),
        )
        for fw, item in (pair[:2], pair[2:]):
            if (fw, item) not in items:
                raise FrameworkError(f"{at}: item {item} of framework {fw} is not held.")
        out.append(pair)
    return out
