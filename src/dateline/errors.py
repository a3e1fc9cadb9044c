"""The errors dateline raises, converted to one line and an exit code at the edges.

    DatelineError            anything dateline reports to a user
    ├── InputError           a file or record that cannot be read (names the file and line)
    └── StoreError           the database cannot be opened or is of an unknown schema
"""
from __future__ import annotations


class DatelineError(Exception):
    """Base of every error dateline reports to a user."""


class InputError(DatelineError):
    """An input that cannot be read: the message names the file (and line or item)."""

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.reason = message


class StoreError(DatelineError):
    """The database cannot be opened, migrated or written."""
