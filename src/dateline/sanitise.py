"""Text is data: story text must not act on the terminal or spreadsheet it is shown in.

A news story is written by someone else. Printed raw, an ESC or OSC sequence in it can move the
cursor, rewrite what is on screen, retitle the window or plant a hyperlink; written raw into a
CSV cell, ``=HYPERLINK(...)`` or ``@SUM(...)`` becomes a formula when an analyst opens the file.

* ``terminal(text)`` drops C0 and C1 control characters (keeping tab and newline) and DEL, for
  everything dateline prints for people (tables, timelines, ``show``, error lines). Machine
  formats need nothing: JSON escapes control characters itself.
* ``csv_cell(value)`` neutralises a text cell that a spreadsheet would read as a formula, as
  OWASP recommends ("CSV Injection"): a cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return gets a leading apostrophe, which spreadsheets show as text. Numbers are
  numbers (a Goldstein of ``-5.0`` stays as it is); only strings are changed.
"""
from __future__ import annotations

import re
from typing import Any

#: C0 controls but tab and newline, DEL, and the C1 controls (U+0080-U+009F, 8-bit CSI/OSC).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: What a spreadsheet takes as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def terminal(text: str) -> str:
    """``text`` safe to print on a terminal: control characters (but tab and newline) removed."""
    return _CONTROL_RE.sub("", text) if _CONTROL_RE.search(text) else text


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: a string that starts like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
