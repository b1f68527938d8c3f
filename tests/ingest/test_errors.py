import logging
import pickle
import shutil
from datetime import date

import pytest

from kg.ingest import ERRORS, InputError, iter_articles, parse_text, read_file

BODY = "Officials from both countries met on Monday and said the talks would go on next week.\n"


def test_error_format():
    err = InputError("E103", "data/a.jsonl", 7, detail="Expecting value")
    assert (err.code, err.path, err.line) == ("E103", "data/a.jsonl", 7)
    assert err.message == "malformed JSON: Expecting value"
    assert str(err) == "data/a.jsonl:7: [E103] malformed JSON: Expecting value"
    assert str(InputError("E101", "a.txt")) == "a.txt: [E101] empty file (nothing but whitespace)"
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.code, copy.path, copy.line, str(copy)) == (err.code, err.path, err.line, str(err))


def test_codes_are_unique_and_documented():
    assert sorted(ERRORS) == [f"E1{n:02d}" for n in range(1, 12)]


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])  # a .jsonl file is streamed: its start is checked at call time
@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_empty_file(tmp_path, content, suffix):
    p = tmp_path / f"empty{suffix}"
    p.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_file(p)
    assert exc.value.code == "E101"


@pytest.mark.parametrize("suffix", [".txt", ".jsonl"])
def test_binary_file(tmp_path, suffix):
    p = tmp_path / f"image{suffix}"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary") as exc:
        read_file(p)
    assert exc.value.code == "E102"


def test_cp1252_file_gets_a_hint(tmp_path):
    p = tmp_path / "legacy.txt"
    p.write_bytes(("A Title\n\n" + BODY.replace("talks", "“talks”")).encode("cp1252"))
    with pytest.raises(InputError) as exc:
        read_file(p)
    assert exc.value.code == "E102"
    assert "cp1252" in exc.value.message and "offset" in exc.value.message


def test_utf16_file(tmp_path):
    p = tmp_path / "wide.txt"
    p.write_bytes(("A Title\n\n" + BODY).encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        read_file(p)


def test_too_large_is_not_read(tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_text("A Title\n\n" + BODY * 50, encoding="utf-8")

    def no_open(*args, **kwargs):
        raise AssertionError("a too-large file must not be opened")

    monkeypatch.setattr("builtins.open", no_open)
    with pytest.raises(InputError) as exc:
        read_file(p, max_bytes=1000)
    monkeypatch.undo()
    assert exc.value.code == "E105"
    assert "limit 1000" in exc.value.message
    assert len(list(read_file(p, max_bytes=100_000))) == 1


@pytest.mark.parametrize("lang", ["fr", "de", "ru", "zh"])
def test_not_english(fixtures, lang):
    with pytest.raises(InputError) as exc:
        read_file(fixtures / "lang" / f"{lang}.txt")
    assert exc.value.code == "E106"


@pytest.mark.parametrize(
    "body",
    [
        "Putin met Xi in Beijing on Tuesday. The two leaders discussed trade and energy.",
        "Israel strikes Gaza; Hamas fires rockets at Tel Aviv. Casualties reported. Talks stalled.",
        "Le Drian and de Villepin met in Paris on Monday. They said the talks were useful.",
        "Ceasefire holds.",
    ],
)
def test_short_english_is_accepted(body):
    assert parse_text(f"Title\n\n{body}", id="x", published=date(2024, 1, 1)).text == body


def test_german_with_english_lookalike_words_is_rejected():
    text = "Die Minister haben in Berlin über die Lage in der Ukraine gesprochen. Er will so bald wie möglich eine Lösung finden, was aber nicht einfach ist."
    with pytest.raises(InputError, match="E106"):
        parse_text(f"Titel\n\n{text}", id="x")


def test_missing_file_and_unreadable(tmp_path, monkeypatch):
    with pytest.raises(InputError) as exc:
        read_file(tmp_path / "nope.txt")
    assert (exc.value.code, exc.value.message) == ("E108", "unreadable: no such file")
    p = tmp_path / "locked.txt"
    p.write_text("A Title\n\n" + BODY, encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(p))

    monkeypatch.setattr("builtins.open", denied)
    with pytest.raises(InputError) as exc:
        read_file(p)
    monkeypatch.undo()
    assert (exc.value.code, exc.value.message) == ("E108", "unreadable: Permission denied")


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "paper.pdf"
    p.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"\[E109\].*'\.pdf'"):
        read_file(p)


def _mixed_dir(tmp_path, fixtures):
    root = tmp_path / "batch"
    (root / "sub").mkdir(parents=True)
    shutil.copy(fixtures / "no-date.txt", root / "b-no-date.txt")
    shutil.copy(fixtures / "geneva-talks.txt", root / "sub" / "a-geneva.txt")
    shutil.copy(fixtures / "records.json", root / "c-records.json")
    shutil.copy(fixtures / "article.html", root / "d-page.htm")
    shutil.copy(fixtures / "lang" / "fr.txt", root / "e-french.txt")
    (root / "a-empty.txt").write_text("\n\n", encoding="utf-8")
    (root / "f-binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (root / "g-bad.json").write_text('{"text": ', encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a supported suffix: skipped
    (root / ".hidden.txt").write_text("Hidden\n\n" + BODY, encoding="utf-8")  # hidden: skipped
    return root


def test_iter_articles_mixed_directory(tmp_path, fixtures, caplog):
    root = _mixed_dir(tmp_path, fixtures)
    errors: list[InputError] = []
    with caplog.at_level(logging.WARNING, logger="kg.ingest"):
        articles = list(iter_articles([root], errors=errors))
    assert [a.id for a in articles] == ["b-no-date", "grain-deal-1", "c-records-9", "d-page", "a-geneva"]
    assert [a.path for a in articles][0] == str(root / "b-no-date.txt")
    assert [(e.code, e.path) for e in errors] == [
        ("E101", str(root / "a-empty.txt")),
        ("E106", str(root / "e-french.txt")),
        ("E102", str(root / "f-binary.txt")),
        ("E103", str(root / "g-bad.json")),
    ]
    for err in errors:
        assert str(err) in caplog.text
    assert "b-no-date.txt: no publication date found" in caplog.text
    # deterministic: same order again; without an errors list problems are only logged
    assert [a.id for a in iter_articles([str(root)])] == [a.id for a in articles]


def test_iter_articles_files_and_missing_paths(tmp_path, fixtures):
    errors: list[InputError] = []
    paths = [fixtures / "single.json", tmp_path / "missing.txt", fixtures / "records-bad.jsonl"]
    articles = list(iter_articles(paths, errors=errors, published=date(2024, 6, 1)))
    assert [a.id for a in articles] == ["single", "rec-1", "rec-2", "records-bad-5"]
    assert {a.published for a in articles} == {date(2024, 6, 1)}
    assert [(e.code, e.line) for e in errors] == [("E108", None), ("E103", 3)]


def test_read_lines_doctest():
    import doctest

    from kg.ingest import files, jsonl

    for module in (files, jsonl):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0
