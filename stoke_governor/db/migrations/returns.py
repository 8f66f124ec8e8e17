"""m005–m008: the self-evaluation, the LA's returns and packs, the packs it made and its
choices between conflicting returns. Released: never edit one (the order is in `__init__`)."""

from __future__ import annotations

from sqlite_utils import Database

from stoke_governor.db.migrations.script import run_script


def m005_self_evaluation(db: Database) -> None:
    """The board's self-evaluation against a framework shipped as data (by id and version).

    One evaluation per board and year. `return_id` names the return file the LA receives
    for it; `revision` counts the exports whose content changed, and `exported_digest` is
    the digest of the content last exported (so an unchanged export reproduces the same
    payload, with the revision's own `revised_at`).
    """
    run_script(
        db,
        """
        CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            framework_id TEXT NOT NULL,
            framework_version TEXT NOT NULL,
            year TEXT NOT NULL,
            title TEXT NOT NULL,
            agreed_by TEXT,
            agreed_on TEXT,
            return_id TEXT NOT NULL UNIQUE,
            revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
            revised_at TEXT,
            exported_digest TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (urn, year)
        );
        CREATE TABLE evaluation_ratings (
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            rating INTEGER,
            evidence TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (evaluation_id, item_id)
        );
        CREATE TABLE evaluation_actions (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            action TEXT NOT NULL CHECK (length(trim(action)) > 0),
            owner TEXT,
            due_on TEXT,
            created_at TEXT NOT NULL
        );
        CREATE INDEX idx_evaluation_actions ON evaluation_actions (evaluation_id, item_id);
        CREATE TABLE evaluation_links (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('challenge', 'meeting', 'training', 'measure')),
            ref TEXT NOT NULL,
            label TEXT NOT NULL,
            UNIQUE (evaluation_id, item_id, kind, ref)
        );
        """,
    )


def m006_la_returns_and_packs(db: Database) -> None:
    """The LA's side of the file sync, and what a school keeps of it.

    LA: `la_keys` (the signing key issued to each school in its pack), `returns_received`
    (every return payload accepted, with its state; the original file is archived by its
    SHA-256 under `archived_as`), `return_import_log` (one row per file per import, whatever
    the outcome). School: `return_receipts` (the LA's receipts for the board's returns),
    `pack_imports` (packs applied) and `pack_resources` (training modules and frameworks
    that came in a pack, preferred over the shipped copies of an older version).
    """
    run_script(
        db,
        """
        CREATE TABLE la_keys (
            urn INTEGER PRIMARY KEY REFERENCES schools(urn),
            key_id TEXT NOT NULL UNIQUE,
            key_hex TEXT NOT NULL,
            issued_at TEXT NOT NULL
        );
        CREATE TABLE returns_received (
            id INTEGER PRIMARY KEY,
            return_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            urn INTEGER NOT NULL REFERENCES schools(urn),
            year TEXT,
            payload_digest TEXT NOT NULL,
            payload TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            archived_as TEXT NOT NULL,
            signed INTEGER NOT NULL DEFAULT 0,
            key_id TEXT,
            edited INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL CHECK (state IN ('current', 'superseded', 'conflict')),
            received_at TEXT NOT NULL,
            UNIQUE (return_id, revision, payload_digest)
        );
        CREATE INDEX idx_returns_received_urn ON returns_received (urn, state);
        CREATE TABLE return_import_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            file TEXT NOT NULL,
            file_sha256 TEXT,
            status TEXT NOT NULL CHECK (status IN
                ('imported', 'superseded', 'duplicate', 'stale', 'conflict', 'rejected')),
            reason TEXT,
            urn INTEGER,
            return_id TEXT,
            revision INTEGER,
            received_id INTEGER REFERENCES returns_received(id)
        );
        CREATE TABLE return_receipts (
            return_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            payload_digest TEXT NOT NULL,
            received_at TEXT NOT NULL,
            receipt_digest TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (return_id, revision)
        );
        CREATE TABLE pack_imports (
            pack_id TEXT PRIMARY KEY,
            format_version INTEGER NOT NULL,
            made_at TEXT NOT NULL,
            urn INTEGER,
            summary TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        CREATE TABLE pack_resources (
            kind TEXT NOT NULL CHECK (kind IN ('module', 'framework')),
            name TEXT NOT NULL,
            version TEXT NOT NULL,
            body TEXT NOT NULL,
            pack_id TEXT NOT NULL,
            PRIMARY KEY (kind, name)
        );
        """,
    )


def m007_pack_exports(db: Database) -> None:
    """LA: each pack made for a school (when, which file, which key it carried)."""
    run_script(
        db,
        """
        CREATE TABLE pack_exports (
            pack_id TEXT PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES schools(urn),
            made_at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            key_id TEXT
        );
        CREATE INDEX idx_pack_exports_urn ON pack_exports (urn, made_at);
        """,
    )


def m008_conflict_decisions(db: Database) -> None:
    """Who chose which of two conflicting returns, and when (the LA's audit trail)."""
    run_script(
        db,
        """
        CREATE TABLE conflict_decisions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            kept_id INTEGER NOT NULL REFERENCES returns_received(id),
            set_aside TEXT NOT NULL
        );
        """,
    )
