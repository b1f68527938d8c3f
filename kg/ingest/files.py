"""Reading a file as text: size limit, readability, binary and encoding checks."""

from __future__ import annotations

from pathlib import Path

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
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise InputError("E105", name, size=size, limit=max_bytes)
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("E108", name, detail="no such file") from None
    except IsADirectoryError:
        raise InputError("E108", name, detail="is a directory") from None
    except OSError as exc:
        raise InputError("E108", name, detail=exc.strerror or str(exc)) from None
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
