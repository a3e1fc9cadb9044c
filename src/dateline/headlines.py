"""Parsing a headline written in Title Case ("Russia Expels Two Japanese Diplomats").

The small English model takes a capitalised word for a name, so a Title Case headline comes out
as a run of proper nouns with no verb, and its event is lost: "Russia Expels Two Japanese
Diplomats in Tit-for-Tat Move" gave nothing, "Russia expels two Japanese diplomats in tit-for-tat
move" gives the expulsion. Feed titles and the headlines of many web pages are written so.

The ``title_case_headlines`` component (added after the parser) finds such a headline, parses a
copy of it with its common words in lower case, and copies that parse (tags, lemmas, dependencies,
entities) onto its tokens; ``title_case_boundaries``, before the parser, makes it a sentence of
its own. The text is not changed: every stage still reads the names and offsets as written. A
word stays capitalised in the copy when the story writes it so in the middle of a sentence
("Trump", "Kim") or the model's word lists do not know it as a common word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
MIN_CONTENT_WORDS = 3  # words of four letters or more, all capitalised
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]  # HEAD is stored relative to each token


HEADLINE = "title_case.headline"  # doc.user_data: the (start, end) title_case_boundaries found, or None


@Language.component("title_case_boundaries")
def title_case_boundaries(doc: Doc) -> Doc:
    """Before the parser: a Title Case headline is a sentence of its own (the parser would hang
    it onto the story's first sentence, and its parse could not be replaced alone). The headline
    is noted for ``title_case_headlines`` (``HEADLINE``)."""
    headline = doc.user_data[HEADLINE] = title_case_headline(doc.text)
    for edge in headline or ():
        token = next((t for t in doc if t.idx >= edge and not t.is_space), None)
        if token is not None and token.i > 0:
            token.is_sent_start = True
            if token.i + 1 < len(doc) and not doc[token.i + 1].is_space:
                doc[token.i + 1].is_sent_start = False  # else the parser may close it after one word
    return doc


@Language.factory("title_case_headlines")
def make_title_case_headlines(nlp: Language, name: str) -> "TitleCaseHeadlines":
    return TitleCaseHeadlines(nlp, name)


class TitleCaseHeadlines:
    """Re-parse a Title Case headline with its common words in lower case (see the module)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name

    def __call__(self, doc: Doc) -> Doc:
        headline = doc.user_data[HEADLINE] if HEADLINE in doc.user_data else title_case_headline(doc.text)
        span = doc.char_span(*headline, alignment_mode="contract") if headline else None
        if span is None or not _stands_alone(span):
            return doc
        recased = sentence_case(span.text, names_in_body(doc.text, headline))
        if recased == span.text:
            return doc  # every word a name: nothing to read differently
        copy = self._parse(recased)
        if [t.text.lower() for t in copy] != [t.text.lower() for t in span]:
            return doc  # tokenised differently: leave the headline as it was
        _copy_parse(copy, span)
        kept = [e for e in doc.ents if not span.start <= e.start < span.end]
        found = [Span(doc, span.start + e.start, span.start + e.end, label=e.label_) for e in copy.ents]
        doc.ents = sorted(kept + found, key=lambda e: e.start)
        return doc

    def _parse(self, text: str) -> Doc:
        copy = self.nlp.make_doc(text)
        for name, component in self.nlp.pipeline:
            if name != self.name:
                copy = component(copy)
        return copy


def title_case_headline(text: str) -> tuple[int, int] | None:
    """The (start, end) of the story's headline when it is written in Title Case: its first
    line, a paragraph of its own (hard-wrapped prose such as Reuters' breaks lines inside names:
    "Japanese Finance Minister Kiichi"), with no closing full stop, and at least three words of
    four letters or more, every one capitalised and not all in capitals. Lines further down
    (subheadings, table headers, a name alone on a line) are no headline."""
    body = text.lstrip()
    if not body:
        return None
    start = text.rfind("\n", 0, len(text) - len(body)) + 1  # the first non-blank line
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    after = text.find("\n", end + 1)
    following = text[end + 1 : after if after >= 0 else len(text)]  # must be blank
    line = text[start:end].rstrip()
    content = [w for w in WORD.findall(line) if len(w) >= 4]
    if (following.strip() or len(content) < MIN_CONTENT_WORDS or line.endswith((".", "!", "?", ":"))
            or not all(w[0].isupper() for w in content) or sum(not w.isupper() for w in content) < MIN_CONTENT_WORDS
            or not any(common(w) for w in content[1:])):
        return None
    return start, start + len(line)


def names_in_body(text: str, headline: tuple[int, int]) -> set[str]:
    """Words the story capitalises in the middle of a sentence below its headline."""
    return {m.group(1) for m in re.finditer(r"[a-z,;]\s+([A-Z][a-z]+)", text[headline[1]:])}


def sentence_case(line: str, names: set[str]) -> str:
    """``line`` with its capitalised common words in lower case (not its first word, not the
    story's names); the same length, so its tokens line up with the original's."""
    first = True

    def fold(match: re.Match) -> str:
        nonlocal first
        word = match.group(0)
        keep = first or len(word) < 2 or word in names or not word.istitle() or not common(word)
        first = False
        return word if keep else word.lower()

    return WORD.sub(fold, line)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Common English words: the model's stop words and its lemmatizer's word lists (nouns, verbs,
    adjectives, adverbs)."""
    from . import nlp as nlp_loader

    nlp = nlp_loader.load()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(nlp.Defaults.stop_words) | frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in table.get(pos, []))


@lru_cache(maxsize=8192)
def common(word: str) -> bool:
    """Whether ``word`` is a common English word (or an inflection of one): "Expels", "Diplomats"."""
    lower = word.lower().replace("\u2019", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    vocabulary = _vocabulary()
    stems = [lower] + [lower[: -len(s)] + r for s, r in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""),
                                                         ("ed", "e"), ("ing", ""), ("ing", "e"))
                       if lower.endswith(s)]
    return any(stem in vocabulary for stem in stems)


def _stands_alone(span: Span) -> bool:
    """Whether no dependency crosses the line's edges (the line break itself aside), so its parse
    can be replaced whole."""
    return all(span.start <= t.head.i < span.end for t in span) and not any(
        span.start <= t.head.i < span.end for t in span.doc if not span.start <= t.i < span.end and not t.is_space)


def _copy_parse(source: Doc, span: Span) -> None:
    """The copy's parse onto ``span``, through the arrays (a parsed doc's sentence starts can only
    change with its heads)."""
    doc = span.doc
    ours, theirs = doc.to_array(PARSE_ATTRS), source.to_array(PARSE_ATTRS)
    ours[span.start : span.end] = theirs
    doc.from_array(PARSE_ATTRS, ours)
