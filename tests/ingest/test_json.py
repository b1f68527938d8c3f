import json
import logging
from datetime import date
from itertools import pairwise

import pytest

from kg.ingest import InputError, iter_articles, read_file


def test_jsonl_bad_line_in_the_middle(fixtures, caplog):
    path = fixtures / "records-bad.jsonl"
    errors: list[InputError] = []
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        articles = list(read_file(path, errors=errors))
    assert [a.id for a in articles] == ["rec-1", "rec-2", "records-bad-5"]
    assert len(errors) == 1
    err = errors[0]
    assert (err.code, err.path, err.line) == ("E103", str(path), 3)
    assert str(err).startswith(f"{path}:3: [E103] malformed JSON")
    assert f"{path}:3: [E103]" in caplog.text  # logged as well


def test_jsonl_fields(fixtures, caplog):
    path = fixtures / "records-bad.jsonl"
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        first, second, third = read_file(path, errors=[])
    assert first.title == "Port strike ends"
    assert first.published == date(2024, 1, 9)
    assert (first.dateline, first.source) == ("Rotterdam", "Reuters")
    assert first.text.startswith("Dock workers ended their strike")
    assert first.path == str(path)
    assert second.published == date(2024, 1, 10)  # from an ISO datetime with Z
    assert third.published is None
    assert third.source == "Example Daily"
    assert "Advertisement" not in third.text
    assert third.text.endswith("They did not give a date.")
    assert f"{path}:5: unparseable 'published' value 'not a date'" in caplog.text


def test_jsonl_errors_none_only_logs(fixtures, caplog):
    with caplog.at_level(logging.ERROR, logger="kg.ingest"):
        articles = list(read_file(fixtures / "records-bad.jsonl"))
    assert len(articles) == 3
    assert "records-bad.jsonl:3: [E103]" in caplog.text


def test_json_list(fixtures, caplog):
    path = fixtures / "records.json"
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        grain, aid = read_file(path)
    assert grain.id == "grain-deal-1"
    assert grain.url == "https://example.org/grain"
    assert grain.published == date(2023, 7, 17)
    assert grain.dateline == "Istanbul"
    assert grain.text.startswith("The parties agreed on Monday")
    assert aid.id == "records-9"  # no id: stem + line where the record starts
    assert aid.title == "Aid convoy arrives"
    assert aid.published is None
    assert f"{path}:9: no publication date found" in caplog.text


def test_json_single_object(fixtures):
    (a,) = read_file(fixtures / "single.json")
    assert a.id == "single"
    assert a.published == date(2024, 5, 2)


def test_json_text_is_cleaned_but_no_title_or_date_detection(tmp_path):
    record = {
        "id": "A/B C",
        "title": "Field title",
        "text": "Headline-like first line\nFebruary 14, 2024\n\nicon-facebook icon-twitter\n\nThe ministers met on Monday and agreed to talk again.",
    }
    p = tmp_path / "one.json"
    p.write_text(json.dumps(record), encoding="utf-8")
    (a,) = read_file(p)
    assert a.id == "a-b-c"
    assert a.title == "Field title"
    assert a.published is None
    assert a.text.startswith("Headline-like first line February 14, 2024")
    assert "icon-" not in a.text


def test_published_argument_overrides_json(fixtures):
    articles = list(read_file(fixtures / "records.json", published=date(2001, 1, 1)))
    assert {a.published for a in articles} == {date(2001, 1, 1)}


def test_jsonl_missing_text_and_non_object(tmp_path):
    p = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "ok-1", "text": "The talks ended on Monday without an agreement, officials said."}),
        json.dumps({"id": "no-text", "title": "Nothing here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "ok-2", "text": "The army said it had pulled back its troops from the border."}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors: list[InputError] = []
    assert [a.id for a in read_file(p, errors=errors)] == ["ok-1", "ok-2"]
    assert [(e.code, e.line) for e in errors] == [("E104", 2), ("E103", 3), ("E104", 4)]
    assert "missing required field 'text'" in errors[0].message


def test_json_single_object_problem_raises(tmp_path):
    p = tmp_path / "notext.json"
    p.write_text('{"title": "No body"}', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_file(p)
    assert (exc.value.code, exc.value.path) == ("E104", str(p))


def test_malformed_json_file_raises_with_line(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text('[\n  {"text": "fine"},\n  {"text": oops}\n]\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_file(p)
    assert (exc.value.code, exc.value.line) == ("E103", 3)
    assert str(exc.value).startswith(f"{p}:3: [E103]")


def test_json_scalar_is_malformed(tmp_path):
    p = tmp_path / "scalar.json"
    p.write_text("42", encoding="utf-8")
    with pytest.raises(InputError, match=r"\[E103\].*expected an object or a list"):
        read_file(p)


def _record(i: int) -> str:
    return json.dumps({"id": f"r{i}", "text": f"Officials of both countries met for round {i} of the talks on Monday."})


def test_jsonl_is_streamed_with_no_file_size_limit(tmp_path, monkeypatch):
    p = tmp_path / "corpus.jsonl"
    p.write_text("".join(_record(i) + "\n" for i in range(200)), encoding="utf-8")
    assert p.stat().st_size > 10 * 1000

    def whole(*args, **kwargs):
        raise AssertionError("a JSONL file must not be read whole")

    monkeypatch.setattr("kg.ingest.batch.read_text", whole)
    errors: list[InputError] = []
    articles = read_file(p, max_bytes=1000, errors=errors)  # the limit is per record
    first = next(articles)
    assert first.id == "r0"
    assert [a.id for a in articles] == [f"r{i}" for i in range(1, 200)]
    assert errors == []


def test_jsonl_record_too_long_or_not_utf8_is_skipped_with_its_line(tmp_path):
    p = tmp_path / "mixed.jsonl"
    long = json.dumps({"id": "long", "text": "The minister spoke at length. " * 100})
    p.write_bytes(b"\xef\xbb\xbf" + (_record(1) + "\r\n" + long + "\n\n").encode() + b'{"id": "bad", "text": "caf\xe9"}\n'
                  + (_record(5) + "\n" + "x" * 3000).encode())
    errors: list[InputError] = []
    assert [a.id for a in read_file(p, max_bytes=1000, errors=errors)] == ["r1", "r5"]
    assert [(e.code, e.line) for e in errors] == [("E111", 2), ("E102", 4), ("E111", 6)]
    assert errors[0].message == f"record too large: {len(long) + 1} bytes on one line (limit 1000); skipped"
    assert str(errors[2]).startswith(f"{p}:6: [E111] record too large: 3000 bytes")
    assert "cp1252" in errors[1].message


def test_missing_jsonl_is_reported_at_call_time(tmp_path):
    # binary and empty .jsonl files: tests/ingest/test_errors.py
    with pytest.raises(InputError) as exc:
        read_file(tmp_path / "missing.jsonl")
    assert exc.value.code == "E108"


def test_jsonl_blank_beyond_the_first_block_is_reported_empty(tmp_path):
    p = tmp_path / "blank.jsonl"
    p.write_text("\n" * 20_000, encoding="utf-8")
    errors: list[InputError] = []
    assert list(iter_articles([p], errors=errors)) == []
    assert [(e.code, e.path) for e in errors] == [("E101", str(p))]


@pytest.mark.parametrize("size", [1, 7, 40, 95, 10_000])
def test_line_blocks_hold_every_line_once_with_its_number(tmp_path, size):
    from kg.ingest.files import line_blocks, read_lines

    p = tmp_path / "lines.jsonl"
    lines = [f'{{"n": {i}, "pad": "{"x" * (i * 7 % 23)}"}}' for i in range(1, 30)]
    p.write_bytes(("\r\n".join(lines[:10]) + "\n\n" + "\n".join(lines[10:])).encode())  # CRLF, a blank, no last \n
    whole = list(read_lines(p))
    blocks = line_blocks(p, size)
    assert blocks[0][0] == 0 and blocks[-1][1] == p.stat().st_size
    assert all(a[1] == b[0] for a, b in pairwise(blocks))  # contiguous
    assert [x for b in blocks for x in read_lines(p, block=b)] == whole
    assert whole[10] == (12, lines[10])  # numbered as in the file, past the blank line
