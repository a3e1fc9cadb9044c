"""dateline: who did what to whom, when, where and according to whom, from news text.

The public API is small on purpose::

    import dateline
    for item in dateline.read_all(["story.txt"]):            # Article | InputError
        ...
    analysis = dateline.analyse_one(dateline.read_text(text, date="2019-06-01"))
    analysis.events                                           # [Event, ...]
    with dateline.Store("events.db") as store:                # SQLite
        dateline.ingest(["stories/"], store)
    db = dateline.open("events.db")                            # pandas answers
    db.dyad_series("JPN", "RUS", freq="M")
"""
from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

# Names load on first use: `dateline timeline` or `import dateline.records` should not pay for
# spaCy and pandas (about 5 s together) when they do not need them.
_EXPORTS = {
    "Actor": "records",
    "Analysis": "pipeline",
    "Article": "records",
    "DatelineError": "errors",
    "Event": "records",
    "IngestReport": "batch",
    "InputError": "errors",
    "Place": "records",
    "Store": "store",
    "StoreError": "errors",
    "Timex": "records",
    "analyse": "pipeline",
    "analyse_one": "pipeline",
    "code": "batch",
    "ingest": "batch",
    "open": "ask",
    "read_all": "read",
    "read_text": "read",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .ask import open
    from .errors import DatelineError, InputError, StoreError
    from .batch import IngestReport, code, ingest
    from .pipeline import Analysis, analyse, analyse_one
    from .read import read_all, read_text
    from .records import Actor, Article, Event, Place, Timex
    from .store import Store

try:
    __version__ = version("dateline")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dateline' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "Actor",
    "Analysis",
    "Article",
    "DatelineError",
    "Event",
    "IngestReport",
    "InputError",
    "Place",
    "Store",
    "StoreError",
    "Timex",
    "__version__",
    "analyse",
    "analyse_one",
    "code",
    "ingest",
    "open",
    "read_all",
    "read_text",
]
