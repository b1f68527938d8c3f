import json
import re

import pytest

from kg.ingest.boilerplate import BOILERPLATE_PATH, is_boilerplate, load_boilerplate
from kg.ingest.clean import clean_body, title_case


def _entries():
    return json.loads(BOILERPLATE_PATH.read_text(encoding="utf-8"))["patterns"]


def test_boilerplate_file_shape():
    data = json.loads(BOILERPLATE_PATH.read_text(encoding="utf-8"))
    assert isinstance(data["about"], str) and data["about"]
    assert len(load_boilerplate()) == len(data["patterns"])
    for entry in data["patterns"]:
        assert entry["comment"] and entry["examples"]
        re.compile(entry["pattern"])


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e["comment"][:30])
def test_each_pattern_matches_its_examples(entry):
    pattern = re.compile(entry["pattern"], re.IGNORECASE)
    for example in entry["examples"]:
        assert pattern.search(example), example


@pytest.mark.parametrize(
    "line",
    [
        "US denies any talks",
        "Reporting by the BBC showed that the convoy had been hit twice.",
        "The minister said he would share the report with parliament.",
        "Twitter",
        "Advertisements for the new army recruits were seen across the city.",
        "Follow-up talks are planned for June.",
        "Related talks in Doha ended without a deal.",
        "He said all rights reserved by the treaty would be respected, a claim the other side rejected at length in a statement on Monday and again on Tuesday, saying the treaty gave it no such rights at all and that the text had been misread.",
    ],
)
def test_ordinary_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_title_case():
    assert title_case("GAZA CITY/CAIRO") == "Gaza City/Cairo"
    assert title_case("WASHINGTON") == "Washington"
    assert title_case("ABU DHABI, UAE") == "Abu Dhabi, UAE"
    assert title_case("Beirut") == "Beirut"


def test_clean_body_keeps_headings():
    body = (
        "KYIV, Ukraine (AP) — Russian forces struck the city overnight,\n"
        "officials said on Monday, in the largest attack in weeks.\n"
        "Damage assessment\n"
        "Rescue workers searched the rubble for survivors after the\n"
        "strike, the emergency service said.\n"
    )
    cleaned = clean_body(body)
    assert cleaned.text.split("\n\n") == [
        "Russian forces struck the city overnight, officials said on Monday, in the largest attack in weeks.",
        "Damage assessment",
        "Rescue workers searched the rubble for survivors after the strike, the emergency service said.",
    ]
    assert (cleaned.dateline.place, cleaned.dateline.outlet) == ("Kyiv, Ukraine", "AP")
