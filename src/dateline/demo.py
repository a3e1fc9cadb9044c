"""The bundled demo corpus: short wire stories written for the project."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def corpus_dir() -> Path:
    """The folder of demo stories inside the installed package."""
    return Path(str(resources.files("dateline") / "data" / "demo"))
