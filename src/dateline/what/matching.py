"""Which pattern rule a word of the parse meets: a verb's rule by its object, particle,
preposition, complement and voice; a light verb's event noun; the constructions whose subject does
not act (an undergoing verb's subject undergoes its noun, a headline's passive without its
auxiliary). The clause finder (clauses.py) reads the arguments of what matches here; the learned
decision asks here which senses the patterns deny.
"""
from __future__ import annotations

from spacy.tokens import Token

from .ontology import Patterns, Rule

LIGHT_NOUN_PREPS = frozenset({"in", "into"})
OWN_ACT = frozenset({"*"})  # a pattern's comp: ["*"]: a verb the trigger's own subject does
ANY = OWN_ACT  # a pattern's object: ["*"]: any direct object (not "in Serbia")

# spaCy may parse a headline and the lead as one tree; arguments are only looked for inside the
# sentence unit being coded, whose bounds ClauseFinder.find keeps on the Doc it codes (state of
# that document, not of the module, so two documents never share it).
UNIT_KEY = "dateline.what.unit"


def dependents(token: Token, *deps: str) -> list[Token]:
    """The token's children with these dependency labels, inside the sentence unit being coded."""
    start, end = token.doc.user_data.get(UNIT_KEY, (0, len(token.doc)))
    return [c for c in token.children if c.dep_ in deps and start <= c.i < end]


RELATIVE_PRONOUNS = frozenset({"which", "that", "whom", "who"})


def _object(verb: Token) -> Token | None:
    """The verb's object; in a relative clause on it, the noun the clause modifies ("the currency
    pact they struck": a pact struck, not a strike)."""
    objects = dependents(verb, "dobj", "attr", "oprd")
    relative = verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN")
    if objects:
        return verb.head if relative and objects[0].lower_ in RELATIVE_PRONOUNS else objects[0]
    if relative and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children):
        return verb.head
    # light verbs with a prepositional event noun: engage in negotiations, enter into talks
    for prep in dependents(verb, "prep"):
        if prep.lower_ in LIGHT_NOUN_PREPS:
            pobj = dependents(prep, "pobj")
            if pobj:
                return pobj[0]
    return None


def norm_lemma(token: Token) -> str:
    return token.lemma_.lower() if token.lower_ not in ("talks", "negotiations", "sanctions", "arms") else token.lower_


def _has_particle(verb: Token, particle: str) -> bool:
    """*give up*, and the split *hand the islands over to Japan* (parsed as a preposition)."""
    for child in verb.children:
        if child.dep_ in ("prt", "prep", "advmod") and child.lower_ == particle:
            return True
        if child.dep_ == "dobj":
            for member in (child, *child.conjuncts):
                if any(g.dep_ == "prep" and g.lower_ == particle for g in member.children):
                    return True
    return False


def _object_words(obj: Token) -> set[str]:
    """Words that may name what an object is: its head, its compounds (*emergency measures*),
    and the noun of a partitive (*part of a military aid program*, *5 million dollars of aid*)."""
    words = {norm_lemma(obj), obj.lemma_.lower()}
    words.update(c.lemma_.lower() for c in obj.children if c.dep_ == "compound")
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    words.update({norm_lemma(pobj), pobj.lemma_.lower()})
                    words.update(c.lemma_.lower() for c in pobj.children if c.dep_ == "compound")
    return words


def _rule_matches(rule: Rule, verb: Token, passive: bool) -> bool:
    if rule.voice == "active" and passive or rule.voice == "passive" and not passive:
        return False
    if rule.particle is not None and not _has_particle(verb, rule.particle):
        return False
    if rule.preps:
        if not any(c.dep_ in ("prep", "prt") and c.lower_ in rule.preps for c in verb.children):
            return False
    if rule.objects:
        obj = _object(verb) if rule.objects != ANY else next(iter(dependents(verb, "dobj")), None)
        if passive:
            obj = next(iter(dependents(verb, "nsubjpass")), obj)
        if obj is None or not (rule.objects == ANY or _object_words(obj) & rule.objects):
            return False
    if rule.comps == OWN_ACT:
        # helped end a freeze, helped negotiate a withdrawal: the party does the act itself
        return any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in verb.children) and _object(verb) is None
    if rule.comps:
        comps = set()
        for child in verb.children:
            # (sworn to fight: the infinitive is sometimes parsed as an adverbial clause)
            if child.dep_ in ("xcomp", "ccomp", "acomp", "oprd") or (child.dep_ == "advcl" and purpose_infinitive(child)):
                comps.add(child.lemma_.lower())
                comps.update(g.lemma_.lower() for g in child.children if g.dep_ in ("prt", "xcomp"))
            preps = [child] if child.dep_ == "prep" else []
            if child.dep_ == "dobj":  # viewed that demand as inadmissible
                preps = [g for g in child.children if g.dep_ == "prep"]
            for prep in preps:
                for grand in prep.children:
                    if grand.dep_ in ("pobj", "pcomp", "amod", "acomp"):
                        comps.add(grand.lemma_.lower())
                    elif grand.dep_ == "prep":  # pulled out of the talks
                        comps.update(g.lemma_.lower() for g in grand.children if g.dep_ == "pobj")
        if not comps & rule.comps:
            return False
    return True


def undergone_noun(verb: Token, pats: Patterns) -> tuple[Token, Rule] | None:
    """The event noun an undergoing verb's subject undergoes ("drew criticism", "came under
    pressure", "faced threats"; ``undergoing_verbs``, with the roots its noun may have), and its
    rule; None for any other use of a verb."""
    lemma = verb.lemma_.lower()
    for key, roots in pats.undergoing.items():
        word, _, prep = key.partition(" ")
        if word != lemma:
            continue
        heads = [p for p in dependents(verb, "prep") if p.lower_ == prep] if prep else [verb]
        for noun in (n for h in heads for n in dependents(h, "pobj" if prep else "dobj")):
            found = _light_rule(noun, {}, pats)
            if found is not None and found[0].code and (roots is None or found[0].code[:2] in roots):
                return noun, found[0]
    return None


def reduced_passive(verb: Token, pats: Patterns) -> bool:
    """A headline's passive without its auxiliary, which the parser reads as active with the one
    acted on as the subject: a past participle as the sentence's verb ("Two Chinese journalists
    detained in Myanmar"), or a verb that asks someone else to act (``object_control_verbs``:
    urge, ask, press) with an infinitive but no one named to do it ("UN urged to launch global
    effort")."""
    if verb.dep_ != "ROOT" or dependents(verb, "aux", "auxpass", "nsubjpass", "dobj", "dative"):
        return False
    if verb.tag_ == "VBN" and dependents(verb, "nsubj"):
        return True
    return verb.lemma_.lower() in pats.object_control and any(c.dep_ == "xcomp" and _to_infinitive(c) for c in verb.children)


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def reciprocal_object(verb: Token) -> bool:
    """Whether the verb's object is "each other" or "one another", or theirs ("attacked each
    other's policies")."""
    for obj in dependents(verb, "dobj"):
        for word in (obj, *dependents(obj, "poss")):
            words = {word.lower_} | {c.lower_ for c in word.children if c.dep_ == "det"}
            if words in ({"other", "each"}, {"one", "another"}):
                return True
    return False


def verb_lemma(verb: Token, pats: Patterns) -> str:
    """The verb's lemma, repaired where the lemmatizer is known to slip (*staged* → *stag*)."""
    lemma = verb.lemma_.lower()
    if lemma in pats.verbs or lemma in pats.light_verbs:
        return lemma
    word = verb.lower_
    for candidate in (word[:-1], word[:-2], word[:-3] + "e", word[:-3], word[:-2] + "e"):
        if len(candidate) > 2 and (candidate in pats.verbs or candidate in pats.light_verbs) \
                and word.endswith(("ed", "es", "ing", "s", "d")):
            return candidate
    return lemma


def _verb_rule(verb: Token, lemma: str, pats: Patterns) -> Rule | None:
    """The first of the lemma's verb rules this use of the verb meets (its object, particle,
    preposition, complement and voice), if any."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    return next((rule for rule in pats.verbs.get(lemma, ()) if _rule_matches(rule, verb, passive)), None)


def match_verb(verb: Token, pats: Patterns) -> tuple[Rule, Token | None] | None:
    """The rule a verb triggers (and the event noun of a light verb), if any."""
    lemma = verb_lemma(verb, pats)
    rule = _verb_rule(verb, lemma, pats)
    if rule is not None:
        return (rule, None) if rule.code else None
    if lemma in pats.light_verbs:
        overrides = pats.light_overrides.get(lemma, {})
        for noun in _light_objects(verb):
            found = _light_rule(noun, overrides, pats)
            if found is not None:
                return found
    return None


def blocked_roots(verb: Token, pats: Patterns) -> set[str]:
    """The roots of the senses the patterns deny this use of the verb (a rule with code null: a
    signed letter is no agreement, 05; a released video no release of people, 08), so that the
    learned decision does not give it them either. A sense its object selects denies the verb's
    other senses the same way: a truce struck is no air strike (19), a deal struck no attack."""
    lemma = verb_lemma(verb, pats)
    rule = _verb_rule(verb, lemma, pats)
    if rule is None or (rule.code and (not rule.objects or "*" in rule.objects)):
        return set()
    return {r.code[:2] for r in pats.verbs[lemma] if r.code and r.code[:2] != (rule.code or "")[:2]}


def _light_objects(verb: Token) -> list[Token]:
    """Candidate event nouns of a light verb: its object, then *in/into* objects (engaged the
    peacekeepers in a firefight)."""
    nouns = dependents(verb, "dobj", "attr", "oprd")
    for prep in dependents(verb, "prep"):
        if prep.lower_ in LIGHT_NOUN_PREPS:
            nouns += dependents(prep, "pobj")
    return nouns


def _light_rule(noun: Token, overrides: dict[str, str | None], pats: Patterns) -> tuple[Rule, Token] | None:
    for key in _light_keys(noun):
        if key in overrides:
            code = overrides[key]
            if code is None:
                return None
            base = pats.nouns.get(key)
            return Rule(code, symmetric=bool(base and base.symmetric)), noun
        rule = pats.nouns.get(key)
        if rule and rule.code:
            if key in ("strike", "attack") and any(c.lower_ == "air" for c in noun.children):
                return Rule("195"), noun  # an air strike
            return rule, noun
    return None


PARTITIVES = frozenset({"round", "series", "number", "set", "wave", "part", "string"})


def _light_keys(noun: Token) -> list[str]:
    """The event noun after a light verb: the object, or the noun of a partitive object
    (*another round of talks*)."""
    # a compound first: a *phone call* is not a *call* for something
    keys = [f"{c.lower_} {noun.lemma_.lower()}" for c in noun.children if c.dep_ == "compound"]
    keys += [norm_lemma(noun), noun.lemma_.lower()]
    if noun.lemma_.lower() in PARTITIVES:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                keys += [k for p in prep.children if p.dep_ == "pobj" for k in (norm_lemma(p), p.lemma_.lower())]
    return keys


# Acts whose purpose infinitive is wanted, not done: verbal acts, and concessions made so that
# something may follow (opened the bridge to allow deliveries).
VERBAL_ROOTS = frozenset({"02", "03", "04", "08", "10", "11", "12", "13"})


def purpose_infinitive(clause: Token, code: str = "02") -> bool:
    """*to help Iran* under another act: an infinitive with no subject or subordinator of its own,
    wanted rather than done, so never an event of its own. Under a verbal act (a demand, a
    meeting) its whole clause is the act's; under a material act its own adverbials may still
    be acts (*opened fire to disperse them, killing one and arresting 12*)."""
    return code[:2] in VERBAL_ROOTS and clause.tag_ == "VB" and _to_infinitive(clause) \
        and not any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in clause.children)
