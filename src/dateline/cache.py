"""The user cache: what dateline builds from its data files on first use and reuses after.

The gazetteer index and the actor knowledge base are built from data files that change only
with dateline itself, but building them costs more than a process should pay on every start.
Each is written once to this directory under a name that digests its inputs, so a changed input
builds a new file and an old one is never read by mistake.

Checkouts with other inputs (worktrees, an installed release and a development copy) share the
directory. Deleting each other's files on every build made them rebuild in turn, or lose a file
one had just opened, so a file of other inputs goes only once no process has used it for a day
(:func:`remove_stale`); using a file marks it (:func:`mark_used`).
"""
from __future__ import annotations

import os
import pickle
import tempfile
import time
from pathlib import Path
from typing import Any

STALE_SECONDS = 24 * 3600
USE_MARK_SECONDS = 3600


def cache_dir() -> Path:
    """``$DATELINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/dateline``, else ``~/.cache/dateline``."""
    configured = os.environ.get("DATELINE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dateline"


def remove_stale(keep: Path, pattern: str, now: float | None = None) -> list[Path]:
    """Delete the files named like ``pattern`` beside ``keep`` that nobody has used for
    ``STALE_SECONDS``. Returns the files removed."""
    now = time.time() if now is None else now
    removed = []
    for stale in keep.parent.glob(pattern):
        if stale == keep:
            continue
        try:
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()
                removed.append(stale)
        except OSError:
            continue  # removed by another process meanwhile, or not ours to remove
    return removed


def mark_used(path: Path) -> None:
    """Record that ``path`` is in use (at most once an hour: a syscall, not a write per load)."""
    try:
        if time.time() - path.stat().st_mtime > USE_MARK_SECONDS:
            os.utime(path)
    except OSError:
        pass  # a read-only cache: the file is then never anyone's to remove either


def read_pickle(path: Path) -> Any:
    """The object pickled at ``path``, or None when there is none or it cannot be read (the
    caller rebuilds it). Only files this module wrote are read: our own, in the user's cache."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own file, named by the digest of its inputs
    except Exception:  # noqa: BLE001 - a missing, torn or foreign file fails in many ways; all mean "rebuild"
        return None


def write_pickle(value: Any, path: Path, pattern: str) -> None:
    """Pickle ``value`` to ``path`` atomically (a reader never sees half a file), then remove the
    stale files named like ``pattern``. An unwritable cache only means the next process builds
    again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        return
    remove_stale(path, pattern)
