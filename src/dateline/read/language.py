"""The language of an article (ISO 639-1), so only what the coder can read gets coded.

py3langid guesses a language for any string, even "Hello world". A guess is kept only when the
text is long enough to judge and the normalised probability is high; otherwise the language is
None ("not detected"), which the pipeline treats like English rather than refusing a short item.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: Below this many letters a language guess is noise (headlines, one-line summaries).
MIN_LETTERS = 40
#: Normalised probability a guess needs to count.
MIN_CONFIDENCE = 0.75
#: The start of a story is enough to tell its language; classifying all of it only costs time.
SAMPLE_CHARS = 800

_LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # Only languages with an ISO 639-1 code can be reported; leaving the rest in lets close
    # neighbours without one (Nigerian Pidgin beside English) split the probability.
    identifier.set_languages([label for label in identifier.labels if len(label) == 2])
    return identifier


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text`` when confidently detected, else None."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER_RE.findall(sample)) < MIN_LETTERS:
        return None
    language, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or len(language) != 2:
        return None
    return str(language)
