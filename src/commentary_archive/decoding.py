"""Raw bytes to text: whatever encoding and line endings the file came with, one clean ``str`` out.

UTF-8 (with or without a BOM) is tried first because it is both the common case and the only
encoding that can be recognised with certainty; UTF-16 is recognised by its BOM; anything else
(Windows-1251, KOI8-R, Latin-1…) is left to charset-normalizer. Every line break becomes ``\\n``.
"""

from __future__ import annotations

import codecs
import re

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


def decode(data: bytes, path: str) -> str:
    """The text of a raw file with ``\\n`` line endings; ArticleError if it is not text at all."""
    text = LINE_BREAK.sub("\n", _decode(data, path))
    binary = BINARY.search(text)
    if binary:
        line = text.count("\n", 0, binary.start()) + 1
        raise ArticleError(
            path,
            line,
            "contains binary data (control characters), not article text.",
            "Save the article as plain text (UTF-8) and convert again.",
        )
    return text


def _decode(data: bytes, path: str) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise _undecodable(path, encoding) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise _undecodable(path, "any known encoding")
    return str(best)


def _undecodable(path: str, encoding: str) -> ArticleError:
    return ArticleError(
        path,
        None,
        f"is not readable as {encoding}.",
        "Save the article as plain text (UTF-8) and convert again.",
    )
