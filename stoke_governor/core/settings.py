"""Every setting the app keeps, declared once: its key, type, default, store and meaning.

Two stores, chosen by whom the value belongs to:

- DATABASE: the `settings` table of the database file (read with `store.setting(key)`,
  written with `store.set_settings(...)`). What belongs to a board's (or the LA's) data
  goes here, so it travels with the file, is in its backups and is the same for whoever
  opens it: which school or LA the database is for, what was seeded, the LA's signing
  key, what a challenge import remembered.
- QSETTINGS: the UI's INI file (`paths.settings_file()`, opened by
  `ui.common.user_settings.app_settings`). What belongs to one user on one computer goes
  here: where each window was, the recent files, the folder each kind of file dialog last
  used (a folder on one computer means nothing to another opening the same database;
  earlier versions kept the folders in the database, and they are carried over once).
  Only the UI reads and writes it.

A key holding `{name}` parts is a family of keys; `Setting.name(...)` fills them in. The
key strings are what existing databases and INI files hold: never change one.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

Where = Literal["database", "qsettings"]  # which store holds a setting
DATABASE: Final = "database"
QSETTINGS: Final = "qsettings"


class Setting(NamedTuple):
    """One setting (a NamedTuple, not a dataclass: every start reads settings, and
    dataclasses costs a millisecond to import)."""

    key: str  # as stored; "{part}" marks a part filled in by name()
    type: type
    default: object
    store: Where
    meaning: str

    def name(self, **parts: object) -> str:
        """The stored key with its `{part}`s filled in (a key without parts as it is)."""
        return self.key.format(**parts)


# -- the database ----------------------------------------------------------------------
MODE = Setting("mode", str, None, DATABASE, "'school' for a board's database, 'la' for the LA's")
SCHOOL_URN = Setting("school_urn", str, None, DATABASE, "the URN of the school this board governs")
SEEDED_WITH = Setting(
    "seeded_with", str, None, DATABASE, "the app version that seeded the database (set once)"
)
REFERENCE_DATA = Setting(
    "reference_data", str, None, DATABASE, "fingerprint of the shipped catalogue and targets held"
)
SEEDED_FROM = Setting(
    "seeded_from", str, None, DATABASE, "checksum of the shipped CSVs a prebuilt database holds"
)
DEMO_BOARD = Setting(
    "demo_board", str, None, DATABASE, "'built' or 'declined' once the demo board was handled"
)
LA_RETURN_KEY = Setting(
    "la_return_key", str, None, DATABASE, "the key (hex) that signs returns; from an LA pack"
)
LA_RETURN_KEY_ID = Setting(
    "la_return_key_id", str, None, DATABASE, "the id of that key, named in each return"
)
LA_PACK_SIGNING_KEY = Setting(
    "la_pack_signing_key",
    str,
    None,
    DATABASE,
    "the LA's: the private key (Ed25519, hex) that signs its packs; made when first needed",
)
LA_PACK_TRUSTED_KEY = Setting(
    "la_pack_trusted_key", str, None, DATABASE, "a board's: the LA's public key (hex) for packs"
)
LA_PACK_TRUSTED_AT = Setting(
    "la_pack_trusted_at", str, None, DATABASE, "when the board came to trust that key"
)
CHALLENGE_MAPPING = Setting(
    "challenge_import.mapping.{headings}",
    str,
    None,
    DATABASE,
    "JSON {field: heading} confirmed for a challenge log's headings (by their digest)",
)
CHALLENGE_FILE = Setting(
    "challenge_import.file.{urn}.{digest}",
    str,
    None,
    DATABASE,
    "JSON of what a challenge log file (by its SHA-256) brought in for a board",
)
EXPORT_FOLDER = Setting(
    "export_folder", str, None, QSETTINGS, "the folder last exported to (else the home folder)"
)
RETURNS_FOLDER = Setting(
    "returns_folder", str, None, QSETTINGS, "the folder returns were last opened from (else home)"
)

# -- the UI's INI file -----------------------------------------------------------------
WINDOW_GEOMETRY = Setting(
    "windows/{window}/geometry", bytes, None, QSETTINGS, "a window's size and place ('main', 'la')"
)
WINDOW_STATE = Setting(
    "windows/{window}/state", bytes, None, QSETTINGS, "a window's docks and toolbars"
)
RECENT_FILES = Setting(
    "recent",
    list,
    (),
    QSETTINGS,
    "the files opened, newest first: an array of entries, each a 'path' and a 'kind'",
)

SETTINGS: tuple[Setting, ...] = (
    MODE,
    SCHOOL_URN,
    SEEDED_WITH,
    REFERENCE_DATA,
    SEEDED_FROM,
    DEMO_BOARD,
    LA_RETURN_KEY,
    LA_RETURN_KEY_ID,
    LA_PACK_SIGNING_KEY,
    LA_PACK_TRUSTED_KEY,
    LA_PACK_TRUSTED_AT,
    CHALLENGE_MAPPING,
    CHALLENGE_FILE,
    EXPORT_FOLDER,
    RETURNS_FOLDER,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    RECENT_FILES,
)
