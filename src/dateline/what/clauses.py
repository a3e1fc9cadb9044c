"""Clauses of the dependency parse that state political events, with their arguments.

For every verb (and light-verb object or standalone event noun) the pattern dictionary knows, the
coder finds who acts (subject; the *by*-agent of a passive; the controller of *decided to reject*;
the antecedent of a relative pronoun) and on whom (object, dative, or the object of *with, to,
against, on, from, over, toward, into, between*; inside the object's phrase as in *an agreement
with Russia*). The act coded is the outermost one the actor performs: once *reject* is coded in
*decided to reject the idea of signing an agreement*, the signing beneath it is not an event.
Verbs of saying are not events here; their clauses are (attribution.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from spacy.tokens import Span, Token

from ..records import Actor
from .actors import PERSONAL_PRONOUNS, RELATIVE_PRONOUNS, ActorIndex
from .attribution import reporting_verb
from .matching import (PARTITIVES, UNIT_KEY, dependents, match_verb, norm_lemma, purpose_infinitive, reciprocal_object,
                       reduced_passive, undergone_noun)
from .ontology import Patterns, Rule, cues, patterns as builtin_patterns

TARGET_PREPS = frozenset({"with", "to", "against", "on", "from", "over", "toward", "towards", "into", "between", "at", "upon"})
OBJECT_PREPS_OF_NOUNS = frozenset({"with", "to", "against", "on", "between", "toward", "towards", "from", "for"})
# Clausal children whose events stand apart from the trigger's own (not suppressed by it).
# Nouns whose infinitive complement is their owner's act: its readiness to hand over.
GOVERNING_NOUNS = frozenset({"readiness", "willingness", "plan", "intention", "decision", "offer", "commitment", "obligation", "pledge", "promise", "bid", "attempt", "effort", "refusal", "desire", "proposal"})
# (A that-clause under a coded act is part of it: *demanded that Japan recognized ...*.)
INDEPENDENT = frozenset({"conj", "advcl", "relcl", "parataxis"})
PLACE_NOUNS = frozenset({"target", "village", "town", "city", "position", "camp", "area", "base",
                         "post", "outpost", "settlement", "region", "border", "building", "home"})
STATIVE_PASSIVES = frozenset({"engaged", "involved"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl", "agent", "npadvmod", "advmod"})
FORCE_ROOTS = frozenset({"15", "17", "18", "19", "20"})
ATTACK_ROOTS = frozenset({"18", "19", "20"})
# Verbs that say an event noun happens or ends ("US-China talks resumed ... ended ... collapsed"):
# its subject's hyphenated pair are its parties (only the first set also carries its modality).
OCCURRING = cues().occurrence_verbs | {"end", "conclude", "collapse", "stall", "fail", "break", "continue", "enter"}
OWN_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
OTHER_SIDE = frozenset({"counterpart", "counterparts", "host", "hosts"})


@dataclass
class Clause:
    """One coded predicate before dating, placing and deduplication."""

    trigger: Token
    code: str
    sources: list[Actor]
    targets: list[Actor]
    symmetric: bool
    unit: Span
    noun: Token | None = None  # the event noun for light-verb and nominal events
    tokens: list[Token] = field(default_factory=list)


class ClauseFinder:
    """Finds coded clauses in one document."""

    def __init__(self, index: ActorIndex, patterns: Patterns | None = None) -> None:
        self.index = index
        self.patterns = patterns or builtin_patterns()

    # --- arguments -------------------------------------------------------------------------
    def subjects(self, verb: Token, depth: int = 0, raised: bool = False) -> list[Actor]:
        """Who performs the act of ``verb``."""
        if depth > 6:
            return []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive:
            for agent in dependents(verb, "agent"):
                for pobj in dependents(agent, "pobj"):
                    return self.index.named(pobj)
            # Israel is opposed to ...; forces were engaged in ethnic cleansing
            for attack in self._attack_nouns(verb):  # killed in Israeli shelling
                # only the noun's own modifiers name its author (not *in central Baghdad*)
                authors = [a for c in attack.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                           for a in self.index.named(c)]
                if authors:
                    return authors
            stative = verb.text.lower() in self.patterns.adjectives or verb.lower_ in STATIVE_PASSIVES
            if raised or stative:  # A and B are scheduled to meet: the subject of the passive acts
                for subj in dependents(verb, "nsubjpass"):
                    return self.index.named(subj)
            return []
        if reduced_passive(verb, self.patterns):
            return []  # "UN urged to launch global effort": the UN is urged, by someone unnamed
        subjects = dependents(verb, "nsubj", "csubj", "expl")
        for subj in subjects:
            if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return self.index.named(verb.head)
            if subj.lower_ in PERSONAL_PRONOUNS:
                return self._pronoun(subj, verb, depth)
            found = self.index.named(subj)
            if found:
                return found
        if subjects:
            return []
        if verb.dep_ == "relcl":
            return self.index.named(verb.head)
        if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") or (verb.dep_ == "pcomp" and verb.head.dep_ == "prep"
                                                               and verb.head.head.pos_ in ("VERB", "AUX", "ADJ")):
            head = verb.head if verb.dep_ != "pcomp" else verb.head.head
            if verb.dep_ == "acomp" or head.pos_ in ("VERB", "AUX", "ADJ"):
                return self.subjects(head, depth + 1, raised=verb.dep_ == "xcomp")
        if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
            return self.subjects(verb.head.head, depth + 1)
        if _misread_main_verb(verb):  # "Israeli air strikes killed 12 people": the noun acts
            return self.index.named(verb.head)
        if verb.dep_ == "acl" and verb.head.dep_ in ("dobj", "pobj", "nsubj") and verb.head.lemma_.lower() in GOVERNING_NOUNS:
            governor = verb.head.head if verb.head.dep_ != "pobj" else verb.head.head.head
            if governor.pos_ in ("VERB", "AUX"):  # (Moscow) states its readiness to hand over
                return self.subjects(governor, depth + 1)
        return []

    def _violent_noun(self, noun: Token, any_strike: bool = True) -> bool:
        """An attack, raid or shelling (a noun the patterns code as force, 18-20), or a strike; as
        the means a passive names, only an *air* strike (a strike alone may be a walkout)."""
        rule = self.patterns.nouns.get(norm_lemma(noun)) or self.patterns.nouns.get(noun.lemma_.lower())
        if rule is not None and (rule.code or "")[:2] in ("18", "19", "20"):
            return True
        return noun.lemma_.lower() == "strike" and (any_strike or any(c.lower_ == "air" for c in noun.children))

    def _object_referent(self, obj: Token, verb: Token) -> list[Actor]:
        """An object pronoun in a participle clause stands for the object of the verb it hangs on
        ("Russia expelled two British diplomats, accusing them of spying": them is the diplomats)."""
        if obj.lower_ not in ("them", "him", "her") or verb.dep_ not in ("advcl", "conj"):
            return []
        return [a for o in dependents(verb.head, "dobj") for a in self.index.named(o)]

    def _sent_by(self, obj: Token) -> list[Actor]:
        """The party a participle names as the author of a thing ("drones launched by Russia",
        "546 of the drones fired by the Houthis")."""
        things = [obj] + [p for prep in dependents(obj, "prep") if prep.lower_ == "of" for p in dependents(prep, "pobj")]
        for thing in things:
            for acl in dependents(thing, "acl"):
                if acl.tag_ != "VBN":
                    continue
                for agent in dependents(acl, "agent"):
                    for pobj in dependents(agent, "pobj"):
                        found = self.index.named(pobj)
                        if found:
                            return found
        return []

    def _attack_nouns(self, verb: Token) -> list[Token]:
        """Violent acts a passive names as its means (*were killed in Israeli tank shelling*,
        *by a Russian air strike*): their author is the agent."""
        found = []
        for prep in dependents(verb, "prep", "agent"):
            if prep.lower_ not in ("in", "by"):
                continue
            found += [pobj for pobj in dependents(prep, "pobj") if self._violent_noun(pobj, any_strike=False)]
        return found

    def speaker(self, verb: Token) -> list[Actor]:
        """The source of the reported clause holding ``verb`` (*the memorandum said that ...*)."""
        token = verb
        while token.head.i != token.i:
            if token.dep_ == "advcl":
                return []  # a condition (if all troops were pulled out) is not the speaker's act
            if token.dep_ == "ccomp" and reporting_verb(token.head):
                for subj in dependents(token.head, "nsubj"):
                    return self.index.named(subj)
                return []
            token = token.head
        return []

    def _pronoun(self, pronoun: Token, verb: Token, depth: int) -> list[Actor]:
        """A pronoun subject: the speaker of the clause it sits in, else the last subject actor."""
        token = verb
        while token.head.i != token.i:
            if token.dep_ in ("ccomp", "xcomp") and token.head.pos_ in ("VERB", "AUX", "ADJ"):
                found = self.subjects(token.head, depth + 1)
                if found:
                    return found
            token = token.head
        actor = self.index.preceding_subject(pronoun)
        return [actor] if actor else []

    def targets(self, verb: Token, rule: Rule, noun: Token | None, depth: int = 0) -> list[Actor]:
        """On whom the act of ``verb`` falls: the first candidate naming a resolved party, else the
        first naming any actor (*demonstrators*)."""
        fallback: list[Actor] = []
        for found in self._target_candidates(verb, rule, noun, depth):
            if any(a.country or a.org or a.code for a in found):
                return [a for a in found if a.country or a.org or a.code]
            fallback = fallback or found
        return fallback

    def _target_candidates(self, verb: Token, rule: Rule, noun: Token | None, depth: int) -> Iterator[list[Actor]]:
        """Target candidates, most direct first: object, prepositional object, the object's phrase,
        a complement's own target."""
        index = self.index
        if rule.target == "complement_subject":
            for comp in dependents(verb, "ccomp", "xcomp"):
                for subj in dependents(comp, "nsubj", "nsubjpass"):
                    found = index.named(subj)
                    if found:
                        yield found
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive and verb.text.lower() not in self.patterns.adjectives:
            for subj in dependents(verb, "nsubjpass"):
                # the subject itself (Iraq was attacked), else its phrase (evidence against Russia)
                found = index.named(subj) or (self.noun_targets(subj) if subj.pos_ == "NOUN" else [])
                if found:
                    yield found
        objects = dependents(verb, "dobj", "dative")
        objects = [p for o in objects for p in (dependents(o, "pobj") if o.pos_ == "ADP" else [o])]
        objects += _counted_object(verb)
        for obj in objects:  # gave permission to Russia: the dative's object
            if noun is not None and obj.i == noun.i:
                continue
            if (rule.code or "")[:2] in FORCE_ROOTS:
                found = self._sent_by(obj)  # shot down drones launched by Russia: force on their sender
                if found:
                    yield found
            if obj.lemma_.lower() not in OTHER_SIDE and any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES
                                                           for c in obj.children):
                continue  # its troops, their forces: the actor's own, not a target (his counterpart is)
            found = index.named(obj) or self._object_referent(obj, verb)
            if (rule.code or "")[:2] in ATTACK_ROOTS:  # Russia fired 400 drones: its own, not targets
                found = [a for a in found if not (a.rule or "").endswith("context:sender")]
            if found:
                yield found
        for subj in dependents(verb, "nsubj"):  # a Russian drone attack on Kyiv killed five people
            if self._violent_noun(subj):
                for prep in dependents(subj, "prep"):
                    if prep.lower_ in ("on", "against"):
                        for pobj in dependents(prep, "pobj"):
                            found = index.named(pobj, of_only=pobj.lemma_.lower() not in PLACE_NOUNS)
                            if found:
                                yield found
        if rule.code in ("114", "111", "112"):
            # complained to the UN over Israeli air raids: the complaint is about the raids' author
            for prep in dependents(verb, "prep"):
                if prep.lower_ in ("over", "about", "against"):
                    for pobj in dependents(prep, "pobj"):
                        found = index.named(pobj)
                        if found:
                            yield found
        if rule.code in ("023", "075"):
            for prep in dependents(verb, "prep"):  # sought refuge in Germany
                if prep.lower_ == "in":
                    for pobj in dependents(prep, "pobj"):
                        found = index.named(pobj)
                        if found:
                            yield found
        for prep in dependents(verb, "prep", "prt"):
            if prep.lower_ in TARGET_PREPS:
                for pobj in dependents(prep, "pobj"):
                    # fired at targets in Jericho: a place noun takes the party of its place
                    found = index.named(pobj, of_only=pobj.lemma_.lower() not in PLACE_NOUNS)
                    if found:
                        yield found
        # called for a meeting of the Security Council; appealed for the release of X; mobilized
        # reservists for a war against Iraq
        for prep in dependents(verb, "prep"):
            if prep.lower_ == "for":
                for pobj in dependents(prep, "pobj"):
                    for inner in dependents(pobj, "prep"):
                        if inner.lower_ in ("of", "with", "between", "to", "against"):
                            for member in dependents(inner, "pobj"):
                                found = index.named(member)
                                if found:
                                    yield found
        # the object's own phrase: an agreement with Russia; Turkey's efforts; troops from Lebanon
        for obj in [noun] if noun is not None else dependents(verb, "dobj"):
            found = self.noun_targets(obj)
            if found:
                yield found
        for obj in dependents(verb, "dobj"):
            for prep in dependents(obj, "prep"):
                for pobj in dependents(prep, "pobj", "pcomp"):
                    found = self.noun_targets(pobj) if pobj.pos_ != "VERB" else self._comp_targets(pobj, depth)
                    if found:
                        yield found
        for obj in dependents(verb, "dobj"):
            for member in (obj, *obj.conjuncts):
                for prep in dependents(member, "prep"):
                    for inner in dependents(prep, "prep"):
                        if inner.lower_ in TARGET_PREPS:
                            for pobj in dependents(inner, "pobj"):
                                found = index.named(pobj, of_only=True)
                                if found:
                                    yield found
            for acl in dependents(obj, "acl"):
                if acl.tag_ == "VBN":
                    continue  # the demonstration staged by students against X: not the act's target
                # (plans to sign with Russia; a helicopter carrying EC monitors: yes)
                found = self._comp_targets(acl, depth)
                if found:
                    yield found
        for comp in dependents(verb, "xcomp", "ccomp", "advcl"):
            if comp.dep_ == "ccomp" and reporting_verb(verb):
                continue
            if comp.dep_ == "advcl" and (any(c.dep_ == "mark" for c in comp.children)
                                         or not any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children)):
                continue  # only a purpose clause (opened fire to disperse X) shares the target
            found = self._comp_targets(comp, depth)
            if found:
                yield found

    def _comp_targets(self, comp: Token, depth: int) -> list[Actor]:
        verbal = comp.pos_ in ("VERB", "AUX", "ADJ") or any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children)
        if depth > 3 or not verbal:  # (offered to host talks: *host* mis-tagged as a noun)
            return []
        if comp.dep_ == "ccomp":
            for subj in dependents(comp, "nsubj", "nsubjpass"):
                found = self.index.named(subj)
                if found:
                    return found
        # only a named party down a complement: in *threatened to use force to restore President
        # Bazoum* the unresolved person restored is no target of the threat
        return [a for a in self.targets(comp, Rule(None), None, depth + 1) if a.country or a.org or a.code]

    def noun_targets(self, noun: Token) -> list[Actor]:
        """Participants an event noun names after *with, to, against, between ...* or as owner."""
        for prep in dependents(noun, "prep"):
            if prep.lower_ in OBJECT_PREPS_OF_NOUNS:
                for pobj in dependents(prep, "pobj"):
                    found = self.index.named(pobj, of_only=True)
                    if found:
                        return found
        for owner in dependents(noun, "poss"):
            found = self.index.named(owner)
            if found:
                return found
        return []

    # --- finding ---------------------------------------------------------------------------
    def find(self, unit: Span) -> list[Clause]:
        """Coded clauses of one sentence, outermost acts first."""
        data = unit.doc.user_data
        data[UNIT_KEY] = (unit.start, unit.end)
        try:
            return self._find(unit)
        finally:
            del data[UNIT_KEY]

    def _find(self, unit: Span) -> list[Clause]:
        found: list[Clause] = []
        suppressed: set[int] = set()
        consumed: set[int] = set()
        for token in _by_depth(unit):
            if token.i in suppressed:
                continue
            if token.pos_ == "ADJ" and token.dep_ == "acomp":
                rule = self.patterns.adjectives.get(token.lemma_.lower())
                if rule is not None and rule.code:
                    sources = self.subjects(token)
                    targets = self.targets(token, rule, None)
                    self._suppress(token, suppressed)
                    found.append(Clause(token, rule.code, sources, targets, False, unit))
                continue
            if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
                if token.pos_ == "NOUN" and any(_misread_main_verb(c) for c in token.children):
                    continue  # the subject of the sentence's real verb, not an act of its own
                if reporting_verb(token):
                    demand = self._obligation(token, unit)
                    if demand is not None:
                        found.append(demand)
                        self._suppress(token, suppressed)
                    continue
                undergone = self._undergone(token, unit)
                if undergone is not None:  # drew condemnation from Japan: Japan's act
                    consumed.add(undergone.noun.i)
                    self._suppress(token, suppressed, undergone.code)
                    found.append(undergone)
                    continue
                match = match_verb(token, self.patterns)
                if match is None or _obliged(token) or (token.dep_ == "advcl" and purpose_infinitive(token)):
                    continue  # what one must do, or does something in order to do, is not done
                rule, noun = match
                if noun is not None:
                    consumed.add(noun.i)
                sources = self.subjects(token)
                passive = any(c.dep_ == "nsubjpass" for c in token.children)
                if (rule.code or "")[:2] == "13":
                    conditioned = self._condition_subject(token)
                    if conditioned:  # threatened to X unless Israel ...: the threat is on Israel
                        self._suppress(token, suppressed)
                        found.append(Clause(token, rule.code or "", sources, conditioned, False, unit, noun))
                        continue
                if not sources and passive and (rule.code or "")[:2] in ("03", "08"):
                    # "the islands would be handed over to Japan", the memorandum said: a
                    # concession stated in the conceder's own document is the speaker's act.
                    sources = self.speaker(token)
                targets = self.targets(token, rule, noun)
                if rule.symmetric and len(sources) >= 2 and not self._with_partner(token, noun):
                    targets = []  # Putin and Abe held a meeting (in Singapore): one mutual act
                if len(sources) >= 2 and not targets and reciprocal_object(token):
                    targets = list(sources)  # Ethiopia and Eritrea accused each other: each the other
                self._suppress(token, suppressed, rule.code or "")
                found.append(Clause(token, rule.code or "", sources, targets, rule.symmetric, unit, noun))
        found.extend(self._nominals(unit, suppressed | consumed))
        return found

    def _undergone(self, verb: Token, unit: Span) -> Clause | None:
        """*X drew criticism from Y*, *X came under pressure from Y*, *X faced Palestinian
        criticism*: the event noun is Y's act on X, the verb's subject (:func:`undergone_noun`).
        The parser hangs *from Y* on the noun or on the verb; else the noun's own modifiers name
        Y. Without Y, no event: the subject only undergoes it."""
        found = undergone_noun(verb, self.patterns)
        if found is None:
            return None
        noun, rule = found
        authors = [a for head in (noun, verb) for p in dependents(head, "prep") if p.lower_ == "from"
                   for o in dependents(p, "pobj") for a in self.index.named(o)] \
            or [a for c in dependents(noun, "amod", "compound", "poss", "nmod") for a in self.index.named(c)]
        if not authors:
            return None
        return Clause(verb, rule.code or "", authors, self.subjects(verb), False, unit, noun)

    def _condition_subject(self, verb: Token) -> list[Actor]:
        """The party named as subject of a threat's condition (*if / unless X does Y*)."""
        for node in [verb, *dependents(verb, "xcomp")]:
            for clause in dependents(node, "advcl"):
                if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in clause.children):
                    for subj in dependents(clause, "nsubj", "nsubjpass"):
                        found = self.index.named(subj)
                        if found:
                            return found
        return []

    def _obligation(self, verb: Token, unit: Span) -> Clause | None:
        """*X said / declared that Y must (should) do Z*: X demands of Y (CAMEO 10). Not where X is
        among those who should act ("China and Singapore should strengthen cooperation, said He",
        a Chinese official): that is X's own proposal, left to the act Z itself."""
        for comp in dependents(verb, "ccomp"):
            if not any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in comp.children):
                continue
            sources = self.subjects(verb)
            targets = [t for s in dependents(comp, "nsubj", "nsubjpass") for t in self.index.named(s)]
            if sources and targets and not any(_same_side(a, t) for a in sources for t in targets):
                return Clause(comp, "100", sources, targets, False, unit)
        return None

    def _with_partner(self, verb: Token, noun: Token | None) -> bool:
        """Whether coordinated parties of a mutual act meet someone else: *with* or *between* a
        partner, or a partner as the verb's object (Britain and France will meet Iranian officials)."""
        heads = [verb] + ([noun] if noun is not None else [])
        if any(p.dep_ == "prep" and p.lower_ in ("with", "between") for h in heads for p in h.children):
            return True
        # the object names the partner itself (not a place in its phrase: an agreement in Riyadh);
        # a role word left unresolved is no partner (exchanged prisoners)
        return any(a.start <= o.idx < a.end and not (a.rule or "").startswith("unresolved")
                   for o in dependents(verb, "dobj") if noun is None or o.i != noun.i for a in self.index.named(o))

    def _suppress(self, trigger: Token, suppressed: set[int], code: str = "") -> None:
        """Mark the acts governed by a coded trigger as parts of it, not events of their own.

        Besides its complements, that covers an infinitive of purpose parsed as an adverbial
        clause under a verbal act (*pressured by Congress to help Iran*, *met Assad to discuss ...*:
        the help is demanded, the discussion is the meeting) and the toll of a violent act (*bombarded the
        city, killing eight people*: one attack, not two).
        """
        for child in trigger.children:
            if child.dep_ == "advcl" and purpose_infinitive(child, code):
                suppressed.update(t.i for t in child.subtree)
                continue
            if child.dep_ == "advcl" and _violent_toll(child, code):
                # killing one person and arresting 12: the arrests are acts of their own
                own = {t.i for c in child.children if c.dep_ == "conj" and c.lemma_.lower() not in TOLL_VERBS
                       for t in c.subtree}
                suppressed.update(t.i for t in child.subtree if t.i not in own)
                continue
            if child.dep_ in INDEPENDENT or child.dep_ in SUBJECT_DEPS:
                continue  # the subject's own relative clause (Iran, which attacked Iraq, ...) stands apart
            suppressed.update(t.i for t in child.subtree)

    def _nominals(self, unit: Span, taken: set[int]) -> list[Clause]:
        """Standalone event nouns whose participants are named: the meeting between A and B."""
        nouns = self.patterns.nouns
        found = []
        for token in unit:
            if token.i in taken or token.pos_ != "NOUN":
                continue
            rule = nouns.get(norm_lemma(token)) or nouns.get(token.lemma_.lower())
            if rule is None or not rule.code or not rule.symmetric:
                continue
            between = [p for p in dependents(token, "prep") if p.lower_ == "between"]
            if between:
                members = [a for p in between for o in dependents(p, "pobj") for a in self.index.named(o)]
                if len(members) >= 2:
                    found.append(Clause(token, rule.code, members[:1], members[1:], True, unit, token))
                continue
            phrase_heads = [token]
            if token.dep_ == "pobj" and token.head.head.lemma_.lower() in PARTITIVES:
                phrase_heads.append(token.head.head)  # several rounds of talks ..., held
            held = any(c.dep_ == "acl" and c.lemma_.lower() in ("hold", "conduct")
                       for head in phrase_heads for c in head.children)
            if held and self.index.dyad is not None and not self.noun_targets(token):
                # "several rounds of talks ..., held earlier this year": the story's two parties
                first, second = self.index.dyad
                found.append(Clause(token, rule.code, [first], [second], True, unit, token))
                continue
            pair = self._hyphenated_pair(token)
            if pair:  # the US-China talks, the first EU-Ukraine summit
                found.append(Clause(token, rule.code, pair[:1], pair[1:], True, unit, token))
                continue
            owners = [a for c in token.children if c.dep_ in ("poss", "amod", "compound")
                      for a in self.index.named(c)]
            partners = self.noun_targets(token) if owners else []
            partners = [p for p in partners if all(p is not o for o in owners)]
            if owners and partners:
                found.append(Clause(token, rule.code, owners[:1], partners, True, unit, token))
        return found


    def _hyphenated_pair(self, noun: Token) -> list[Actor]:
        """The two parties of a hyphenated modifier ("US-China talks": *US* hangs on *China* with
        the hyphen beside it), each a different party, where the noun is the subject of a verb
        saying it happens or ends ("the EU-Ukraine summit will be held", "India-Pakistan talks
        ended"); not a description ("Russian-Indian cooperation is a key factor": wire-gold train
        lost a hit and gained a false alarm when every hyphenated noun was an event); else none."""
        if noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.lemma_.lower() not in OCCURRING:
            return []
        for second in dependents(noun, "compound", "amod"):
            for first in dependents(second, "compound", "amod"):
                if not any(c.dep_ == "punct" and c.text in ("-", "–") and first.i < c.i < second.i for c in second.children):
                    continue
                parties = self.index.named(first) + self.index.named(second)
                if len({a.country or a.org for a in parties} - {None}) == 2:
                    return parties
        return []


def _same_side(a: Actor, b: Actor) -> bool:
    """Whether two actors are one side: the same country or organisation, and not two sectors of it
    (rebels who say the government must agree make a demand of it; a Chinese official speaking
    for "China and Singapore" does not). A country named only by an adjective inside another
    name ("his Rwandan Patriotic Front") says nothing of the side."""
    def whole(actor: Actor) -> bool:
        return not actor.sector and "adjective" not in (actor.rule or "")

    return bool(a.country or a.org) and (a.country or a.org) == (b.country or b.org) \
        and (a.sector == b.sector or whole(a) or whole(b))


def _counted_object(verb: Token) -> list[Token]:
    """The object behind "up to" a number, which the parser reads as the verb's particle and a
    prepositional phrase ("kidnapped up to 16 Russian advisers": "up" a particle, "advisers" the
    object of "to")."""
    return [pobj for prt in dependents(verb, "prt") if prt.lower_ == "up"
            for prep in dependents(prt, "prep") if prep.lower_ == "to"
            for pobj in dependents(prep, "pobj") if any(c.dep_ == "nummod" for c in pobj.children)]


def _misread_main_verb(verb: Token) -> bool:
    """A past-tense verb with an object that the parser hung on a sentence-root noun as a reduced
    relative ("Israeli air strikes [ROOT] killed [acl] 12 people", also before "..., officials
    said"): the sentence's main verb, with that noun its subject. A true reduced relative is
    passive and takes no object ("the strikes launched on Monday")."""
    noun = verb.head
    misplaced = noun.dep_ == "ROOT" or (noun.dep_ == "nsubj" and noun.head.lemma_.lower() in cues().reporting_verbs)
    return (verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and noun.pos_ == "NOUN" and misplaced
            and verb.i > noun.i and any(c.dep_ == "dobj" for c in verb.children))


def _obliged(verb: Token) -> bool:
    """*Iraq must cooperate*: an act someone is told to perform has not happened; nor has one
    another party wants or expects (*Obama wants Putin to attack*)."""
    if any(c.dep_ == "aux" and c.lower_ in cues().obligation_auxiliaries for c in verb.children):
        return True
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in cues().wish_verbs \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


TOLL_VERBS = frozenset({"kill", "wound", "injure", "leave", "destroy", "damage"})


def _violent_toll(clause: Token, code: str) -> bool:
    """*..., killing at least eight people* after an attack: the attack's toll, not a second act."""
    return code[:2] in ("18", "19", "20") and clause.tag_ == "VBG" and clause.lemma_.lower() in TOLL_VERBS \
        and not any(c.dep_ in ("nsubj", "mark") for c in clause.children)


def _by_depth(unit: Span) -> list[Token]:
    """The unit's tokens nearer the root first, then in text order (depth counted at most to 50).

    Each token's depth is remembered, so a path up the tree is walked once per sentence, not
    once per token below it."""
    depths: dict[int, int] = {}

    def depth(token: Token) -> int:
        chain, node = [], token
        while node.i not in depths and node.head.i != node.i and len(chain) < 50:
            chain.append(node.i)
            node = node.head
        if node.i not in depths and node.head.i != node.i:
            return 50  # fifty steps up and no root yet: the cap, remembered for nothing on the way
        known = depths.setdefault(node.i, 0)
        for i in reversed(chain):
            known = depths[i] = min(known + 1, 50)
        return depths[token.i]

    return sorted(unit, key=lambda token: (depth(token), token.i))
