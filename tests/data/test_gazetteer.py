"""Checks of the gazetteer and lexicon data files against docs/data-formats.md.

These tests read the JSON files only; they never load spaCy.  country_converter (coco) and
pycountry are used as independent references for country codes and names.
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[2]
GAZ = ROOT / "data" / "gazetteer"
LEX = ROOT / "data" / "lexicon"

QID = re.compile(r"^Q[1-9][0-9]*$")
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CAMEO_COUNTRY = re.compile(r"^[A-Z]{3}$")
CAMEO_ACTOR = re.compile(r"^(?:[A-Z]{3})+$")
KINDS = {"Organization", "MediaOrganization", "Group"}

#: Codes that are not ISO 3166-1 alpha-3 but are used on purpose.
NON_ISO_CODES = {"XKX": "Kosovo: user-assigned code used by the EU, the World Bank and country_converter"}

#: Country strings that country_converter resolves to another country, with the reason we keep them.
COCO_EXCEPTIONS = {
    ("COD", "Congo"): "bare 'Congo' means the DR Congo in news; coco maps it to the Republic of the Congo",
    ("TTO", "Port of Spain"): "coco's Spain regex matches inside the name of Trinidad's capital",
    ("TUR", "Turks"): "coco's Turks and Caicos regex matches the plural noun for the people of Turkey",
}

#: Surface forms deliberately shared by two entities of the same file: {(file, alias): reason}.
SHARED_ALIASES: dict[tuple[str, str], str] = {}


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def countries() -> dict:
    return load(GAZ / "countries.json")


@pytest.fixture(scope="module")
def people() -> dict:
    return load(GAZ / "people.json")


@pytest.fixture(scope="module")
def organizations() -> dict:
    return load(GAZ / "organizations.json")


@pytest.fixture(scope="module")
def titles() -> dict:
    return load(LEX / "titles.json")


@pytest.fixture(scope="module")
def sectors() -> dict:
    return load(LEX / "sectors.json")


def _make_country_converter():
    """A working CountryConverter.

    country_converter 1.3.2 fails to build its table under pandas 3 (ISO2 "NA" of Namibia and empty
    cells become missing values, and ``re.compile`` gets a float); in that case the bundled table is
    read here with string semantics and passed in as a DataFrame.
    """
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    try:
        return coco.CountryConverter()
    except TypeError:
        import pandas as pd

        table = Path(coco.__file__).with_name("country_data.tsv")
        df = pd.read_csv(table, sep="\t", encoding="utf-8", dtype=object, keep_default_na=False, na_values=[""])
        for col in ("name_short", "name_official", "regex", "ISO2", "ISO3"):
            df[col] = df[col].fillna("").astype(object)
        for col in ("ISOnumeric", "UNcode", "FAOcode", "GBDcode", "EURO", "UN", "UNmember", "obsolete", "GEOnumeric"):
            if col in df.columns:
                df[col] = pd.to_numeric(df[col]).astype("Int64")
        df = df[df["obsolete"].isna()]
        return coco.CountryConverter(country_data=df)


@pytest.fixture(scope="module")
def cc():
    return _make_country_converter()


@pytest.fixture(scope="module")
def iso3s(countries) -> set[str]:
    return {c["iso3"] for c in countries["countries"]}


@pytest.fixture(scope="module")
def org_keys(organizations) -> set[str]:
    return {o["key"] for o in organizations["organizations"]}


def _duplicates(owner_forms: list[tuple[str, list[str]]], file: str) -> list[str]:
    """Surface forms used by more than one owner (case-sensitive), minus the allow-list."""
    owners: dict[str, set[str]] = defaultdict(set)
    for owner, forms in owner_forms:
        for form in forms:
            owners[form].add(owner)
    return sorted(
        f"{form!r}: {sorted(who)}"
        for form, who in owners.items()
        if len(who) > 1 and (file, form) not in SHARED_ALIASES
    )


# --- every file ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, key",
    [
        (GAZ / "countries.json", "countries"),
        (GAZ / "people.json", "people"),
        (GAZ / "organizations.json", "organizations"),
        (LEX / "titles.json", "titles"),
        (LEX / "sectors.json", "sectors"),
    ],
)
def test_file_shape(path, key):
    data = load(path)
    assert set(data) == {"about", key}, f"{path.name}: top-level keys {sorted(data)}"
    assert isinstance(data["about"], str) and len(data["about"]) > 80, f"{path.name}: 'about' missing or too short"
    assert data[key], f"{path.name}: empty {key}"
    for text in _strings(data[key]):
        assert text == text.strip() and text, f"{path.name}: empty or padded string {text!r}"


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


# --- countries -------------------------------------------------------------------------------------------


def test_all_un_members_present(countries, cc, iso3s):
    un = set(cc.data.loc[cc.data["UNmember"].notna(), "ISO3"])
    assert len(un) == 193
    assert not un - iso3s, f"UN members missing: {sorted(un - iso3s)}"
    flagged = {c["iso3"] for c in countries["countries"] if c["un_member"]}
    assert flagged == un, f"un_member wrong for {sorted(flagged ^ un)}"
    assert {"PSE", "VAT", "TWN", "XKX"} <= iso3s
    assert len(countries["countries"]) == 197


def test_country_fields(countries):
    fields = {"iso3", "name", "wikidata", "cameo", "aliases", "demonyms", "people", "capitals", "un_member"}
    for c in countries["countries"]:
        assert set(c) == fields, f"{c.get('iso3')}: fields {sorted(set(c) ^ fields)}"
        assert isinstance(c["un_member"], bool)
        assert CAMEO_COUNTRY.match(c["cameo"]), c
        for f in ("aliases", "demonyms", "people", "capitals"):
            assert isinstance(c[f], list) and len(c[f]) == len(set(c[f])), f"{c['iso3']}.{f}"


def test_iso3_unique_and_valid(countries):
    codes = [c["iso3"] for c in countries["countries"]]
    assert len(codes) == len(set(codes)), "duplicate iso3"
    for code in codes:
        assert code in NON_ISO_CODES or pycountry.countries.get(alpha_3=code), f"{code} is not ISO 3166-1 alpha-3"


def test_cameo_codes(countries):
    # CAMEO follows ISO3 except the documented legacy codes.
    expected_diff = {"ROU": "ROM", "XKX": "KSV"}
    for c in countries["countries"]:
        assert c["cameo"] == expected_diff.get(c["iso3"], c["iso3"]), c["iso3"]
    cameos = [c["cameo"] for c in countries["countries"]]
    assert len(cameos) == len(set(cameos))


@pytest.mark.parametrize("path, key", [(GAZ / "countries.json", "countries"), (GAZ / "people.json", "people"),
                                       (GAZ / "organizations.json", "organizations")])
def test_wikidata_ids(path, key):
    qids = [e["wikidata"] for e in load(path)[key] if e["wikidata"] is not None]
    bad = [q for q in qids if not isinstance(q, str) or not QID.match(q)]
    assert not bad, f"{path.name}: malformed QIDs {bad}"
    dup = sorted(q for q in set(qids) if qids.count(q) > 1)
    assert not dup, f"{path.name}: QIDs used twice {dup}"


def test_countries_have_qids(countries):
    missing = [c["iso3"] for c in countries["countries"] if not c["wikidata"]]
    assert not missing
    # spot checks of well-known identifiers
    known = {"USA": "Q30", "RUS": "Q159", "UKR": "Q212", "CHN": "Q148", "GBR": "Q145", "FRA": "Q142", "DEU": "Q183",
             "ISR": "Q801", "IRN": "Q794", "IND": "Q668", "JPN": "Q17", "TUR": "Q43", "SAU": "Q851"}
    by_iso = {c["iso3"]: c["wikidata"] for c in countries["countries"]}
    assert {k: by_iso[k] for k in known} == known


def test_country_strings_agree_with_country_converter(countries, cc):
    mismatches = []
    for c in countries["countries"]:
        forms = [c["name"], *c["aliases"], *c["demonyms"], *c["people"], *c["capitals"]]
        result = cc.convert(forms, to="ISO3", not_found=None)
        if isinstance(result, str):
            result = [result]
        for form, got in zip(forms, result):
            if isinstance(got, list):  # matched several countries
                got = got if c["iso3"] not in got else c["iso3"]
            if got == form or got is None:  # not_found=None hands back the input: coco does not know it
                continue
            if got != c["iso3"] and (c["iso3"], form) not in COCO_EXCEPTIONS:
                mismatches.append(f"{c['iso3']}: {form!r} -> {got}")
    assert not mismatches, "country_converter disagrees:\n" + "\n".join(mismatches)
    # the exception list must not go stale
    for (iso3, form) in COCO_EXCEPTIONS:
        entry = next(c for c in countries["countries"] if c["iso3"] == iso3)
        assert form in [entry["name"], *entry["aliases"], *entry["demonyms"], *entry["people"], *entry["capitals"]]


def test_country_names_resolve_with_country_converter(countries, cc):
    # every short name (except the few coco does not know) must resolve, to the right country
    names = [c["name"] for c in countries["countries"]]
    got = cc.convert(names, to="ISO3", not_found="-")
    wrong = [(c["iso3"], c["name"], g) for c, g in zip(countries["countries"], got) if g != c["iso3"]]
    assert not wrong, wrong


def test_country_surface_forms_unique(countries):
    forms = [(c["iso3"], [c["name"], *c["aliases"], *c["demonyms"], *c["people"], *c["capitals"]])
             for c in countries["countries"]]
    dups = _duplicates(forms, "countries.json")
    assert not dups, "surface forms shared by two countries:\n" + "\n".join(dups)


def test_country_forms_avoid_known_misfires(countries):
    forms = {f for c in countries["countries"] for f in [*c["aliases"], *c["demonyms"], *c["people"], *c["capitals"]]}
    for bad in ("Chad", "Korean", "Korea", "Guinea", "turkey", "Brussels", "Georgetown", "Victoria", "Male"):
        assert bad not in forms, f"{bad!r} would misfire"
    congolese = [c["iso3"] for c in countries["countries"] if "Congolese" in c["demonyms"]]
    assert congolese == ["COD"]


# --- titles and sectors ----------------------------------------------------------------------------------


def test_titles(titles, sectors):
    codes = {s["code"] for s in sectors["sectors"]}
    for key, t in titles["titles"].items():
        assert key == key.lower() or key.startswith("un "), key
        assert set(t) == {"aliases", "sector"}, key
        assert t["sector"] in codes, f"{key}: sector {t['sector']} not in sectors.json"
        assert t["aliases"] and len(t["aliases"]) == len(set(t["aliases"])), key
    dups = _duplicates([(k, t["aliases"]) for k, t in titles["titles"].items()], "titles.json")
    assert not dups, "title aliases shared by two titles:\n" + "\n".join(dups)
    for required in ("president", "prime minister", "foreign minister", "defence minister", "spokesperson",
                     "secretary-general", "secretary of state", "secretary of defense"):
        assert required in titles["titles"]


def test_sectors(sectors):
    codes = [s["code"] for s in sectors["sectors"]]
    assert len(codes) == len(set(codes))
    assert all(re.match(r"^[A-Z]{3}$", c) for c in codes)
    for required in ("GOV", "MIL", "LEG", "JUD", "COP", "REB", "OPP", "JRN", "CVL", "BUS", "REF", "NGO", "IGO"):
        assert required in codes
    for s in sectors["sectors"]:
        assert set(s) == {"code", "label", "nouns"}
        assert len(s["nouns"]) == len(set(s["nouns"])), s["code"]
    dups = _duplicates([(s["code"], s["nouns"]) for s in sectors["sectors"]], "sectors.json")
    assert not dups, "nouns shared by two sectors:\n" + "\n".join(dups)


# --- organizations ---------------------------------------------------------------------------------------


def test_organizations(organizations, iso3s, org_keys):
    orgs = organizations["organizations"]
    keys = [o["key"] for o in orgs]
    assert len(keys) == len(set(keys)), "duplicate keys"
    fields = {"key", "label", "wikidata", "kind", "country", "cameo", "aliases"}
    for o in orgs:
        assert fields <= set(o) <= fields | {"context"}, o["key"]
        assert KEBAB.match(o["key"]), o["key"]
        assert o["kind"] in KINDS, o["key"]
        assert o["country"] is None or o["country"] in iso3s, o["key"]
        assert CAMEO_ACTOR.match(o["cameo"]), o["key"]
        if o["kind"] == "MediaOrganization":
            assert o["cameo"] == "JRN", o["key"]
        elif o["country"] and not o["cameo"].startswith(("IGO", "NGO")):
            assert o["cameo"].startswith(o["country"]) or o["cameo"] == "REB", o["key"]
        for ctx in o.get("context", []):
            assert ctx in iso3s or ctx in org_keys, f"{o['key']}: unknown context {ctx!r}"
    assert sum(o["kind"] == "MediaOrganization" for o in orgs) >= 40
    dups = _duplicates([(o["key"], [o["label"], *o["aliases"]]) for o in orgs], "organizations.json")
    assert not dups, "aliases shared by two organisations:\n" + "\n".join(dups)


def test_organization_spot_checks(organizations):
    by_key = {o["key"]: o for o in organizations["organizations"]}
    assert by_key["us-congress"]["wikidata"] == "Q11268"
    assert by_key["nato"]["wikidata"] == "Q7184"
    assert by_key["united-nations"]["wikidata"] == "Q1065"
    assert by_key["european-union"]["wikidata"] == "Q458"
    assert by_key["reuters"]["wikidata"] == "Q130879"
    assert by_key["hamas"]["wikidata"] == "Q38799"
    assert by_key["kremlin"]["cameo"] == "RUSGOV"
    assert by_key["white-house"]["cameo"] == "USAGOV"
    assert by_key["pentagon"]["cameo"] == "USAMIL"
    # bare ambiguous aliases are restricted by context
    assert "USA" in by_key["us-congress"]["context"]
    assert "USA" in by_key["us-senate"]["context"]


# --- people ----------------------------------------------------------------------------------------------


def _parse(d: str) -> date:
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", d), d
    return date.fromisoformat(d)


def test_people(people, titles, iso3s, org_keys):
    title_keys = set(titles["titles"])
    fields = {"label", "wikidata", "country", "aliases", "roles"}
    labels = [p["label"] for p in people["people"]]
    assert len(labels) == len(set(labels)), "duplicate labels"
    assert len(labels) >= 150
    for p in people["people"]:
        assert set(p) == fields, p["label"]
        assert p["country"] is None or p["country"] in iso3s, p["label"]
        for r in p["roles"]:
            where = f"{p['label']}: {r}"
            assert set(r) == {"title", "of", "start", "end"}, where
            assert r["title"] in title_keys, where
            assert r["of"] in iso3s or r["of"] in org_keys, where
            start = _parse(r["start"])
            if r["end"] is not None:
                assert start <= _parse(r["end"]), where
            assert start <= date.today(), where
        # the same role held twice must not overlap
        spans = sorted((r["title"], r["of"], r["start"], r["end"] or "9999-12-31") for r in p["roles"])
        for a, b in zip(spans, spans[1:]):
            if a[:2] == b[:2]:
                assert a[3] <= b[2], f"{p['label']}: overlapping {a} {b}"


def test_people_aliases_unique(people, titles):
    dups = _duplicates([(p["label"], [p["label"], *p["aliases"]]) for p in people["people"]], "people.json")
    assert not dups, "aliases shared by two people:\n" + "\n".join(dups)
    title_forms = {a for t in titles["titles"].values() for a in t["aliases"]}
    clash = sorted({a for p in people["people"] for a in p["aliases"]} & title_forms)
    assert not clash, f"titles used as person aliases: {clash}"


def test_people_required_coverage(people):
    held = {(r["title"], r["of"]) for p in people["people"] for r in p["roles"]}
    for iso3 in ("USA", "RUS", "CHN", "GBR", "FRA", "DEU", "UKR", "ISR", "IRN", "IND", "JPN", "TUR", "SAU"):
        assert any(of == iso3 for _, of in held), iso3
        assert ("foreign minister", iso3) in held or ("secretary of state", iso3) in held, iso3
    for title, of in [("secretary-general", "united-nations"), ("secretary-general", "nato"),
                      ("commission president", "european-commission"), ("high representative", "european-union"),
                      ("director general", "iaea"), ("chairman", "african-union"), ("spokesperson", "kremlin"),
                      ("press secretary", "USA"), ("national security adviser", "USA")]:
        assert (title, of) in held, (title, of)


def test_people_spot_checks(people):
    by_label = {p["label"]: p for p in people["people"]}

    def holder(title: str, of: str, on: str) -> list[str]:
        d = date.fromisoformat(on)
        return sorted(
            p["label"] for p in people["people"] for r in p["roles"]
            if r["title"] == title and r["of"] == of and _parse(r["start"]) <= d
            and (r["end"] is None or d < _parse(r["end"]))
        )

    assert by_label["Vladimir Putin"]["wikidata"] == "Q7747"
    assert holder("president", "USA", "2019-06-01") == ["Donald Trump"]
    assert holder("president", "USA", "2023-06-01") == ["Joe Biden"]
    assert holder("president", "USA", "2025-06-01") == ["Donald Trump"]
    assert holder("prime minister", "GBR", "2020-06-01") == ["Boris Johnson"]
    assert holder("chancellor", "DEU", "2020-06-01") == ["Angela Merkel"]
    assert holder("president", "UKR", "2022-03-01") == ["Volodymyr Zelensky"]
    assert holder("secretary-general", "united-nations", "2024-01-01") == ["António Guterres"]
    assert holder("foreign minister", "RUS", "2024-01-01") == ["Sergei Lavrov"]


def test_regions_name_a_known_country_and_shadow_no_country_name(countries: dict) -> None:
    regions = load(GAZ / "regions.json")
    assert regions["about"]
    isos = {c["iso3"] for c in countries["countries"]}
    names = {c["name"].lower() for c in countries["countries"]} | {a.lower() for c in countries["countries"] for a in c.get("aliases", [])}
    seen: set[str] = set()
    for r in regions["regions"]:
        assert r["country"] in isos, r
        assert r["name"].lower() not in names, f"{r['name']} is a country name"
        assert r["name"].lower() not in seen, f"{r['name']} listed twice"
        seen.add(r["name"].lower())
