"""Loaders for the lexicons under ``data/lexicon`` (triggers, attribution words)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """The ``data/`` folder: ``$KG_DATA_DIR`` or the one beside the ``kg`` package."""
    env = os.environ.get("KG_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


def load_json(relative: str) -> Any:
    path = data_dir() / relative
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@dataclass(frozen=True)
class Trigger:
    """One trigger entry: a lemma (plus constraints) that signals an event class."""

    cls: str
    cameo: str
    lemma: str
    pos: str  # "VERB" or "NOUN"
    modifier: tuple[str, ...] = ()  # words before the head of a multi-word noun ("air" in "air strike")
    particle: str | None = None
    prep: str | None = None
    objects: frozenset[str] = frozenset()
    prep_objects: frozenset[str] = frozenset()
    actor_or: frozenset[str] = frozenset()
    object_is_actor: bool = False
    object_not_actor: bool = False
    object_not_person: bool = False
    object_not_clause: bool = False
    prep_required: str | None = None
    not_prep: str | None = None
    requires_xcomp: bool = False
    clause_only: bool = False  # the verb must head a clause, not modify a noun ("licences allowing ..." is no act)
    light: frozenset[str] = frozenset()
    compound_of: frozenset[str] = frozenset()
    agent_required: bool = False
    negated_cls: str | None = None
    negated_cameo: str | None = None
    modal_cls: str | None = None
    modal_cameo: str | None = None
    symmetric: bool = False
    only_negated: bool = False

    @property
    def specificity(self) -> int:
        """How many constraints the entry has: the most specific matching entry wins.  A list of objects
        counts twice: "accept the demands" is more specific than "accept anything that is not an actor"."""
        return bool(self.objects) + bool(self.prep_objects) + sum(
            bool(x)
            for x in (
                self.modifier, self.particle, self.prep, self.objects, self.prep_objects, self.actor_or,
                self.object_is_actor, self.object_not_actor, self.prep_required, self.requires_xcomp,
                self.light, self.compound_of, self.object_not_person, self.object_not_clause,
            )
        )


def _trigger(raw: dict[str, Any]) -> Trigger:
    words = raw["lemma"].split()
    lemma, modifier, particle = words[-1], tuple(words[:-1]), raw.get("particle")
    if raw["pos"] == "VERB" and len(words) > 1:
        lemma, modifier, particle = words[0], (), words[1]
    neg = raw.get("negated") or {}
    modal = raw.get("modal") or {}
    return Trigger(
        cls=raw["class"],
        cameo=raw["cameo"],
        lemma=lemma,
        pos=raw["pos"],
        modifier=modifier,
        particle=particle,
        prep=raw.get("prep"),
        objects=frozenset(raw.get("object", ())),
        prep_objects=frozenset(raw.get("prep_object", ())),
        actor_or=frozenset(raw.get("object_is_actor_or", ())),
        object_is_actor=bool(raw.get("object_is_actor")),
        object_not_actor=bool(raw.get("object_not_actor")),
        object_not_person=bool(raw.get("object_not_person")),
        object_not_clause=bool(raw.get("object_not_clause")),
        prep_required=raw.get("prep_required"),
        not_prep=raw.get("not_prep"),
        requires_xcomp=bool(raw.get("requires_xcomp")),
        clause_only=bool(raw.get("clause_only")),
        light=frozenset(raw.get("light", ())),
        compound_of=frozenset(raw.get("compound_of", ())),
        agent_required=bool(raw.get("agent_required")),
        negated_cls=neg.get("class"),
        negated_cameo=neg.get("cameo"),
        modal_cls=modal.get("class"),
        modal_cameo=modal.get("cameo"),
        symmetric=bool(raw.get("symmetric")),
        only_negated=bool(raw.get("only_negated")),
    )


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, str], tuple[Trigger, ...]]  # (lemma, pos) -> entries, most specific first
    reporting_verbs: frozenset[str]
    reporting_nouns: frozenset[str]
    source_nouns: frozenset[str]
    anonymity_phrases: tuple[str, ...]
    media_nouns: frozenset[str]  # "Western media", "the press": unnamed media groups
    light_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    modals: dict[str, str]
    hypothetical_markers: frozenset[str]
    pronouns: dict[str, frozenset[str]] = field(default_factory=dict)
    recipient_verbs: frozenset[str] = frozenset()
    target_preps: frozenset[str] = frozenset()
    coreference: dict[str, Any] = field(default_factory=dict)
    threat_words: frozenset[str] = frozenset()
    violation_verbs: dict[str, bool] = field(default_factory=dict)
    violation_objects: frozenset[str] = frozenset()
    lemma_fixes: dict[str, str] = field(default_factory=dict)
    non_events: frozenset[str] = frozenset()  # compounds of a trigger noun that name no event ("press release")

    def entries(self, lemma: str, pos: str) -> tuple[Trigger, ...]:
        return self.triggers.get((lemma.lower(), pos), ())

    @cached_property
    def anchor_verbs(self) -> frozenset[str]:
        """Light and recipient verbs: what a nominal event hangs on ("held talks", "received aid")."""
        return self.light_verbs | self.recipient_verbs


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read ``data/lexicon/triggers.json`` and ``attribution.json`` (cached)."""
    raw = load_json("lexicon/triggers.json")["triggers"]
    by_key: dict[tuple[str, str], list[Trigger]] = {}
    for item in raw:
        t = _trigger(item)
        by_key.setdefault((t.lemma, t.pos), []).append(t)
    triggers = {k: tuple(sorted(v, key=lambda t: -t.specificity)) for k, v in by_key.items()}
    att = load_json("lexicon/attribution.json")
    return Lexicon(
        triggers=triggers,
        reporting_verbs=frozenset(att["reporting_verbs"]),
        reporting_nouns=frozenset(att["reporting_nouns"]),
        source_nouns=frozenset(att["source_nouns"]),
        anonymity_phrases=tuple(att["anonymity_phrases"]),
        media_nouns=frozenset(att["media_nouns"]),
        light_verbs=frozenset(att["light_verbs"]),
        negating_verbs=frozenset(att["negating_verbs"]),
        modals=dict(att["modals"]),
        hypothetical_markers=frozenset(att["hypothetical_markers"]),
        pronouns={k: frozenset(v) for k, v in att["pronouns"].items()},
        recipient_verbs=frozenset(att.get("recipient_verbs", ())),
        target_preps=frozenset(att.get("target_preps", ())),
        coreference=load_json("lexicon/coreference.json"),
        threat_words=frozenset(att.get("threat_words", ())),
        violation_verbs=dict(att.get("violation_verbs", {})),
        violation_objects=frozenset(att.get("violation_objects", ())),
        lemma_fixes=dict(att.get("lemma_fixes", {})),
        non_events=frozenset(load_json("lexicon/triggers.json").get("non_events", ())),
    )
