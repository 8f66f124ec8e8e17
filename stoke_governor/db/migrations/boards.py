"""m004: a school's board, its meetings, the challenge log and training. Released: never
edit it (the order is in `__init__`)."""

from __future__ import annotations

from sqlite_utils import Database

from stoke_governor.db.migrations.script import run_script


def m004_boards_meetings_challenge_training(db: Database) -> None:
    """A school's board: governors, committees, meetings, the challenge log, training.

    Every row belongs to one board (a school, by URN); deleting a board (the demo one)
    removes all of it. People are kept as governance needs them and no more: names,
    categories, roles, terms of office and training. Dates are ISO text (YYYY-MM-DD).
    """
    run_script(
        db,
        """
        CREATE TABLE boards (
            urn INTEGER PRIMARY KEY REFERENCES schools(urn),
            name TEXT NOT NULL,
            demo INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE board_places (
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            category TEXT NOT NULL,
            places INTEGER NOT NULL CHECK (places >= 0),
            PRIMARY KEY (urn, category)
        );
        CREATE TABLE governors (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            category TEXT NOT NULL,
            term_start TEXT,
            term_end TEXT,
            left_on TEXT,
            note TEXT,
            CHECK (term_start IS NULL OR term_end IS NULL OR term_end >= term_start)
        );
        CREATE INDEX idx_governors_board ON governors (urn);
        CREATE TABLE governor_roles (
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            PRIMARY KEY (governor_id, role)
        );
        CREATE TABLE committees (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            name TEXT NOT NULL,
            quorum INTEGER CHECK (quorum IS NULL OR quorum >= 3),
            UNIQUE (urn, name)
        );
        CREATE TABLE committee_members (
            committee_id INTEGER NOT NULL REFERENCES committees(id) ON DELETE CASCADE,
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            PRIMARY KEY (committee_id, governor_id)
        );
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            held_on TEXT NOT NULL,
            starts_at TEXT,
            committee_id INTEGER REFERENCES committees(id) ON DELETE SET NULL,
            title TEXT,
            location TEXT,
            clerk TEXT,
            in_attendance TEXT,
            notes TEXT
        );
        CREATE INDEX idx_meetings_board ON meetings (urn, held_on);
        CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            decisions TEXT,
            notes TEXT
        );
        CREATE INDEX idx_agenda_meeting ON agenda_items (meeting_id, position);
        CREATE TABLE attendance (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN
                ('present', 'apologies accepted', 'apologies not accepted', 'absent')),
            PRIMARY KEY (meeting_id, governor_id)
        );
        CREATE TABLE challenges (
            id INTEGER PRIMARY KEY,
            urn INTEGER NOT NULL REFERENCES boards(urn) ON DELETE CASCADE,
            meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
            agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
            asked_on TEXT NOT NULL,
            question TEXT NOT NULL CHECK (length(trim(question)) > 0),
            asked_by INTEGER REFERENCES governors(id) ON DELETE SET NULL,
            asked_by_name TEXT,
            priority TEXT,
            measure TEXT,
            snapshot TEXT,
            response TEXT,
            responder TEXT,
            board_view TEXT CHECK (board_view IS NULL OR board_view IN
                ('satisfied', 'partly satisfied', 'not satisfied')),
            action TEXT,
            action_owner TEXT,
            due_on TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                ('open', 'in progress', 'done', 'no action needed')),
            impact TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_challenges_board ON challenges (urn, asked_on);
        CREATE INDEX idx_challenges_meeting ON challenges (meeting_id);
        CREATE TABLE challenge_history (
            id INTEGER PRIMARY KEY,
            challenge_id INTEGER NOT NULL,
            changed_at TEXT NOT NULL,
            change TEXT NOT NULL CHECK (change IN ('created', 'edited', 'deleted', 'restored')),
            field TEXT,
            old TEXT,
            new TEXT
        );
        CREATE INDEX idx_challenge_history ON challenge_history (challenge_id, id);
        CREATE TABLE training_records (
            id INTEGER PRIMARY KEY,
            governor_id INTEGER NOT NULL REFERENCES governors(id) ON DELETE CASCADE,
            module_id TEXT,
            module_version TEXT,
            title TEXT NOT NULL,
            completed_on TEXT NOT NULL,
            provider TEXT,
            evidence TEXT,
            how TEXT NOT NULL CHECK (how IN ('knowledge check', 'recorded by clerk')),
            score INTEGER,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX idx_training_governor ON training_records (governor_id, module_id);
        """,
    )
