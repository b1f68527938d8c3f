import logging
from datetime import date

import pytest

from kg.ingest import InputError, parse_text, read_file

BODY = "Officials from both countries met on Monday and said the talks would go on next week."


def one(path, **kw):
    articles = list(read_file(path, **kw))
    assert len(articles) == 1
    return articles[0]


def test_seed_article(seed_path):
    a = one(seed_path)
    assert a.id == "seed-article-us-rejects-ceasefire"
    assert a.title == "US Rejects Putin’s Suggestion of Ukraine Ceasefire: Report"
    assert a.published == date(2024, 2, 14)
    assert a.dateline == "Washington"
    assert a.source is None
    assert a.path == str(seed_path)
    assert a.text.startswith("The United States has rejected")
    assert "icon-" not in a.text
    assert "Wed Feb 14 2024" not in a.text
    assert a.title not in a.text
    paragraphs = a.text.split("\n\n")
    assert "US denies any talks" in paragraphs
    assert paragraphs[-1].endswith("control over Ukrainian territory.")
    assert all(p == p.strip() and p for p in paragraphs)


def test_wrapped_reuters_file(fixtures):
    a = one(fixtures / "geneva-talks.txt")
    assert a.id == "geneva-talks"
    assert a.title == "Water Talks in Geneva End Without a Deal"
    assert a.published == date(2024, 3, 5)
    assert (a.dateline, a.source) == ("Geneva", "Reuters")
    paragraphs = a.text.split("\n\n")
    assert paragraphs[0].startswith("Delegations from the two neighbouring states left the talks")
    assert paragraphs[0].endswith("in a short statement.")
    assert "Next steps" in paragraphs  # heading inside a block of wrapped lines
    assert paragraphs[-1].startswith("Officials from the upstream country")
    assert len(paragraphs) == 4
    assert "\n" not in paragraphs[1]
    for junk in ("Share this", "Facebook", "Advertisement", "Read more", "Reporting by", "©", "Published"):
        assert junk not in a.text


@pytest.mark.parametrize(
    "line",
    [
        "Wed Feb 14 2024",
        "February 14, 2024",
        "14 February 2024",
        "2024-02-14",
        "Published: 2024-02-14 10:32",
        "Updated Feb 14, 2024 3:41 PM EST",
        "Wednesday, February 14, 2024 at 10:32 a.m. ET",
    ],
)
def test_date_line_forms(line):
    a = parse_text(f"A Title\n{line}\n\n{BODY}\n", id="x")
    assert a.published == date(2024, 2, 14)
    assert a.text == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Talks resumed on February 14, 2024 in Geneva.",
        "By February 14, 2024 the deal had collapsed",
        "The 2024-02-14 meeting was cancelled.",
    ],
)
def test_sentences_are_not_date_lines(line, caplog):
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        a = parse_text(f"A Title\n\n{line}\n\n{BODY}\n", id="x", path="x.txt")
    assert a.published is None
    assert a.text.startswith(line)
    assert "x.txt: no publication date found; relative dates will stay unresolved" in caplog.text


def test_date_beyond_header_is_ignored():
    lines = "\n".join(f"Paragraph {i} says the talks went on." for i in range(6))
    a = parse_text(f"A Title\n{lines}\nFebruary 14, 2024\n", id="x")
    assert a.published is None
    assert "February 14, 2024" in a.text


def test_published_preferred_over_updated():
    text = f"A Title\nUpdated March 1, 2024 9:00 AM\nPublished: February 14, 2024\n\n{BODY}"
    a = parse_text(text, id="x")
    assert a.published == date(2024, 2, 14)
    assert a.text == BODY


def test_published_argument_overrides(fixtures, caplog):
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        a = one(fixtures / "geneva-talks.txt", published=date(2020, 1, 2))
        b = one(fixtures / "no-date.txt", published=date(2020, 1, 2))
    assert a.published == b.published == date(2020, 1, 2)
    assert "no publication date" not in caplog.text


def test_missing_date_is_a_warning_naming_the_file(fixtures, caplog):
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        a = one(fixtures / "no-date.txt")
    assert a.published is None
    assert a.title == "Harbour Reopens After Storm Repairs"
    assert a.text.split("\n\n")[0].startswith("The main harbour of the island reopened to cargo ships on Friday after")
    assert "no-date.txt: no publication date found" in caplog.text


@pytest.mark.parametrize(
    "first, dateline, source, rest",
    [
        ("WASHINGTON: The talks", "Washington", None, "The talks"),
        ("WASHINGTON — The talks", "Washington", None, "The talks"),
        ("MOSCOW, June 17 (Reuters) - The talks", "Moscow", "Reuters", "The talks"),
        ("KYIV, Ukraine (AP) — The talks", "Kyiv, Ukraine", "AP", "The talks"),
        ("GAZA CITY/CAIRO, Nov 22 (Reuters) - The talks", "Gaza City/Cairo", "Reuters", "The talks"),
        ("Beirut, Lebanon – The talks", "Beirut, Lebanon", None, "The talks"),
        ("UNITED NATIONS (AFP) -- The talks", "United Nations", "AFP", "The talks"),
        ("BREAKING: The talks", None, None, "BREAKING: The talks"),
        ("Meanwhile – the talks", None, None, "Meanwhile – the talks"),
        ("The US - not Russia - led the talks", None, None, "The US - not Russia - led the talks"),
    ],
)
def test_datelines(first, dateline, source, rest):
    a = parse_text(f"A Title\n\n{first} ended on Monday, officials said.\n\nSecond paragraph.", id="x")
    assert a.dateline == dateline
    assert a.source == source
    assert a.text.startswith(rest)


def test_dateline_only_in_first_paragraph():
    a = parse_text(f"A Title\n\n{BODY}\n\nMOSCOW (Reuters) - Second paragraph.", id="x")
    assert a.dateline is None
    assert a.text.endswith("MOSCOW (Reuters) - Second paragraph.")


def test_source_argument_wins_over_dateline_outlet():
    a = parse_text(f"A Title\n\nLONDON (Reuters) - {BODY}", id="x", source="Example Daily")
    assert (a.source, a.dateline) == ("Example Daily", "London")


def test_paragraphs_crlf_and_wrapping():
    text = "A Title\r\n\r\nFirst line of a paragraph that was\r\nwrapped by the sender.\r\n\r\n\r\nSecond one.\r\n"
    a = parse_text(text, id="x")
    assert a.text == "First line of a paragraph that was wrapped by the sender.\n\nSecond one."


def test_boilerplate_anywhere():
    text = (
        "Advertisement\nA Title\nicon-facebook icon-twitter icon-whatsapp\n\n"
        f"{BODY}\n\nSign up for our newsletter\nImage caption, A crowd in the square\n\n"
        "Second paragraph.\n\nFollow us on X\nicon-facebook icon-twitter icon-whatsapp\n"
    )
    a = parse_text(text, id="x")
    assert a.title == "A Title"
    assert a.text == f"{BODY}\n\nSecond paragraph."


def test_file_id_is_iri_safe(tmp_path):
    p = tmp_path / "US Rejects: Putin’s Offer (Final).TXT"
    p.write_text(f"A Title\n\n{BODY}\n", encoding="utf-8")
    a = one(p)
    assert a.id == "us-rejects-putin-s-offer-final"


def test_title_only_is_no_text():
    with pytest.raises(InputError) as exc:
        parse_text("Just A Title\n\nFebruary 14, 2024\n", id="x", path="x.txt")
    assert exc.value.code == "E107"
    assert str(exc.value).startswith("x.txt: [E107]")


def test_utf8_bom_is_removed(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffA Title\n\n".encode("utf-8") + BODY.encode("utf-8"))
    assert one(p).title == "A Title"
