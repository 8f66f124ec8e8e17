"""The local store: one SQLite file, versioned by named forward migrations."""

from stoke_governor.db.opening import open_store
from stoke_governor.db.store import Store, bulk_change

__all__ = ["Store", "bulk_change", "open_store"]
