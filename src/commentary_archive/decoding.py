"""Raw bytes to text: whatever encoding and line endings the file came with, one clean ``str`` out.

UTF-8 (with or without a BOM) is tried first because it is both the common case and the only
encoding that can be recognised with certainty; UTF-16 and UTF-32 are recognised by their BOM;
anything else (Windows-1251, KOI8-R, Latin-1…) is left to charset-normalizer. Every line break
becomes ``\\n``.

A file that is UTF-8 but for a few stray bytes (a dash or a quote pasted from a Windows-1252
document) stays UTF-8: the stray bytes are read with their Windows-1252 meaning (U+FFFD for the
five bytes that have none) and each one is reported as a warning with its line and column, so a
single ``\\x96`` never turns the whole file into ISO-8859-3. "A few" means at most
``FEW_INVALID`` bytes or ``INVALID_SHARE`` of the non-ASCII bytes, and no more invalid bytes than
valid multi-byte characters: a genuine legacy file (Windows-1251, KOI8-R) has almost no valid
UTF-8 sequence, so it still goes to charset-normalizer.
"""

from __future__ import annotations

import codecs
import itertools
import re
from typing import NamedTuple

from charset_normalizer import from_bytes

from commentary_archive.article import ArticleError

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text (tab and the line breaks below do).
BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Every way text marks a line break, including the rare Unicode ones YAML and Markdown disagree on.
LINE_BREAK = re.compile("\r\n?|[\v\f\x85\u2028\u2029]")
# Python's "surrogateescape" error handler turns each byte that is not UTF-8 into U+DC80..U+DCFF;
# valid UTF-8 never decodes to a lone surrogate, so these mark exactly the stray bytes.
STRAY = re.compile("[\udc80-\udcff]")
ASCII_BYTES = bytes(range(0x80))
FEW_INVALID = 20  # a file with at most this many stray bytes is repaired…
INVALID_SHARE = 0.01  # …and so is one where they are at most 1% of the non-ASCII bytes
WARNINGS_SHOWN = 5  # one warning for each of the first stray bytes, then one "and N more"
UNDEFINED_IN_CP1252 = frozenset((0x81, 0x8D, 0x8F, 0x90, 0x9D))
# A stray byte's Windows-1252 meaning (Latin-1 for 0xA0-0xFF, U+FFFD for the five undefined ones).
REPAIR = {
    0xDC00 + byte: "\ufffd" if byte in UNDEFINED_IN_CP1252 else bytes([byte]).decode("cp1252")
    for byte in range(0x80, 0x100)
}
SAVE_AS_UTF8 = "Save the article as plain text (UTF-8) and convert again."


class Decoded(NamedTuple):
    """The text with ``\\n`` line endings, and what had to be repaired to get it."""

    text: str
    warnings: tuple[ArticleError, ...] = ()


def decode(data: bytes, path: str) -> Decoded:
    """The text of a raw file with ``\\n`` line endings; ArticleError if it is not text at all."""
    text, warnings = _decode(data, path)
    binary = BINARY.search(text)
    if binary:
        line = text.count("\n", 0, binary.start()) + 1
        raise ArticleError(
            path, line, "contains binary data (control characters), not article text.", SAVE_AS_UTF8
        )
    return Decoded(text, warnings)


def _decode(data: bytes, path: str) -> Decoded:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                repaired = _mostly_utf8(data[len(bom) :], path)
                if repaired is None:
                    raise _undecodable(path, encoding)
                return repaired
            try:
                return Decoded(_lines(data[len(bom) :].decode(encoding)))
            except UnicodeDecodeError as error:
                raise _undecodable(path, encoding) from error
    repaired = _mostly_utf8(data, path)
    if repaired is not None:
        return repaired
    best = from_bytes(data).best()
    if best is None:
        raise _undecodable(path, "any known encoding")
    return Decoded(_lines(str(best)))


def _mostly_utf8(data: bytes, path: str) -> Decoded | None:
    """UTF-8 text, with a few stray bytes repaired and reported; None if it is not UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    invalid = len(STRAY.findall(text))
    if not invalid:
        return Decoded(_lines(text))
    # Characters from valid multi-byte sequences (the stray bytes' surrogates are not ASCII either).
    valid = len(text) - len(text.encode("ascii", "ignore")) - invalid
    non_ascii_bytes = len(data.translate(None, ASCII_BYTES))
    few = invalid <= FEW_INVALID or invalid <= INVALID_SHARE * non_ascii_bytes
    if not (valid and invalid <= valid and few):
        return None
    text = _lines(text)
    warnings = []
    line, position = 1, 0
    for stray in itertools.islice(STRAY.finditer(text), WARNINGS_SHOWN):
        line += text.count("\n", position, stray.start())
        position = stray.start()
        column = position - text.rfind("\n", 0, position)
        warnings.append(_stray_warning(path, line, column, stray[0]))
    if invalid > WARNINGS_SHOWN:
        more = invalid - WARNINGS_SHOWN
        warnings.append(
            ArticleError(
                path,
                None,
                f"and {more} more {'bytes that are' if more > 1 else 'byte that is'} not UTF-8, "
                "read as Windows-1252 in the same way.",
                SAVE_AS_UTF8,
            )
        )
    return Decoded(STRAY.sub(_repair, text), tuple(warnings))


def _repair(stray: re.Match[str]) -> str:
    return REPAIR[ord(stray[0])]


def _stray_warning(path: str, line: int, column: int, stray: str) -> ArticleError:
    byte = ord(stray) - 0xDC00
    meaning = REPAIR[ord(stray)]
    read_as = (
        "it has no meaning in Windows-1252 either: replaced with U+FFFD"
        if meaning == "\ufffd"
        else f"read as Windows-1252 {meaning!r} (U+{ord(meaning):04X})"
    )
    return ArticleError(
        path,
        line,
        f"byte 0x{byte:02X} at column {column} is not UTF-8 (the rest of the file is); {read_as}.",
        "Check the character there, or save the article as UTF-8 and convert again.",
    )


def _lines(text: str) -> str:
    return LINE_BREAK.sub("\n", text)


def _undecodable(path: str, encoding: str) -> ArticleError:
    return ArticleError(path, None, f"is not readable as {encoding}.", SAVE_AS_UTF8)
