"""LA packs: the LA makes one per school; the school reads and applies it."""
