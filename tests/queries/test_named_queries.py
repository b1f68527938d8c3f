"""Each named query in queries/ against the samples.

The extractor is being improved while these tests stand, so they assert robust facts that the sample texts make
plain ("Rwanda denies ...", "three Russian sources", the DR Congo-Rwanda conflict), never exact row counts.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.queries import NamedQueryError, bind, get_query, list_queries, parse_params, resolve_actor, select_named
from kg.store import KGStore

pytestmark = pytest.mark.slow
ID = "https://w3id.org/geokg/id/"
NAMES = {"proposals", "rejections", "denials", "disputed-claims", "actor-timeline", "events-between",
         "anonymous-sources", "country-balance"}


def test_every_query_is_documented_and_projects_its_parameters() -> None:
    queries = {q.name: q for q in list_queries()}
    assert NAMES <= set(queries)
    for q in queries.values():
        assert q.title and q.description and q.examples, q.name
        head = q.text[q.text.upper().index("SELECT"):q.text.index("WHERE")]
        for p in q.params:
            assert f"?{p.name}" in head, (q.name, p.name)  # pyoxigraph binds only projected variables


def test_actor_lookup(samples_store: KGStore) -> None:
    assert resolve_actor(samples_store, "Q1037").value == ID + "actor/Q1037"
    assert resolve_actor(samples_store, "wd:Q1037").value == ID + "actor/Q1037"
    assert resolve_actor(samples_store, "rwanda").value == ID + "actor/Q1037"
    with pytest.raises(NamedQueryError):
        resolve_actor(samples_store, "Atlantis")


def test_parameters_are_typed_and_checked(samples_store: KGStore) -> None:
    q = get_query("actor-timeline")
    with pytest.raises(NamedQueryError, match="needs --param actor"):
        bind(samples_store, q, {})
    with pytest.raises(NamedQueryError, match="not a valid date"):
        bind(samples_store, q, {"actor": "Q30", "from": "yesterday"})
    with pytest.raises(NamedQueryError, match="no parameter"):
        bind(samples_store, q, {"actor": "Q30", "frm": "2024-01-01"})
    # A hostile value is a literal, not SPARQL: it just matches nothing.
    rows = select_named(samples_store, "anonymous-sources", {"article": '" } } DROP ALL #'})
    assert rows == []
    assert parse_params(["a=Q1", "b=x=y"]) == {"a": "Q1", "b": "x=y"}


def test_proposals(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "proposals")
    assert any(r["proposerName"] == "Vladimir Putin" for r in rows)
    mine = select_named(samples_store, "proposals", {"actor": "Q7747"})
    assert mine and all(r["proposer"] == ID + "actor/Q7747" for r in mine)
    assert any(r["targetName"] == "United States" for r in mine)


def test_rejections_and_what_they_rejected(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "rejections", {"actor": "United States"})
    assert rows and all(r["rejecter"] == ID + "actor/Q30" for r in rows)
    # The seed article: the United States rejected Putin's proposal.
    assert any(r["rejectedType"] == "Proposal" and r["rejectedAgentName"] == "Vladimir Putin" for r in rows)


def test_denials(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "denials", {"actor": "Rwanda"})
    assert rows and all(r["denierName"] == "Rwanda" for r in rows)
    assert any("Rwanda denies" in (r["sentence"] or "") for r in rows)
    everyone = select_named(samples_store, "denials")
    assert {"Rwanda", "Pakistan"} <= {r["denierName"] for r in everyone}
    assert any(r["denied"] and r["deniedClaim"] for r in everyone)  # some denial is linked to what it denies


def test_disputed_claims_show_both_sides(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "disputed-claims", {"article": "seed-article-us-rejects-ceasefire"})
    assert rows and all(r["article"] == "seed-article-us-rejects-ceasefire" for r in rows)
    assert all(r["claim"] != r["denyingClaim"] for r in rows)
    assert any("three Russian sources" in (r["claimSources"] or "") for r in rows)
    assert any(r["denierName"] for r in rows)


def test_actor_timeline_is_ordered_and_filtered(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "actor-timeline", {"actor": "Q30"})
    assert rows and {r["role"] for r in rows} <= {"agent", "target"}
    starts = [r["start"] for r in rows if r["start"] is not None]
    assert starts == sorted(starts)
    later = select_named(samples_store, "actor-timeline", {"actor": "Q30", "from": "2024-01-01"})
    assert later and len(later) < len(rows)
    assert all(r["end"] >= "2024-01-01" for r in later)


def test_events_between_two_actors_in_a_date_range(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "events-between", {"a": "Q974", "b": "Rwanda"})
    assert any(r["type"] == "Sanction" for r in rows)  # Congo broke off relations with Rwanda
    narrow = select_named(samples_store, "events-between", {"a": "Q974", "b": "Q1037", "from": "2025-01-26",
                                                            "to": "2025-01-31"})
    assert len(narrow) < len(rows)
    assert all("2025-01-26" <= r["end"] and r["start"] <= "2025-01-31" for r in narrow)
    none = select_named(samples_store, "events-between", {"a": "Q974", "b": "Q1037", "to": "2020-01-01"})
    assert none == []


def test_anonymous_sources(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "anonymous-sources")
    assert rows and all(r["source"].startswith(ID + "source/") for r in rows)
    seed = select_named(samples_store, "anonymous-sources", {"article": "seed-article-us-rejects-ceasefire"})
    assert any(r["sourceName"] == "three Russian sources" and r["count"] == 3 for r in seed)


def test_country_balance(samples_store: KGStore) -> None:
    rows = select_named(samples_store, "country-balance")
    assert all(r["country1"] < r["country2"] for r in rows)
    pair = [r for r in rows if (r["country1"], r["country2"]) == ("COD", "RWA")]
    assert pair and pair[0]["conflict"] >= 1
    assert all(r["cooperation"] + r["conflict"] <= r["events"] for r in rows)
    only = select_named(samples_store, "country-balance", {"country": "RWA"})
    assert only and all("RWA" in (r["country1"], r["country2"]) for r in only)


def test_cli_named_query_and_listing(samples_store: KGStore) -> None:
    samples_store.flush()
    runner = CliRunner()
    out = runner.invoke(app, ["query", "--store", str(samples_store.path), "--named", "denials",
                              "--param", "actor=Rwanda", "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0].startswith("denial,denierName")
    assert "Rwanda" in out.output
    bad = runner.invoke(app, ["query", "--store", str(samples_store.path), "--named", "nope"])
    assert bad.exit_code == 1 and "no named query" in bad.output
    listing = runner.invoke(app, ["queries"])
    assert listing.exit_code == 0 and all(n in listing.output for n in NAMES)


def test_cli_pages_named_queries(samples_store: KGStore) -> None:
    samples_store.flush()
    runner = CliRunner()
    base = ["query", "--store", str(samples_store.path), "--named", "proposals"]
    whole = runner.invoke(app, [*base, "--format", "csv"])  # a file or a pipe: every item by default
    assert whole.exit_code == 0, whole.output
    rows = whole.stdout.splitlines()[1:]
    assert len(rows) > 2
    first = runner.invoke(app, [*base, "--format", "csv", "--limit", "1"])
    second = runner.invoke(app, [*base, "--format", "csv", "--limit", "1", "--offset", "1"])
    assert first.exit_code == second.exit_code == 0
    page1, page2 = first.stdout.splitlines()[1:], second.stdout.splitlines()[1:]
    assert page1 and page2 and not set(page1) & set(page2) and set(page1 + page2) <= set(rows)
    table = runner.invoke(app, [*base, "--format", "table", "--limit", "1"])
    assert table.exit_code == 0 and "--offset 1" in table.output  # a full page says how to get the next
    everything = runner.invoke(app, [*base, "--format", "table", "--limit", "0"])
    assert everything.exit_code == 0 and "--offset" not in everything.output
    adhoc = runner.invoke(app, ["query", "--store", str(samples_store.path), "SELECT * WHERE { ?s ?p ?o }", "--limit", "5"])
    assert adhoc.exit_code == 1 and "need --named" in adhoc.output
    negative = runner.invoke(app, [*base, "--limit", "-1"])
    assert negative.exit_code == 2
