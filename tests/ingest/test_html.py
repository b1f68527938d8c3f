import socket
from datetime import date

import pytest

from kg.ingest import InputError, read_file


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("ingest must not use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_html_article(fixtures):
    (a,) = read_file(fixtures / "article.html")
    assert a.id == "article"
    assert a.title == "Talks stall in Geneva"
    assert a.published == date(2024, 3, 5)
    assert a.url == "https://news.example.org/world/talks-stall"
    assert a.source == "Example News"  # og:site_name wins over the dateline's (AFP)
    assert a.dateline == "Geneva"
    paragraphs = a.text.split("\n\n")
    assert paragraphs[0].startswith("Negotiators from both sides left the talks")
    assert "Sanctions remain" in paragraphs
    assert paragraphs[-1].startswith("The European Union said")
    for junk in ("Home", "Advertisement", "All rights reserved", "Talks stall in Geneva"):
        assert junk not in a.text


def test_html_json_ld(fixtures):
    (a,) = read_file(fixtures / "jsonld.html")
    assert a.id == "jsonld"
    assert a.title == "Election date set for autumn"
    assert a.published == date(2023, 11, 22)
    assert a.source == "Sample Post"
    assert a.url is None
    assert a.text.startswith("The electoral commission said on Wednesday")


def test_html_without_body_is_e107(fixtures):
    with pytest.raises(InputError) as exc:
        read_file(fixtures / "no-body.html")
    assert exc.value.code == "E107"
    assert exc.value.path.endswith("no-body.html")


def test_htm_suffix_and_published_override(tmp_path, fixtures):
    p = tmp_path / "Copy Of Article.HTM"
    p.write_bytes((fixtures / "article.html").read_bytes())
    (a,) = read_file(p, published=date(2024, 1, 1))
    assert a.id == "copy-of-article"
    assert a.published == date(2024, 1, 1)
