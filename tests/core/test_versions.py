"""Versions of frameworks and modules sort as people read them, not as text."""

from stoke_governor.core.versions import version_key


def test_versions_sort_part_by_part_numbers_before_words():
    versions = ["2026.10", "2026.9", "2025.12", "2026.9-draft", "2026.9.1"]
    assert sorted(versions, key=version_key) == [
        "2025.12",
        "2026.9",
        "2026.9.1",
        "2026.9-draft",
        "2026.10",
    ]
