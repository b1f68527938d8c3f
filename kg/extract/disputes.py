"""Disputed claims: one source asserts an event, another denies it.

Two ways a denial is found:

* explicitly, a Denial or Rejection whose object names an event class ("denied any talks", "dismissed any
  contact") links, through ``geo:denies``, to the events of that class asserted in other claims in which
  the denier's side takes part;
* implicitly, a negated event in one claim ("the US has not started any talks with Russia", says a US
  official) contradicting the same kind of event between the same sides in another claim becomes a
  Denial by that claim's nearest source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from kg.types import Event, Extraction

_DENYING = {"Denial", "Rejection"}
_HOSTILE = {"MilitaryAction", "Coercion", "MassViolence", "Sanction", "Threat"}


def _sides(ev: Event, country: Callable[[str], str | None]) -> set[str]:
    return {c for c in (country(ev.agent) if ev.agent else None, country(ev.target) if ev.target else None) if c}


def link_disputes(
    ex: Extraction,
    about_class: dict[str, str | None],
    country: Callable[[str], str | None],
    *,
    next_id: int,
) -> None:
    """Fill ``Event.denies`` and add implicit Denial events, in place."""
    sources = {c.id: tuple(c.sources) for c in ex.claims}
    asserted = [e for e in ex.events if not e.negated and e.modality != "hypothetical" and e.type not in _DENYING]

    def contradicted(by: Event, cls: str | None, sides: set[str]) -> list[str]:
        return [
            e.id for e in asserted
            if e.type == cls and e.claim != by.claim and sources.get(e.claim) != sources.get(by.claim)
            and (not sides or sides & _sides(e, country))
        ]

    for ev in ex.events:
        if ev.type in _DENYING and about_class.get(ev.id) and not ev.denies:
            side = {country(ev.agent)} - {None} if ev.agent else set()
            ev.denies = contradicted(ev, about_class[ev.id], side)  # type: ignore[arg-type]

    # "the coast guard denied taking any measures against Philippine personnel": a denial by one side of
    # hostile acts against another denies what other claims say that side did to it
    for ev in ex.events:
        if ev.type != "Denial" or ev.denies or ev.agent is None:
            continue
        denier = country(ev.agent)
        aimed = {country(ev.target)} if ev.target else set()
        ev.denies = [
            e.id for e in asserted
            if e.type in _HOSTILE and e.claim != ev.claim and e.agent and country(e.agent) == denier
            and (not aimed or (e.target and country(e.target) in aimed))
        ] if denier else []

    explicit = {(ev.claim, d) for ev in ex.events for d in ev.denies}
    added: list[Event] = []
    for ev in list(ex.events):
        # only a factual negation ("has not started any talks") denies; "would not discuss" is a refusal
        if not ev.negated or ev.modality is not None:
            continue
        denied = [d for d in contradicted(ev, ev.type, _sides(ev, country)) if (ev.claim, d) not in explicit]
        if not denied:
            continue
        claim_sources = sources.get(ev.claim) or ()
        agent = claim_sources[0] if claim_sources else ev.agent
        added.append(replace(
            ev, id=f"{ex.article.id}/{next_id + len(added)}", type="Denial", cameo="016", agent=agent,
            target=None, negated=False, modality=None, about=ev.id, denies=denied, date=None,
        ))
        explicit.update((ev.claim, d) for d in denied)
    ex.events.extend(added)
