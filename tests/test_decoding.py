from pathlib import Path

import pytest

from commentary_archive.article import ArticleError
from commentary_archive.decoding import decode

RUSSIAN = (Path(__file__).parent / "fixtures" / "raw" / "russian.txt").read_text(encoding="utf-8")
TEXT = "Title\n12- 5.06.2025, 12:36\n\nThe lead \u2014 \u201cquoted\u201d."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("utf-8"),
        "\ufeff".encode("utf-16-le") + TEXT.encode("utf-16-le"),
        "\ufeff".encode("utf-16-be") + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 BOM", "CRLF", "CR", "utf-16-le BOM", "utf-16-be BOM"],
)
def test_unicode_encodings_and_line_endings(data):
    assert decode(data, "a.txt") == TEXT


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "cp866"])
def test_legacy_russian_encodings(encoding):
    data = RUSSIAN.replace("\n", "\r\n").encode(encoding)

    assert decode(data, "a.txt") == RUSSIAN


def test_latin_1_text():
    text = "Caf\u00e9 cr\u00e8me in Gda\u0144sk? Na\u00efve r\u00e9sum\u00e9s, d\u00e9j\u00e0 vu."
    assert decode((text * 20).encode("windows-1252", errors="ignore"), "a.txt").startswith("Caf")


def test_unicode_line_separators_become_newlines():
    assert decode("a\u2028b\u2029c\x85d\x0ce".encode(), "a.txt") == "a\nb\nc\nd\ne"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"Title\n12- 5.06.2025, 12:36\n\x00\x01\x02binary",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    ],
)
def test_binary_data_is_an_article_error(data):
    with pytest.raises(ArticleError) as caught:
        decode(data, "raw/x.txt")

    assert caught.value.path == "raw/x.txt"
    assert "binary data" in caught.value.problem or "not readable" in caught.value.problem
    assert "UTF-8" in caught.value.hint


def test_binary_error_names_the_line():
    with pytest.raises(ArticleError) as caught:
        decode(b"Title\nheader\n\x00", "x.txt")

    assert caught.value.line == 3


def test_broken_utf_16_is_an_article_error():
    with pytest.raises(ArticleError, match="not readable as utf-16-le"):
        decode(b"\xff\xfe\x00\xd8", "x.txt")
