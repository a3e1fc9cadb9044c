"""who: actor mentions resolved against the knowledge base (placeholder seam)."""
from __future__ import annotations

from spacy.tokens import Doc

from .records import Actor, Article


def resolve(doc: Doc, article: Article) -> list[Actor]:
    """Actor mentions of ``doc`` (character offsets into the article text), resolved."""
    return []
