"""The errors dateline raises, converted to one line and an exit code at the edges.

    DatelineError            anything dateline reports to a user
    ├── InputError           a file or record that cannot be read (names the file and line)
    └── StoreError           the database cannot be opened, written, or is not a dateline store

    InputWarning             (a ``UserWarning``) something in an input was repaired or ignored
                             and the record still read: a bad byte, an invalid metadata date
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


class InputWarning(UserWarning):
    """Something in an input was repaired or dropped, and the record was still read.

    Issued with ``warnings.warn`` so library users see it through the usual machinery; the CLI
    prints it as one ``dateline: warning: FILE: ...`` line.
    """

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.reason = message
