"""Finding actor mentions in a parsed article and resolving them against the knowledge base.

The resolution cascade (the one place it is written down)
---------------------------------------------------------
Each mention is a run of adjacent knowledge-base hits (a country word, a role word, a person, an
organisation, a named group...), found by longest-match dictionary lookup over the tokens, plus
names the KB lacks when a title introduces them ("President Mahendra Chaudhry") or spaCy tags a
multi-word PERSON. A mention is resolved by the first step that applies; the step's name is the
Actor's ``rule`` (``step:kind``), so a user can see why an actor was coded as it was:

1. ``exact:<kind>`` — the text is the exact name of a KB entity: a country ("Japan", the ISO
   name), an organisation ("United Nations"), a named group ("Hamas" → PSE REB), a news outlet
   ("TASS", sector MED, never the state), or a person ("Shinzo Abe"), whose role (country, sector,
   organisation) is the one held *at the mention's date*; outside any dated role the person keeps
   their country and default sector (``exact:person-out-of-office``).
2. ``alias:<kind>`` — the text is another KB name: an alias ("Britain"), an acronym ("NATO"), a
   demonym ("the Japanese"; as a modifier "an Indian proposal" → ``alias:adjective-modifier``), a
   capital or seat of power used as a metonym for the government ("Tokyo" → JPN GOV, "the
   Kremlin" → RUS GOV, "Moscow" in 1956 → SUN GOV), a distinctive surname ("Putin"; "Bush" is
   whichever Bush held office at the date). Dated entries choose by the mention's date.
3. ``role:<kinds>`` — role words with a country, organisation or group word: "Russian President X"
   → RUS GOV even when X is unknown, "Japan's foreign ministry" → JPN GOV, "UN peacekeepers" →
   IGOUNOMIL (an organisation's officials stay the organisation). The last role word (the head
   noun) gives the sector; "Russian and Japanese officials" gives both adjectives that sector.
   A demonym after "ethnic" names an ethnic group, which CAMEO codes by the country it lives in:
   it is left to the context rules (``unresolved:role-ethnic``, sector ETH). A gone state's
   demonym after "former" or "ex-" ("an ex-Soviet republic") names no actor of that state
   (``unresolved:former-state``).
4. ``coref:<pattern>`` — within-article aliasing, never pronouns:
   ``coref:surname`` a surname after the full name ("Abe" after "Shinzo Abe", also for people the
   KB lacks once a role word placed them); ``coref:pair`` "the two countries", "the sides", "both
   sides" → the two most recent distinct country actors (not media, not places such as "in
   Singapore"), returned as TWO Actor records for one mention (same text and offsets);
   ``coref:country`` "the country" → the last country named; ``coref:apposition`` a name or role
   in apposition to a resolved actor ("the US envoy, Ambassador Bill Richardson"), also with the
   role's posting between and no comma ("US envoy in Sudan Andrew Natsios" is the US envoy, and
   Sudan a mention of its own, not the nationality of a "Sudan Andrew Natsios"); ``coref:role`` a
   bare role word ("the government", "troops") → the most recent actor of that sector with a
   country in the same or previous sentence ("foreign troops", "a minister" stay unresolved),
   or the actor that owns it ("India's former envoy" is India's, whatever government came last);
   an outlet word still unresolved ("... - paper" in a headline) takes the news outlet named
   within the next two sentences; ``coref:title`` "the minister", "the envoy", "the ministry" →
   the last actor (within six sentences) whose own mention carried that role word ("Oman's
   foreign minister Yusuf bin Alawi"), and a name whose title is a mention of its own: an
   organisation modifying it ("UNSCOM chief Rolf Ekeus") or a role in apposition after it
   ("Gustave Feissel, the UN representative in Nicosia"); ``coref:pronoun`` "he"/"she" as a
   clause subject → the person the previous sentence's subject named
   (:mod:`dateline.who.pronouns`); ``coref:org-noun`` "the alliance", "the bloc" → the latest
   organisation named that goes by that noun (:mod:`dateline.who.orgnouns`). A title or an
   honorific introduces a name the KB lacks ("foreign minister Yusuf bin Alawi",
   "Mr. Hosseinzadeh"), whose surname ("Bin Alawi", "Hosseinzadeh") then refers back; an
   organisation the KB lacks, introduced right after a country or role word ("Togo's opposition
   Union of Forces for Change"), is one name with that country and sector, and so are its later
   mentions.
Misspelled country and capital names ("Ethopia", "Quatar": one letter off a name of five or
more letters, a proper noun that is not a person's, a company's or a work's, standing alone, the first letter
right, one place only that close, and the word not itself a place of the gazetteer: "Sanya" is a
Chinese city, not a misspelled "Sanaa")
resolve like the name they misspell, with the step ``fuzzy`` (``fuzzy:country``, ``fuzzy:capital``).

5. ``unresolved:<what>`` — a role word or a person's name with nothing to tie it to a country:
   the Actor keeps the sector (if any) but has no country, organisation or code.

6. ``...+context:<rule>`` — a mention still without a country or organisation after all of the
   above (a sector word: "police", "troops", "the parliament"; a name the story does not place)
   takes the country the story places it in: its own phrase, its sentence's only country, its
   clause's place, the dateline, the story's main country (:mod:`dateline.who.context`).

The knowledge base under all of this: our data files, over the compiled Phoenix/PETRARCH index
(:mod:`dateline.who.build_index`); a key our files know keeps our meaning, and our own title and
surname win over a longer dictionary phrase ("President Bush").

Compound actors fall out of the mention boundaries: "Russia and Japan" are two mentions.

Dates. Each mention is resolved at a date: ``at`` (the event's date) when given; else
``dates(char_offset)`` when that callable is given and returns a date (the `when` stage's timexes
via :func:`dates_from_timexes`); else the year written nearest the mention in its sentence
(:func:`sentence_years`: "In 1956, Moscow ..." → 1956); else the article's ``published`` date;
else open-ended (today's) knowledge (:mod:`dateline.who.dates`). The parse is read once into plain
lists (:mod:`dateline.who.doctext`); the runs of tokens that match are found by
:mod:`dateline.who.mentions`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable

from spacy.tokens import Doc, Token

from ..records import Actor, Article
from .context import place_by_context
from .orgnouns import resolve_org_nouns
from .pronouns import resolve_pronouns
from .kb import Entry, KnowledgeBase, builtin
from .dates import DateLookup, dates_from_timexes, pick, pick_named, sentence_years, sentence_years_of
from .doctext import SentenceIndex, Tokens, sentences_of
from .mentions import Hit, find_hits

__all__ = ["DateLookup", "dates_from_timexes", "resolve_doc", "sentence_years", "sentences_of", "find_hits", "group"]

ANCHOR_KINDS = ("country", "adjective", "capital", "seat", "media", "org", "group", "pair", "country_ref", "place")
PERSON_KINDS = ("person", "name", "surname")
POSSESSIVES = {"'s", "'", "\u2019s", "\u2019"}
# "US envoy in Sudan Andrew Natsios", "British ambassador to Iran Rob Macaire": the country after
# these is the role's posting, not the named person's nationality.
POSTING_PREPOSITIONS = {"to", "in", "at"}
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "inside", "outside", "across", "throughout", "within", "around"}
NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "ROOT", "attr", "dative", "obj", "conj", "npadvmod"}
NO_COREF_BEFORE = {"a", "an", "foreign", "international", "other", "several", "many", "some", "any", "no",
                   "western", "local", "regional", "multinational", "allied", "coalition", "each"}
LONG_GAP = ["", "", ""]  # stands for any gap of three or more tokens between two hits


@dataclass
class Mention:
    hits: list[Hit]

    @property
    def start(self) -> int:
        return self.hits[0].start

    @property
    def end(self) -> int:
        return self.hits[-1].end

    def of(self, kinds: Iterable[str]) -> Hit | None:
        kinds = tuple(kinds)
        return next((h for h in self.hits if h.kind in kinds), None)

    @property
    def roles(self) -> list[Hit]:
        return [h for h in self.hits if h.kind == "role"]


def group(doc: Doc, hits: list[Hit]) -> list[Mention]:
    """Adjacent hits that form one noun phrase become one mention."""
    mentions: list[Mention] = []
    for hit in hits:
        if mentions and _joins(doc, mentions[-1], hit) and not (hit.kind in PERSON_KINDS and _posting(doc, mentions)):
            mentions[-1].hits.append(hit)
        else:
            mentions.append(Mention([hit]))
    return mentions


def _posting(doc: Doc, mentions: list[Mention]) -> bool:
    """Whether the last mention is the place a role is posted to ("envoy in Sudan", "ambassador to
    the UN"): a name right after it is the role holder's, and stays a mention of its own."""
    last = mentions[-1]
    if len(mentions) < 2 or any(h.kind not in ("country", "capital", "org", "place") for h in last.hits):
        return False
    before = last.start - 1 - (last.start > 0 and doc[last.start - 1].lower_ == "the")
    return before >= 1 and doc[before].lower_ in POSTING_PREPOSITIONS and mentions[-2].end == before \
        and mentions[-2].hits[-1].kind == "role"


def _joins(doc: Doc, mention: Mention, hit: Hit) -> bool:
    # Only gaps of up to two words ("of the", "'s") can join; a longer one is never read.
    gap = [doc[k].text.lower() for k in range(mention.end, hit.start)] if hit.start - mention.end <= 2 else LONG_GAP
    has_anchor = mention.of(ANCHOR_KINDS) is not None
    has_person = mention.of(PERSON_KINDS) is not None
    if hit.kind in ANCHOR_KINDS:
        if has_anchor or has_person and gap not in (["of"], ["of", "the"]):
            return False
        if not gap:
            return not has_person and mention.hits[-1].kind == "role"  # "President of Russia" has gap
        return gap in (["of"], ["of", "the"]) and mention.hits[-1].kind in ("role", "person", "name")
    if hit.kind in PERSON_KINDS:
        return not has_person and (not gap or gap[0] in POSSESSIVES and len(gap) == 1)
    # a role word: after a person only a collective one ("the Bush administration", "Abe's cabinet")
    if has_person:
        collective = not any(e.title for e in hit.entries)
        return collective and mention.hits[-1].kind in PERSON_KINDS and (
            not gap or (len(gap) == 1 and gap[0] in POSSESSIVES))
    return not gap or (len(gap) == 1 and gap[0] in POSSESSIVES)


# --- resolving mentions -----------------------------------------------------------------------


@dataclass
class _State:
    """What earlier mentions of the article resolved to, for within-article aliasing."""

    sentences: SentenceIndex
    actors: list[tuple[Actor, int, bool]] = field(default_factory=list)  # actor, sentence start, place-like
    by_hit: dict[int, Actor] = field(default_factory=dict)
    by_token: dict[int, Actor] = field(default_factory=dict)

    def recent_country_name(self) -> str | None:
        """"the country": the last country *named* ("Russia", "Japan"), else any country actor."""
        for actor, _sent, placelike in reversed(self.actors):
            if actor.country and not placelike and actor.rule in ("exact:country", "alias:country", "coref:country"):
                return actor.country
        found = self.recent_countries(1)
        return found[0] if found else None

    def recent_countries(self, limit: int) -> list[str]:
        seen: list[str] = []
        for actor, _sent, placelike in reversed(self.actors):
            if actor.country and actor.sector != "MED" and not placelike and actor.country not in seen:
                seen.append(actor.country)
                if len(seen) == limit:
                    break
        return seen


def resolve_doc(
    doc: Doc,
    article: Article,
    *,
    at: str | None = None,
    dates: DateLookup | None = None,
    kb: KnowledgeBase | None = None,
) -> list[Actor]:
    """All actor mentions of ``doc`` in text order; see the module docstring for the cascade."""
    kb = kb or builtin()
    tokens = Tokens(doc)
    sentences = SentenceIndex(doc)
    hits = find_hits(doc, kb, tokens)
    mentions = group(doc, hits)
    year_of = dates or sentence_years_of(doc, tokens, sentences)
    state = _State(sentences)
    ahead = {i: m for m in mentions for i in range(m.start, m.end)}  # for a title after its name
    out: list[Actor] = []
    people: set[int] = set()
    token_spans: dict[int, tuple[int, int]] = {}  # id(actor) → its mention's tokens, for the later steps
    referents: dict[int, Actor] = {}  # id(a surname's actor) → its full name's actor
    for mention in mentions:
        start_char = tokens.idx[mention.start]
        date = at or year_of(start_char) or article.published
        person_like = _person_like(doc, mention)
        for actor in _resolve_mention(doc, mention, date, state, kb, ahead):
            if person_like:
                people.add(id(actor))
            sent_start = state.sentences.start_char[mention.start]
            state.actors.append((actor, sent_start, _placelike(doc, mention)))
            state.by_hit[id(mention.hits[0])] = actor
            for hit in mention.hits:
                state.by_hit.setdefault(id(hit), actor)
            for i in range(mention.start, mention.end):
                state.by_token.setdefault(i, actor)
            out.append(actor)
            token_spans[id(actor)] = (mention.start, mention.end)
            person = mention.of(PERSON_KINDS)
            if person is not None and person.kind == "surname" and id(person.ref) in state.by_hit:
                referents[id(actor)] = state.by_hit[id(person.ref)]
    _resolve_media_forward(out, state)
    place_by_context(doc, article, out, kb, sents=sentences.sents, spans=token_spans, referents=referents)
    pronouns = resolve_pronouns(doc, out, people, sents=sentences.sents, texts=tokens.text, spans=token_spans)
    pronouns += resolve_org_nouns(doc, out, kb, texts=tokens.text)
    if pronouns:
        out = sorted(out + pronouns, key=lambda a: a.start)
    return out


def _former(doc: Doc, i: int) -> bool:
    """Whether token ``i`` follows "former" or "ex-"."""
    before = doc[i - 1].lower_ if i > 0 else ""
    return before == "former" or before == "ex" or (before == "-" and i > 1 and doc[i - 2].lower_ == "ex")


def _person_like(doc: Doc, mention: Mention) -> bool:
    """A person (named, or by a singular title such as "the minister"), for "he"/"she" later."""
    if mention.of(PERSON_KINDS) is not None:
        return True
    roles = mention.roles
    return bool(roles) and roles[-1] is mention.hits[-1] and any(e.title for e in roles[-1].entries) \
        and doc[mention.end - 1].tag_ not in ("NNS", "NNPS")


def _resolve_media_forward(actors: list[Actor], state: _State) -> None:
    """A headline's "... - paper" names the outlet the next sentences cite ("According to Asahi")."""
    sentence_of = {id(actor): sent for actor, sent, _place in state.actors}
    starts = sorted(set(state.sentences.start_char))
    for i, actor in enumerate(actors):
        if actor.rule != "unresolved:role" or actor.sector != "MED":
            continue
        here = bisect.bisect_right(starts, sentence_of[id(actor)]) - 1
        limit = starts[here + 2] if here + 2 < len(starts) else None
        for later in actors[i + 1 :]:
            if limit is not None and sentence_of[id(later)] >= limit:
                break
            if later.sector == "MED" and later.country and (later.rule or "").endswith(":media"):
                actor.name, actor.country, actor.code = later.name, later.country, later.code
                actor.entity_id, actor.rule = later.entity_id, "coref:role"
                break


def _placelike(doc: Doc, mention: Mention) -> bool:
    """A country named as a location ("in Singapore") is not an antecedent for "the two countries"."""
    first = doc[mention.start]
    prev = doc[mention.start - 1] if mention.start > 0 else None
    if prev is not None and prev.lower_ == "the" and mention.start > 1:
        prev = doc[mention.start - 2]
    return (
        prev is not None
        and prev.lower_ in LOCATIVE_PREPOSITIONS
        and mention.of(("country",)) is not None
        and len(mention.hits) == 1
        and first.ent_type_ in ("GPE", "LOC", "")
    )


def _actor(doc: Doc, mention: Mention, rule: str, **facts: str | None) -> Actor:
    span = doc[mention.start : mention.end]
    text, start_char, end_char = span.text, span.start_char, span.end_char
    if len(mention.hits) == 1 and mention.hits[0].trim is not None:
        start_char, end_char = mention.hits[0].trim
        text = mention.hits[0].trim_text or text
    country, org, sector = facts.get("country"), facts.get("org"), facts.get("sector")
    code = facts.get("code")
    if code is None and country:
        code = country + (sector or "")
    return Actor(
        text=text,
        name=facts.get("name"),
        code=code,
        country=country,
        org=org,
        sector=sector,
        entity_id=facts.get("entity_id"),
        start=start_char,
        end=end_char,
        rule=rule,
    )


def _role_sector(mention: Mention, doc: Doc) -> str | None:
    roles = mention.roles
    if roles:
        return roles[-1].entries[0].sector
    return None


def _resolve_mention(doc: Doc, mention: Mention, date: str | None, state: _State, kb: KnowledgeBase,
                     ahead: dict[int, Mention] | None = None) -> list[Actor]:
    role_sector = _role_sector(mention, doc)
    person = mention.of(PERSON_KINDS)
    anchor = mention.of(ANCHOR_KINDS)
    kinds = "+".join(dict.fromkeys(h.kind for h in mention.hits))

    # 1-2. a known person, at the mention's date
    if person is not None and person.kind == "person":
        return [_person_actor(doc, mention, pick(person.entries, date, role_sector), role_sector, kb)]
    if person is not None and person.kind == "surname" and person.ref is not None:
        earlier = state.by_hit.get(id(person.ref))
        if person.ref.kind == "person":
            actor = _person_actor(doc, mention, pick(person.ref.entries, date, role_sector), role_sector, kb)
            actor.rule = "coref:surname"
            return [actor]
        if earlier is not None:
            return [_actor(doc, mention, "coref:surname", name=earlier.name, country=earlier.country, org=earlier.org,
                           sector=role_sector or earlier.sector, code=earlier.code if not role_sector else None,
                           entity_id=earlier.entity_id)]
        return [_actor(doc, mention, "unresolved:name", sector=role_sector)]

    if anchor is not None:
        if anchor.kind == "pair":
            countries = state.recent_countries(2)
            sector = role_sector or anchor.entries[0].sector
            if len(countries) < 2:
                return [_actor(doc, mention, "unresolved:pair", sector=sector)]
            return [_actor(doc, mention, "coref:pair", name=c, country=c, sector=sector, entity_id=c)
                    for c in reversed(countries)]
        if anchor.kind == "country_ref":
            country = state.recent_country_name()
            if country is None:
                return [_actor(doc, mention, "unresolved:country", sector=role_sector)]
            return [_actor(doc, mention, "coref:country", name=country, country=country, sector=role_sector,
                           entity_id=country)]
        entry = pick_named(anchor.entries, date, (actor.country for actor, _sent, _place in state.actors))
        step = "role" if mention.roles else entry.step
        rule = f"{step}:{kinds}" if mention.roles else f"{step}:{entry.kind}"
        if entry.kind == "org":
            # An organisation's officials, envoys and assemblies are the organisation itself;
            # its troops or police are a sector of it ("UN peacekeepers" → IGOUNOMIL).
            if role_sector in (None, "GOV", "LEG", "IGO", entry.sector):
                sector, code = entry.sector, entry.code
            else:
                sector, code = role_sector, f"{entry.code}{role_sector}"
            return [_actor(doc, mention, rule, name=entry.name, org=entry.org, sector=sector, code=code,
                           entity_id=entry.entity_id)]
        if entry.kind == "adjective" and anchor.start > 0 and doc[anchor.start - 1].lower_ == "ethnic":
            # CAMEO codes an ethnic group by the country it lives in ("ethnic Albanians demonstrated
            # in Serbia" is Serbia's), which the context rules find; its name's country is not it
            return [_actor(doc, mention, "unresolved:role-ethnic", sector="ETH")]
        if entry.kind == "adjective" and entry.end and _former(doc, anchor.start):
            # "an ex-Soviet republic", "the former Yugoslav countries", "ex-Soviet army officer
            # Dmitry Kovtun": what was that state's is no longer, so the mention is not the state
            return [_actor(doc, mention, "unresolved:former-state")]
        if entry.kind == "adjective" and not mention.roles and not _nominal(doc, anchor):
            shared = _shared_role(doc, anchor, kb)
            if shared is not None:  # "Russian and Japanese officials"
                return [_actor(doc, mention, "role:adjective+role", name=entry.name, country=entry.country,
                               sector=shared, entity_id=entry.entity_id)]
            # "an Indian proposal", "Israeli air raids": the country is the actor behind the noun.
            return [_actor(doc, mention, "alias:adjective-modifier", name=entry.name, country=entry.country,
                           entity_id=entry.entity_id)]
        sector = role_sector or {"capital": "GOV", "seat": "GOV", "media": "MED"}.get(entry.kind)
        if entry.kind == "group":
            sector = entry.sector  # "Hamas leader" is Hamas (REB), whatever the role word
        name = entry.name
        if person is not None:  # "Russian President X": the name the KB lacks
            name = doc[person.start : person.end].text
            rule = f"role:{kinds}"
        return [_actor(doc, mention, rule, name=name, country=entry.country, sector=sector, entity_id=entry.entity_id)]

    # 4. in apposition to a resolved actor ("the US envoy to the UN, Ambassador Bill Richardson")
    apposed = _apposition(doc, mention, state)
    if apposed is not None:
        name = doc[person.start : person.end].text if person is not None else apposed.name
        return [_standing_for(doc, mention, "coref:apposition", apposed, name, role_sector or apposed.sector)]
    # 4. "the minister", "the ministry": the last actor named with that role word
    if mention.roles and person is None:
        referent = _coref_title(doc, mention, state)
        if referent is not None:
            return [_standing_for(doc, mention, "coref:title", referent, referent.name,
                                  role_sector or referent.sector)]
    # 4. a bare role word: the most recent actor of that sector nearby
    if mention.roles and person is None:
        referent = _coref_role(doc, mention, role_sector, state)
        if referent is not None:
            return [_standing_for(doc, mention, "coref:role", referent, referent.name, role_sector)]
        return [_actor(doc, mention, "unresolved:role", sector=role_sector)]
    # 4. a name its own title places, the title being a mention of its own
    if person is not None and person.kind == "name":
        titled = _title_of_name(doc, mention, date, state, kb, ahead or {})
        if titled is not None:
            return [_standing_for(doc, mention, "coref:title", titled, doc[person.start : person.end].text,
                                  role_sector or titled.sector)]
    # 5. a name with nothing to place it
    name = doc[person.start : person.end].text if person is not None else None
    return [_actor(doc, mention, "unresolved:name", name=name, sector=role_sector)]


def _standing_for(doc: Doc, mention: Mention, rule: str, referent: Actor, name: str | None,
                  sector: str | None) -> Actor:
    """The mention as the party ``referent`` stands for: its country or organisation, with the
    mention's own name and sector (a country's code is rebuilt from them; an organisation's kept)."""
    return _actor(doc, mention, rule, name=name, country=referent.country, org=referent.org, sector=sector,
                  code=None if referent.country else referent.code, entity_id=referent.entity_id)


def _title_of_name(doc: Doc, mention: Mention, date: str | None, state: _State, kb: KnowledgeBase,
                   ahead: dict[int, Mention]) -> Actor | None:
    """The party of a name's title where the title is a mention apart: an organisation modifying
    the name ("UNSCOM chief Rolf Ekeus"), or a role in apposition after it ("Gustave Feissel, the
    UN representative in Nicosia", resolved here ahead of its turn). Without it the name took the
    country of its sentence or story (Ekeus became Iraq's, Feissel Cyprus's). A country modifying
    a name ("British bar owner Ken Cheshire") is left to the context rules: it names a person's
    nationality more often than the side the person acts for."""
    head = doc[mention.start : mention.end].root
    for back in range(mention.start - 1, max(mention.start - 4, -1), -1):
        token = doc[back]
        if token.dep_ not in ("compound", "amod", "nmod"):
            break
        actor = state.by_token.get(back)
        if actor is not None and actor.org and head.is_ancestor(token):
            return actor
    for child in head.children:
        later = ahead.get(child.i) if child.dep_ == "appos" and child.i >= mention.end else None
        if later is None or later.of(PERSON_KINDS) is not None or not later.roles:
            continue
        found = _resolve_mention(doc, later, date, state, kb)
        if found and (found[0].rule or "").startswith("role:") and (found[0].country or found[0].org):
            return found[0]
    return None


def _apposition(doc: Doc, mention: Mention, state: _State) -> Actor | None:
    """The resolved actor this mention stands in apposition to, if any."""
    for i in range(mention.start, mention.end):
        tok = doc[i]
        if not (mention.start <= tok.head.i < mention.end) and tok.dep_ == "appos":
            actor = state.by_token.get(tok.head.i)
            if actor is not None and (actor.country or actor.org):
                return actor
    posted = _posted_role(doc, mention, state)
    if posted is not None:
        return posted
    # The parse often misses the apposition; the surface form is "<role actor> [of/to ...], <name>".
    if mention.start < 2 or doc[mention.start - 1].text != ",":
        return None
    for back in range(mention.start - 2, max(mention.start - 8, -1), -1):
        tok = doc[back]
        if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ";", ":"):
            return None
        actor = state.by_token.get(back)
        if actor is not None:
            return actor if (actor.rule or "").startswith("role:") and (actor.country or actor.org) else None
        if tok.is_sent_start:
            return None
    return None


def _posted_role(doc: Doc, mention: Mention, state: _State) -> Actor | None:
    """The role actor a name follows with its posting between ("US envoy in Sudan Andrew Natsios":
    the US envoy), as ``group`` left the name a mention of its own."""
    i = mention.start - 1
    place = state.by_token.get(i)
    if place is None:
        return None
    while i >= 0 and state.by_token.get(i) is place:
        i -= 1
    i -= i >= 0 and doc[i].lower_ == "the"
    if i < 1 or doc[i].lower_ not in POSTING_PREPOSITIONS:
        return None
    role = state.by_token.get(i - 1)
    if role is None or role is place or not (role.rule or "").startswith("role:"):
        return None
    return role if role.country or role.org else None


def _person_actor(doc: Doc, mention: Mention, entry: Entry, role_sector: str | None, kb: KnowledgeBase) -> Actor:
    rule = f"{entry.step}:person" + ("-out-of-office" if entry.fallback else "")
    # Out of office, the text's own role words ("former Prime Minister X") say more than the default.
    sector = (role_sector or entry.sector) if entry.fallback else (entry.sector or role_sector)
    code = entry.code
    if code is not None and sector and sector != "IGO" and entry.org is None:
        code = None
    return _actor(doc, mention, rule, name=entry.name, country=entry.country, org=entry.org, sector=sector,
                  code=code, entity_id=entry.entity_id)


def _nominal(doc: Doc, hit: Hit) -> bool:
    """A demonym used as a noun ("the Japanese said", "Israelis"), not as a modifier."""
    head = doc[hit.end - 1]
    return head.dep_ in NOMINAL_DEPS and not (head.dep_ == "conj" and head.head.dep_ in ("amod", "compound"))


def _shared_role(doc: Doc, hit: Hit, kb: KnowledgeBase) -> str | None:
    """"Russian and Japanese officials": the sector of the role noun both adjectives modify."""
    tok: Token = doc[hit.end - 1]
    hops = 0
    while tok.dep_ == "conj" and hops < 5:
        tok = tok.head
        hops += 1
    if tok.dep_ not in ("amod", "compound"):
        return None
    head = tok.head
    if head.lower_ == "side" and head.i + 1 < len(doc) and doc[head.i + 1].pos_ == "PROPN":
        return None  # a sports team ("Greek side AEK Athens")
    for entry in kb.lookup(head.text) or kb.lookup(head.lemma_):
        if entry.kind == "role":
            return entry.sector
    return None


TITLE_COREF_SENTENCES = 6


def _coref_title(doc: Doc, mention: Mention, state: _State) -> Actor | None:
    """"the minister" / "the envoy" / "the ministry": the most recent actor whose own mention
    carried that role word ("Oman's foreign minister Yusuf bin Alawi", "the Omani foreign
    ministry"), within a few sentences. Only a definite singular role word refers back."""
    if len(mention.hits) != 1 or mention.start == 0 or doc[mention.start - 1].lower_ != "the":
        return None
    head = doc[mention.end - 1]
    if head.tag_ in ("NNS", "NNPS"):
        return None
    word = head.lower_
    here = state.sentences.ordinal(mention.start)
    for actor, sent_start, _place in reversed(state.actors):
        if here - state.sentences.ordinal_of_char(sent_start) > TITLE_COREF_SENTENCES:
            break
        if (actor.country or actor.org) and actor.sector != "MED" and word in actor.text.lower().split():
            return actor
    return None


def _coref_role(doc: Doc, mention: Mention, sector: str | None, state: _State) -> Actor | None:
    if sector is None or sector in ("CVL", "REF", "MED") and mention.roles[-1].entries[0].title:
        return None
    first = doc[mention.start]
    prev = doc[mention.start - 1] if mention.start > 0 else None
    if first.lower_ in NO_COREF_BEFORE or (prev is not None and prev.lower_ in NO_COREF_BEFORE):
        return None
    head = doc[mention.end - 1]
    if head.tag_ == "NNS" and any(e.title for e in mention.roles[-1].entries):
        return None  # "foreign ministers" in general
    if any(c.dep_ == "prep" and c.lower_ in ("of", "in") and any(p.dep_ == "pobj" and p.pos_ == "PROPN"
                                                                 for p in c.children) for c in head.children):
        return None  # "the governor of Hainan Province": its own place says whose, not the last actor
    owner = state.by_token.get(next((c.i for c in head.children if c.dep_ == "poss" and c.i < mention.start), -1))
    if owner is not None and (owner.country or owner.org) and owner.sector != "MED":
        return owner  # "India's former envoy": the possessor's, not the last government named
    if prev is not None and prev.lower_ in ("its", "their"):
        # "demanded that Moscow withdraw its troops": the troops of the party just named.
        here = state.sentences.start_char[mention.start]
        for actor, sent_start, place in reversed(state.actors):
            if sent_start != here:
                break
            if (actor.country or actor.org) and actor.sector != "MED" and not place:
                return actor
        return None
    prev_sent_start = state.sentences.previous_sentence_start_char(mention.start)
    for actor, sent_start, _place in reversed(state.actors):
        if sent_start < prev_sent_start:
            break
        if actor.sector == sector and (actor.country or actor.org):
            return actor
    return None
