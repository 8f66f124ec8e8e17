"""Failures a caller can act on, one class each. Messages are one plain sentence.

Every error the app raises for the user sits under StokeGovernorError, whose message is
shown as it is; a family is caught as a whole, a leaf when the caller acts on that case.
Families live here; a capability's own leaves sit beside it (its module in parentheses):

    StokeGovernorError
    ├── StoreError: NotSQLiteError, SchemaTooNewError, ReadOnlyStoreError,
    │               DiskFullError, DamagedDatabaseError
    ├── UnknownSchoolError, NoSchoolSelectedError, LAModeError
    ├── BadInputFileError (an input file, named in the message)
    │   ├── ReturnError: NotAReturnError, UnsupportedReturnVersionError,
    │   │                ReturnDigestError, ReturnSignatureError
    │   ├── PackError (la.packs.file_format): UnsupportedPackVersionError, PackDigestError,
    │   │   │            UnsignedPackError, PackSignatureError,
    │   │   │            PackNotForThisSchoolError (la.packs.apply)
    │   │   └── PackKeyError (la.packs.trust): UntrustedPackKeyError, DifferentPackKeyError
    │   ├── BadSignatureError (la.packs.signature): SignatureMismatchError
    │   ├── PublishedKeyError (la.packs.trust: the LA's key file shipped with the app)
    │   ├── ReceiptError (la.receipts)
    │   ├── ModuleFileError (training.modules)
│   ├── RuleFileError (la.category_rule: the categorisation rule shipped with the app)
    │   ├── BinaryDataError (files.text: a "text" file holding binary data)
    │   ├── NotARegularFileError, FileTooLargeError (files.reading)
    │   └── UnreadablePdf (ui.common.pdf_render)
    ├── MeetingError, BoardError, TrainingError, FrameworkError, SelfEvaluationError
    ├── ChallengeError
    │   ├── CellError (challenges.mapping: one cell of an imported challenge log)
    │   └── UnknownColumnError (challenges.headings: a field or heading named wrongly)
    ├── ExportCancelled (reports.common)
    └── UsageError (cli.common: a command given the wrong arguments)

Never subclass ValueError or Exception directly: tests/test_errors.py checks the tree.
"""


class StokeGovernorError(Exception):
    """Base class: the message is shown to the user as it is."""


class StoreError(StokeGovernorError):
    """The database file cannot be used (not SQLite, too new, read-only, missing)."""


class NotSQLiteError(StoreError):
    pass


class SchemaTooNewError(StoreError):
    pass


class ReadOnlyStoreError(StoreError):
    pass


class DiskFullError(StoreError):
    """Not enough free space for a backup or a change; the message says how much, and where.
    Nothing was written: a failed backup leaves no file and the store is as it was."""


class DamagedDatabaseError(StoreError):
    """The file failed SQLite's check: nothing is written to it and no backup is made of it.
    `path` is the file, `found` what the check found."""

    def __init__(self, message: str, path: object = None, found: str = ""):
        super().__init__(message)
        self.path = path
        self.found = found


class UnknownSchoolError(StokeGovernorError):
    """A URN that is not one of the schools held."""


class NoSchoolSelectedError(StokeGovernorError):
    """A school board installation that has not chosen its school yet."""


class BadInputFileError(StokeGovernorError):
    """An input file is unreadable or malformed; the message names the file and why."""


class MeetingError(StokeGovernorError):
    """A meeting, its agenda or its attendance cannot be saved as given; the message says why."""


class BoardError(StokeGovernorError):
    """A governor, committee or board setting that cannot be kept as given."""


class ChallengeError(StokeGovernorError):
    """A challenge entry that cannot be kept as given; the message names the field."""


class TrainingError(StokeGovernorError):
    """A training completion that cannot be recorded (future date, unknown module version…)."""


class FrameworkError(StokeGovernorError):
    """A self-evaluation framework file that cannot be used; the message names it and why."""


class SelfEvaluationError(StokeGovernorError):
    """A rating, evidence, action or link that cannot be kept as given; or a framework gone."""


class ReturnError(BadInputFileError):
    """A return file that cannot be trusted or read; subclasses say which check failed."""


class NotAReturnError(ReturnError):
    pass


class UnsupportedReturnVersionError(ReturnError):
    pass


class ReturnDigestError(ReturnError):
    """The payload does not match its digest: it was changed outside the app."""


class ReturnSignatureError(ReturnError):
    """The signature is missing where the LA issued a key, or does not verify."""


class LAModeError(StokeGovernorError):
    """An LA action on a school's database, or the LA mode asked of a board's database."""
