"""Reading a file as text: size limit, readability, binary and encoding checks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

#: How much of the start of a file is checked for NUL bytes.
BINARY_PROBE = 8192


def _decode_hint(data: bytes, err: UnicodeDecodeError) -> str:
    bad = data[err.start:err.start + 1].hex()
    detail = f"byte 0x{bad} at offset {err.start} is not valid UTF-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return detail
    return detail + "; it looks like cp1252/Latin-1 text: convert it first, e.g. `iconv -f cp1252 -t utf-8`"


def _check_binary(data: bytes, path: str) -> None:
    head = data[:BINARY_PROBE]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("E102", path, detail="UTF-16 text; convert it to UTF-8 first")
    if b"\x00" in head:
        raise InputError("E102", path, detail="binary file (NUL bytes in the first 8 KiB)")


@contextmanager
def _unreadable(name: str) -> Iterator[None]:
    """Any OSError inside (stat, open, read, seek) becomes E108 naming the file."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("E108", name, detail="no such file") from None
    except IsADirectoryError:
        raise InputError("E108", name, detail="is a directory") from None
    except OSError as exc:
        raise InputError("E108", name, detail=exc.strerror or str(exc)) from None


def _open(path: str | Path) -> BinaryIO:
    with _unreadable(str(path)):
        return open(path, "rb")  # closed by the caller


def read_text(path: str | Path, max_bytes: int = 5_000_000) -> str:
    """Read a UTF-8 text file with the checks every format shares.

    Parameters
    ----------
    path : str or Path
        The file.
    max_bytes : int
        Larger files are rejected (E105) from their size alone, without being read.

    Returns
    -------
    str
        The text, BOM removed, newlines normalised to ``"\\n"``.

    Raises
    ------
    InputError
        E101 empty, E102 binary or not UTF-8, E105 too large, E108 unreadable.
    """
    name = str(path)
    with _unreadable(name):
        size = Path(path).stat().st_size
    if size > max_bytes:
        raise InputError("E105", name, size=size, limit=max_bytes)
    with _open(path) as f, _unreadable(name):
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise InputError("E105", name, size=len(data), limit=max_bytes)
    _check_binary(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E102", name, detail=_decode_hint(data, exc)) from None
    if not text.strip():
        raise InputError("E101", name)
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: One line of a file read by :func:`read_lines`: its 1-based number and its text, or what is wrong with it.
Line = tuple[int, str | InputError]

#: A run of whole lines of a file: (first byte, byte after the last, number of the first line).
Block = tuple[int, int, int]

#: On a Dask cluster a JSONL file larger than this is split into blocks of about this size, one task each
#: (~400 articles): ``kg build --scheduler ... --block-mb``.
JSONL_BLOCK = 1_000_000


def line_blocks(path: str | Path, size: int) -> list[Block]:
    """Split a file into runs of whole lines of about ``size`` bytes each, in one pass over it.

    Each block starts at the beginning of a line and ends after the line that crosses its ``size``-th byte,
    so every line is in exactly one block; :func:`read_lines` reads one block (a Dask task reads its part of
    a big JSONL file this way).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("wb", delete=False) as f:
    ...     _ = f.write(b"aaaa\\nbb\\ncccccc\\nd\\n")
    >>> line_blocks(f.name, 6)
    [(0, 8, 1), (8, 15, 3), (15, 17, 4)]
    >>> list(read_lines(f.name, block=(8, 15, 3)))
    [(3, 'cccccc')]
    """
    blocks: list[Block] = []
    start, line = 0, 1
    with _open(path) as fh:
        while True:
            fh.seek(start + max(size, 1) - 1)
            rest = fh.readline()  # to the end of the line that crosses the block's last byte
            stop = fh.tell()
            if not rest:  # the block's last byte is past the end of the file
                stop = fh.seek(0, 2)
            if stop <= start:
                return blocks
            fh.seek(start)
            line_after = line + fh.read(stop - start).count(b"\n")
            blocks.append((start, stop, line))
            start, line = stop, line_after


def read_lines(path: str | Path, max_line_bytes: int = 5_000_000, *, block: Block | None = None) -> Iterator[Line]:
    """Read a UTF-8 file one line at a time, however large it is (JSONL corpora).

    The start of the file is checked at call time (E108 unreadable, E102 binary or UTF-16, E101 empty
    when it is all in the first 8 KiB) and raises; the lines are then read lazily, so memory holds one line
    at a time.  A line that is not UTF-8 (E102) or longer than ``max_line_bytes`` (E111, not read into
    memory) comes back as an :class:`InputError` in place of its text, and the lines after it are read as
    usual.  Blank lines are skipped; a BOM and line ends are removed.  With ``block`` (from
    :func:`line_blocks`), only the lines of that block are read, numbered as in the whole file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write(b'{"a": 1}\\n\\n' + b"x" * 50 + b'\\n\\xff\\n{"b": 2}\\r\\n')
    >>> for number, line in read_lines(f.name, max_line_bytes=20):
    ...     print(number, line.code if isinstance(line, InputError) else line)
    1 {"a": 1}
    3 E111
    4 E102
    5 {"b": 2}
    """
    name = str(path)
    fh = _open(path)
    start, stop, first = block or (0, None, 1)
    try:
        with _unreadable(name):
            head = fh.read(BINARY_PROBE)
            _check_binary(head, name)
            if not head.strip() and not fh.read(1):
                raise InputError("E101", name)
            fh.seek(start)
    except InputError:
        fh.close()
        raise
    return _lines(fh, name, max_line_bytes, stop, first)


def _lines(fh: BinaryIO, name: str, limit: int, stop: int | None = None, first: int = 1) -> Iterator[Line]:
    with fh:
        number = first - 1
        seen = stop is not None  # a line with something on it (a block is not the whole file: no E101)
        while (stop is None or fh.tell() < stop) and (raw := fh.readline(limit + 1)):
            number += 1
            if len(raw) > limit and not raw.endswith(b"\n"):  # too long: skip to its end, counting
                size = len(raw)
                while (more := fh.readline(1 << 20)) and not more.endswith(b"\n"):
                    size += len(more)
                size += len(more)
                yield number, InputError("E111", name, number, size=size, limit=limit)
                seen = True
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            seen = True
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, InputError("E102", name, number, detail=_decode_hint(raw, exc))
        if not seen:  # all blank, beyond the start checked at call time
            yield number, InputError("E101", name)
