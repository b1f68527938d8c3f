#!/usr/bin/env python3
"""Generate the CAMEO and PLOVER code lists of geokg.

Reads three tables from the bench directory (``../shared/bench`` by default):

* ``CAMEO.eventcodes.GDELT.txt``      CAMEO event code -> description (GDELT lookup table)
* ``CAMEO.goldsteinscale.GDELT.txt``  CAMEO event code -> Goldstein scale value (GDELT lookup table)
* ``CAMEO2PLOVER-2021.txt``           CAMEO event code -> PLOVER category (PLOVER manual draft 0.8)
* ``plover_gsr_cameo.json``           PLOVER 0.5b1 gold records (only the category names are used)

and writes

* ``ontology/cameo.ttl``    one ``skos:Concept`` per CAMEO event code
* ``ontology/plover.ttl``   one ``skos:Concept`` per PLOVER category, plus deprecated 0.5b1 names
* ``data/codes/cameo.json`` the lookup table used at runtime by :mod:`kg.codes`

Only facts (codes, CAMEO descriptions as labels, Goldstein values, category names) are taken from the
tables; PLOVER definitions and comments are written here.  The output is deterministic.

Usage::

    python scripts/build_code_lists.py [--bench DIR] [--out ROOT]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = ROOT.parent / "shared" / "bench"

GEO = "https://w3id.org/geokg/ontology#"
CAMEO = "https://w3id.org/geokg/cameo/"
PLOVER = "https://w3id.org/geokg/plover/"

#: Current PLOVER categories (PLOVER manual draft 0.8): label and a definition in our own words.
PLOVER_CATEGORIES: dict[str, tuple[str, str]] = {
    "AGREE": ("Agree", "An actor agrees to, promises or says it intends to do something cooperative for or with "
              "another actor: meet, negotiate, give aid, ease restrictions, settle a dispute."),
    "CONSULT": ("Consult", "Actors talk with each other: calls, visits, meetings, mediation and negotiation."),
    "SUPPORT": ("Support", "Verbal or diplomatic backing of another actor: praise, endorsement, defence, "
                "recognition, apology, forgiveness, formal agreements."),
    "CONCEDE": ("Concede", "An actor gives in on a political matter: eases restrictions on rights or dissent, or "
                "accedes to calls for reform or a change of leadership or policy."),
    "COOPERATE": ("Cooperate", "Material cooperation between actors in economic, military, judicial or "
                  "intelligence matters."),
    "AID": ("Aid", "An actor gives material help to another: economic, military or humanitarian aid, protection, "
            "asylum."),
    "RETREAT": ("Retreat", "An actor steps back from a coercive position: releases people or property, lifts "
                "sanctions, lets in outside observers or aid, de-escalates, declares a ceasefire, withdraws."),
    "REQUEST": ("Request", "An actor asks or demands that another actor do something: give help, change leaders "
                "or policy, yield, or meet."),
    "ACCUSE": ("Accuse", "An actor disapproves of, criticises, accuses, sues or investigates another actor."),
    "REJECT": ("Reject", "An actor turns down a request, proposal or demand, refuses to yield, defies norms or "
               "uses a veto."),
    "THREATEN": ("Threaten", "An actor warns that it will take coercive or violent action against another actor "
                 "unless something happens."),
    "PROTEST": ("Protest", "Civil dissent: demonstrations, rallies, hunger strikes, strikes and boycotts, "
                "blockades of passage, riots."),
    "SANCTION": ("Sanction", "An actor reduces its relations with another: breaks diplomatic ties, stops aid, "
                 "halts talks, expels or withdraws personnel."),
    "MOBILIZE": ("Mobilize", "An actor shows or raises its armed or police strength without using it: alerts, "
                 "mobilisation, deployments."),
    "COERCE": ("Coerce", "Use of state power short of armed force against people or property: seizures, "
               "administrative restrictions, arrests, deportations, embargoes, blockades, occupation."),
    "ASSAULT": ("Assault", "Physical violence against people or property: abductions, beatings, bombings, "
                "assassinations, armed combat, mass violence."),
}

#: PLOVER 0.5b1 names used by the gold records, with the current category and the CAMEO roots each covered.
#: The roots are used to check the correspondence against CAMEO2PLOVER-2021 and to write the justification.
PLOVER_LEGACY: dict[str, tuple[str, str, tuple[str, ...]]] = {
    # name: (current category, label, CAMEO roots the old category covered)
    "DEMAND": ("REQUEST", "Demand", ("10",)),
    "DISAPPROVE": ("ACCUSE", "Disapprove", ("11",)),
    "INVESTIGATE": ("ACCUSE", "Investigate", ("09",)),
    "FIGHT": ("ASSAULT", "Fight", ("19", "20")),
}

#: Category names in the gold file that are not events (file documentation records).
NON_EVENT_NAMES = {"DOCUMENT"}

#: Mis-decoded characters seen in the GDELT description table (Mac Roman curly quotes read as Latin-1).
_MOJIBAKE = {"\u00d2": "\u201c", "\u00d3": "\u201d", "\u00d5": "\u2019", "\u00d4": "\u2018"}

CODE_RE = re.compile(r"^[0-9]{2,4}$")


def parent(code: str) -> str | None:
    """CAMEO parent code: ``036 -> 03``, ``0311 -> 031``, roots have none."""
    return code[:-1] if len(code) > 2 else None


def clean_label(text: str) -> str:
    text = " ".join(text.split())
    for bad, good in _MOJIBAKE.items():
        text = text.replace(bad, good)
    if text.isupper():  # root labels are written in capitals: "MAKE PUBLIC STATEMENT"
        text = text.capitalize()
    return text


def read_tsv(path: Path) -> dict[str, str]:
    rows: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        header = fh.readline()
        if not header.startswith("CAMEOEVENTCODE"):
            raise SystemExit(f"{path}: unexpected header {header!r}")
        for n, line in enumerate(fh, start=2):
            if not line.strip():
                continue
            code, _, value = line.rstrip("\n").partition("\t")
            code = code.strip()
            if not CODE_RE.match(code):
                raise SystemExit(f"{path}:{n}: bad CAMEO code {code!r}")
            if code in rows:
                raise SystemExit(f"{path}:{n}: duplicate code {code}")
            rows[code] = value.strip()
    return rows


def read_cameo2plover(path: Path) -> tuple[dict[str, str], list[str]]:
    """CAMEO code -> PLOVER category.  The first mapping of a code wins (``08`` is listed twice: the
    root maps to CONCEDE, the RETREAT header only opens the 084-087 block); duplicates are reported."""
    mapping: dict[str, str] = {}
    notes: list[str] = []
    line_re = re.compile(r"^\s*([0-9]{2,4})\s*:\s*([A-Z]+)")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            m = line_re.match(line)
            if not m:
                continue
            code, cat = m.groups()
            if code in mapping:
                if mapping[code] != cat:
                    notes.append(f"{code}: listed as {mapping[code]} and {cat}; kept {mapping[code]}")
                continue
            mapping[code] = cat
    return mapping, notes


def legacy_names(path: Path) -> set[str]:
    records = json.loads(path.read_text(encoding="utf-8"))
    return {r["event"] for r in records if isinstance(r, dict) and r.get("event")}


def ttl_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def decimal_literal(value: Decimal) -> str:
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return text  # a Turtle DECIMAL token is an xsd:decimal


def legacy_match(name: str, current: str, roots: tuple[str, ...], mapping: dict[str, str]) -> tuple[str, str]:
    """The SKOS mapping property from a 0.5b1 name to its successor, and the reasoning as a comment.

    exactMatch when, in CAMEO2PLOVER-2021, the successor covers exactly the CAMEO codes under the roots the
    old category covered; closeMatch when the successor is wider or the codes are split."""
    parts = []
    covered = {c for c in mapping if c[:2] in roots and len(c) > 2}
    for root in roots:
        codes = sorted(c for c in covered if c.startswith(root))
        counts = Counter(mapping[c] for c in codes)
        others = sorted(c for c in codes if mapping[c] != current)
        text = f"CAMEO {root}: {counts[current]} of {len(codes)} codes map to {current}"
        if others:
            text += " (" + ", ".join(f"{c} to {mapping[c]}" for c in others) + ")"
        parts.append(text)
    successor = {c for c, cat in mapping.items() if cat == current and len(c) > 2}
    outside = sorted({c[:2] for c in successor - covered})
    split = sorted(c for c in covered if mapping[c] != current)
    exact = not outside and not split
    reason = f"{current} covers the same CAMEO codes, hence skos:exactMatch." if exact else (
        f"{current} is not the same set of codes"
        + (f" (it also takes codes under CAMEO {', '.join(outside)})" if outside else "")
        + (" and some codes went to other categories" if split else "")
        + ", hence skos:closeMatch."
    )
    comment = (
        f"PLOVER 0.5b1 category {name}, used by the PLOVER gold-standard records; PLOVER draft 0.8 replaces it "
        f"with {current}. Evidence from CAMEO2PLOVER-2021 for the CAMEO root(s) the old category covered: "
        + "; ".join(parts) + ". " + reason
    )
    return ("skos:exactMatch" if exact else "skos:closeMatch"), comment


def build(bench: Path, out: Path) -> dict[str, int]:
    labels = read_tsv(bench / "CAMEO.eventcodes.GDELT.txt")
    goldstein_raw = read_tsv(bench / "CAMEO.goldsteinscale.GDELT.txt")
    mapping, notes = read_cameo2plover(bench / "CAMEO2PLOVER-2021.txt")
    gold_names = legacy_names(bench / "plover_gsr_cameo.json")
    # The 2021 table lists no code under root 02 (Appeal). PLOVER's REQUEST is "make a request or demand",
    # which is what a CAMEO appeal is, and the 0.5b1 gold codes appeals as DEMAND (now REQUEST): fill 02 with
    # REQUEST rather than leave appeals without a category. Root 01 (statements) stays without one: PLOVER
    # has no statement category.
    labels_all = read_tsv(bench / "CAMEO.eventcodes.GDELT.txt")
    for code in labels_all:
        if code.startswith("02") and code not in mapping:
            mapping[code] = "REQUEST"
            notes.append(f"{code}: no mapping in CAMEO2PLOVER-2021; filled as REQUEST (appeals are requests)")

    goldstein = {c: Decimal(v) for c, v in goldstein_raw.items()}
    for c, v in goldstein.items():
        if not Decimal(-10) <= v <= Decimal(10):
            raise SystemExit(f"Goldstein value out of range for {c}: {v}")
    codes = sorted(labels, key=lambda c: (c[:2], c))
    for c in codes:
        p = parent(c)
        if p is not None and p not in labels:
            raise SystemExit(f"CAMEO code {c} has no parent {p} in the table")
    unknown_targets = sorted({v for v in mapping.values()} - set(PLOVER_CATEGORIES))
    if unknown_targets:
        raise SystemExit(f"CAMEO2PLOVER uses unknown categories: {unknown_targets}")

    legacy_in_gold = sorted(gold_names - set(PLOVER_CATEGORIES) - NON_EVENT_NAMES)
    missing = [n for n in legacy_in_gold if n not in PLOVER_LEGACY]
    if missing:
        raise SystemExit(f"gold records use PLOVER names with no declared successor: {missing}")
    # Check each legacy -> current correspondence against the table: most codes of the roots must map there.
    for name, (current, _label, roots) in PLOVER_LEGACY.items():
        codes_under = [c for c in mapping if c[:2] in roots and len(c) > 2]
        share = sum(mapping[c] == current for c in codes_under) / max(len(codes_under), 1)
        if share < 0.5:
            raise SystemExit(f"{name} -> {current} is not supported by CAMEO2PLOVER ({share:.0%})")

    # ---- cameo.ttl -------------------------------------------------------------------------------
    roots = [c for c in codes if len(c) == 2]
    lines = [
        "# GENERATED by scripts/build_code_lists.py - do not edit by hand.",
        "# Facts from the GDELT CAMEO lookup tables (event codes, descriptions, Goldstein scale) and the",
        "# CAMEO2PLOVER-2021 conversion table (PLOVER manual draft 0.8).",
        "@prefix cameo:  <https://w3id.org/geokg/cameo/> .",
        "@prefix plover: <https://w3id.org/geokg/plover/> .",
        "@prefix geo:    <https://w3id.org/geokg/ontology#> .",
        "@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dct:    <http://purl.org/dc/terms/> .",
        "@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .",
        "",
        "cameo:scheme a skos:ConceptScheme ;",
        '    dct:title "CAMEO event codes"@en ;',
        '    rdfs:comment "The CAMEO event typology (Conflict and Mediation Event Observations), one concept per '
        "event code as listed in the GDELT lookup tables, with each code's Goldstein scale value (geo:goldstein) "
        'and its PLOVER category (skos:closeMatch) where CAMEO2PLOVER-2021 gives one."@en ;',
        "    skos:hasTopConcept " + ", ".join(f"cameo:{r}" for r in roots) + " .",
        "",
    ]
    n_match = 0
    for c in codes:
        stmts = [
            "a skos:Concept",
            "skos:inScheme cameo:scheme",
            f"skos:notation {ttl_str(c)}",
            f"skos:prefLabel {ttl_str(clean_label(labels[c]))}@en",
        ]
        p = parent(c)
        if p is None:
            stmts.append("skos:topConceptOf cameo:scheme")
        else:
            stmts.append(f"skos:broader cameo:{p}")
        if c in goldstein:
            stmts.append(f"geo:goldstein {decimal_literal(goldstein[c])}")
        if c in mapping:
            stmts.append(f"skos:closeMatch plover:{mapping[c]}")
            n_match += 1
        lines.append(f"cameo:{c} " + " ;\n    ".join(stmts) + " .")
    (out / "ontology").mkdir(parents=True, exist_ok=True)
    (out / "ontology" / "cameo.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # ---- plover.ttl ------------------------------------------------------------------------------
    pl = [
        "# GENERATED by scripts/build_code_lists.py - do not edit by hand.",
        "# Category names from the PLOVER manual (draft 0.8) and the PLOVER 0.5b1 gold records;",
        "# labels, definitions and comments written for geokg.",
        "@prefix plover: <https://w3id.org/geokg/plover/> .",
        "@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix owl:    <http://www.w3.org/2002/07/owl#> .",
        "@prefix dct:    <http://purl.org/dc/terms/> .",
        "@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        "plover:scheme a skos:ConceptScheme ;",
        '    dct:title "PLOVER event categories"@en ;',
        '    rdfs:comment "Event categories of PLOVER (Political Language Ontology for Verifiable Event Records), '
        "following the category list of PLOVER manual draft 0.8; the older names of version 0.5b1 are kept as "
        'deprecated concepts so that data coded with them can be mapped."@en ;',
        "    skos:hasTopConcept " + ", ".join(f"plover:{k}" for k in PLOVER_CATEGORIES) + " .",
        "",
    ]
    for name, (label, definition) in PLOVER_CATEGORIES.items():
        pl.append(
            f"plover:{name} a skos:Concept ;\n    skos:inScheme plover:scheme ;\n    skos:topConceptOf plover:scheme ;\n"
            f"    skos:notation {ttl_str(name)} ;\n    skos:prefLabel {ttl_str(label)}@en ;\n"
            f"    skos:definition {ttl_str(definition)}@en ."
        )
    for name, (current, label, roots_) in PLOVER_LEGACY.items():
        match, comment = legacy_match(name, current, roots_, mapping)
        pl.append(
            f"plover:{name} a skos:Concept ;\n    skos:inScheme plover:scheme ;\n"
            f"    skos:notation {ttl_str(name)} ;\n    skos:prefLabel {ttl_str(label + ' (PLOVER 0.5b1)')}@en ;\n"
            f"    owl:deprecated true ;\n    {match} plover:{current} ;\n    dct:isReplacedBy plover:{current} ;\n"
            f"    rdfs:comment {ttl_str(comment)}@en ."
        )
    (out / "ontology" / "plover.ttl").write_text("\n".join(pl) + "\n", encoding="utf-8")

    # ---- data/codes/cameo.json -------------------------------------------------------------------
    table = {
        c: {
            "label": clean_label(labels[c]),
            "goldstein": float(goldstein[c]) if c in goldstein else None,
            "plover": mapping.get(c),
            "parent": parent(c),
            "root": c[:2],
        }
        for c in codes
    }
    doc = {
        "about": (
            "CAMEO event codes for runtime lookups, generated by scripts/build_code_lists.py: label (GDELT CAMEO "
            "event code table), Goldstein scale value (GDELT Goldstein table), PLOVER category (CAMEO2PLOVER-2021, "
            "PLOVER manual draft 0.8; null where the table gives none, e.g. CAMEO 01 and 02), parent and root code. "
            "plover_legacy maps PLOVER 0.5b1 category names to the current ones; plover_categories lists the "
            "current ones. Same content as ontology/cameo.ttl and ontology/plover.ttl."
        ),
        "codes": table,
        "plover_categories": list(PLOVER_CATEGORIES),
        "plover_legacy": {name: v[0] for name, v in PLOVER_LEGACY.items()},
    }
    (out / "data" / "codes").mkdir(parents=True, exist_ok=True)
    (out / "data" / "codes" / "cameo.json").write_text(
        json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for note in notes:
        print(f"note: CAMEO2PLOVER {note}", file=sys.stderr)
    skipped = sorted(set(mapping) - set(labels))
    if skipped:
        print(f"note: CAMEO2PLOVER codes not in the GDELT table, skipped: {', '.join(skipped)}", file=sys.stderr)
    return {
        "cameo_concepts": len(codes),
        "cameo_roots": len(roots),
        "cameo_plover_matches": n_match,
        "plover_concepts": len(PLOVER_CATEGORIES),
        "plover_deprecated": len(PLOVER_LEGACY),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH, help=f"bench directory (default: {DEFAULT_BENCH})")
    ap.add_argument("--out", type=Path, default=ROOT, help="project root to write into (default: this project)")
    args = ap.parse_args(argv)
    if not args.bench.is_dir():
        ap.error(f"bench directory not found: {args.bench}")
    stats = build(args.bench, args.out)
    print(" ".join(f"{k}={v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
