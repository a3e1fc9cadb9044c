"""An article's parse as plain Python lists, read once per document.

spaCy builds a Python object for every ``doc[i]`` and rescans the document for every
``token.sent``; the resolver asks about every token several times, so it reads the token texts,
offsets and sentence boundaries once into lists (:class:`Tokens`, :class:`SentenceIndex`) and
keeps spaCy objects for the few tokens whose parse it needs.
"""
from __future__ import annotations

import bisect

from spacy.attrs import IDX, IS_SPACE, ORTH, SPACY
from spacy.tokens import Doc, Span


def sentences_of(doc: Doc) -> list[Span]:
    """The doc's sentences; the whole doc as one when no component set sentence boundaries."""
    if len(doc) == 0:
        return []
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return list(doc.sents)
    return [doc[:]]


class Tokens:
    """Token texts and offsets as plain lists: spaCy builds a Python object per ``doc[i]``."""

    def __init__(self, doc: Doc) -> None:
        if len(doc):
            # One array call instead of a Python Token object per token (a tenth of the cost), and
            # the texts from the string store by hash, each distinct word decoded once per process:
            # ``doc.text`` itself makes a Token object per token, half of this step's cost.
            orth, trailing, idx, space = doc.to_array([ORTH, SPACY, IDX, IS_SPACE]).T.tolist()
            self.idx: list[int] = idx
            self.text: list[str] = _texts(doc, orth)
            self.space: list[int] = space  # 1 for a whitespace token
            self.doc_text = "".join([t + " " if ws else t for t, ws in zip(self.text, trailing)])
        else:
            self.doc_text = doc.text
            self.idx, self.text, self.space = [], [], []
        self.n = len(self.text)


_ORTH_TEXTS: dict[int, str] = {}  # a word's hash → its text (the hash is the string's, in any vocab)


def _texts(doc: Doc, orth: list[int]) -> list[str]:
    if len(_ORTH_TEXTS) > 500_000:
        _ORTH_TEXTS.clear()
    strings = doc.vocab.strings
    out = []
    for key in orth:
        text = _ORTH_TEXTS.get(key)
        if text is None:
            text = _ORTH_TEXTS[key] = strings[key]
        out.append(text)
    return out



class SentenceIndex:
    """Sentence boundaries looked up once per doc (``token.sent`` rescans the doc on every call)."""

    def __init__(self, doc: Doc, sents: "list[Span] | None" = None) -> None:
        self.sents = sentences_of(doc) if sents is None else sents
        self.start_char: list[int] = [0] * len(doc)
        self.start_token: list[int] = [0] * len(doc)
        for sent in self.sents:
            for i in range(sent.start, sent.end):
                self.start_char[i] = sent.start_char
                self.start_token[i] = sent.start

    def ordinal(self, i: int) -> int:
        """The sentence number of token ``i``."""
        return self.ordinal_of_char(self.start_char[i])

    def ordinal_of_char(self, sentence_start_char: int) -> int:
        if not hasattr(self, "_starts"):
            self._starts = sorted(set(self.start_char))
        return bisect.bisect_left(self._starts, sentence_start_char)

    def previous_sentence_start_char(self, i: int) -> int:
        first = self.start_token[i]
        return self.start_char[first - 1] if first > 0 else self.start_char[i]
