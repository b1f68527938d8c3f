from datetime import date

import pytest

from kg.ingest.dates import parse_date_line, parse_published


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-02-14", date(2024, 2, 14)),
        ("2024-02-14T23:30:00Z", date(2024, 2, 14)),
        ("2024-02-14T10:32:00+02:00", date(2024, 2, 14)),
        ("14 February 2024", date(2024, 2, 14)),
        ("not a date", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20240214, None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "line",
    ["February 30, 2024", "May 2024", "Tuesday", "Posted by staff", "2024", "Feb 14"],
)
def test_incomplete_or_impossible_dates_are_rejected(line):
    assert parse_date_line(line) is None


def test_ordinal_and_label_variants():
    assert parse_date_line("Posted 14th Feb 2024 | 09:00 GMT") == date(2024, 2, 14)
    assert parse_date_line("Last updated: 2024/02/14") == date(2024, 2, 14)
