import codecs
from pathlib import Path

import pytest

from commentary_archive.article import ArticleError
from commentary_archive.decoding import Decoded, decode

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
    assert decode(data, "a.txt") == Decoded(TEXT, ())


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "cp866"])
def test_legacy_russian_encodings(encoding):
    data = RUSSIAN.replace("\n", "\r\n").encode(encoding)

    assert decode(data, "a.txt") == Decoded(RUSSIAN, ())


def test_latin_1_text():
    text = "Caf\u00e9 cr\u00e8me in Gda\u0144sk? Na\u00efve r\u00e9sum\u00e9s, d\u00e9j\u00e0 vu."
    decoded = decode((text * 20).encode("windows-1252", errors="ignore"), "a.txt")

    assert decoded.text.startswith("Caf")
    assert decoded.warnings == ()


def test_unicode_line_separators_become_newlines():
    assert decode("a\u2028b\u2029c\x85d\x0ce".encode(), "a.txt").text == "a\nb\nc\nd\ne"


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


# A UTF-8 file with a few bytes pasted from a Windows-1252 document.
LEAD_UTF8 = "The lead: Suwa\u0142ki \u2014 and \u0416\u0443\u043a."


def test_a_stray_windows_1252_byte_in_utf_8_is_repaired_and_reported():
    data = b"Title\n12- 5.06.2025, 12:36\n\n" + LEAD_UTF8.encode() + b"\nA dash \x96 here."

    decoded = decode(data, "raw/x.txt")

    assert decoded.text == f"Title\n12- 5.06.2025, 12:36\n\n{LEAD_UTF8}\nA dash \u2013 here."
    [warning] = decoded.warnings
    assert isinstance(warning, ArticleError)
    assert (warning.path, warning.line) == ("raw/x.txt", 5)
    assert warning.problem == (
        "byte 0x96 at column 8 is not UTF-8 (the rest of the file is); "
        "read as Windows-1252 '\u2013' (U+2013)."
    )
    assert (
        warning.hint == "Check the character there, or save the article as UTF-8 and convert again."
    )


@pytest.mark.parametrize(
    ("byte", "meaning"),
    [
        (b"\x80", "\u20ac"),
        (b"\x85", "\u2026"),  # an ellipsis, not the NEL line break
        (b"\x93", "\u201c"),
        (b"\x94", "\u201d"),
        (b"\x97", "\u2014"),
        (b"\xa0", "\u00a0"),
        (b"\xe9", "\u00e9"),
        (b"\xff", "\u00ff"),
        (b"\x81", "\ufffd"),
        (b"\x8d", "\ufffd"),
        (b"\x8f", "\ufffd"),
        (b"\x90", "\ufffd"),
        (b"\x9d", "\ufffd"),
    ],
)
def test_stray_bytes_take_their_windows_1252_meaning(byte, meaning):
    decoded = decode(LEAD_UTF8.encode() + b"\nx" + byte + b"y", "a.txt")

    assert decoded.text == f"{LEAD_UTF8}\nx{meaning}y"
    assert [(warning.line, warning.problem.split(";")[0]) for warning in decoded.warnings] == [
        (2, f"byte 0x{byte[0]:02X} at column 2 is not UTF-8 (the rest of the file is)")
    ]
    if meaning == "\ufffd":
        assert decoded.warnings[0].problem.endswith(
            "it has no meaning in Windows-1252 either: replaced with U+FFFD."
        )


def test_the_seed_shaped_article_with_a_stray_byte_keeps_its_author():
    # The real failure: one 0x96 and charset-normalizer read the whole file as ISO-8859-3.
    text = (
        "A Title About Suwa\u0142ki\n12- 5.06.2025, 12:36\n- 23,448\n\nThe lead.\n"
        "A paragraph about Suwa\u0142ki and the border, long enough to be a paragraph here.\n"
        "Alena Zhuk, eastwatch.example."
    )
    data = text.encode().replace(b"the border", b"the border \x96 again")

    decoded = decode(data, "a.txt")

    assert decoded.text == text.replace("the border", "the border \u2013 again")
    assert [warning.line for warning in decoded.warnings] == [6]


def test_line_and_column_follow_every_kind_of_line_break():
    data = LEAD_UTF8.encode() + b"\r\nab\x93c\rd\x94\r\n\xe2\x80\xa8\x85"

    decoded = decode(data, "a.txt")

    assert decoded.text == f"{LEAD_UTF8}\nab\u201cc\nd\u201d\n\n\u2026"
    assert [(w.line, w.problem.split(" is")[0]) for w in decoded.warnings] == [
        (2, "byte 0x93 at column 3"),
        (3, "byte 0x94 at column 2"),
        (5, "byte 0x85 at column 1"),
    ]


def test_many_stray_bytes_are_reported_five_and_the_rest_counted():
    data = LEAD_UTF8.encode() * 10 + b"\n" + b"\x93x\x94 " * 4

    decoded = decode(data, "raw/x.txt")

    assert decoded.text == LEAD_UTF8 * 10 + "\n" + "\u201cx\u201d " * 4
    assert [(w.line, w.problem.split(" is")[0]) for w in decoded.warnings[:5]] == [
        (2, "byte 0x93 at column 1"),
        (2, "byte 0x94 at column 3"),
        (2, "byte 0x93 at column 5"),
        (2, "byte 0x94 at column 7"),
        (2, "byte 0x93 at column 9"),
    ]
    more = decoded.warnings[5]
    assert (more.path, more.line) == ("raw/x.txt", None)
    assert (
        more.problem == "and 3 more bytes that are not UTF-8, read as Windows-1252 in the same way."
    )
    assert len(decoded.warnings) == 6


def test_a_utf_8_file_with_a_bom_and_a_stray_byte_is_repaired_too():
    decoded = decode(codecs.BOM_UTF8 + LEAD_UTF8.encode() + b" \x96", "a.txt")

    assert decoded.text == LEAD_UTF8 + " \u2013"
    assert [w.line for w in decoded.warnings] == [1]


def test_a_utf_8_file_with_a_bom_and_many_invalid_bytes_is_an_error():
    with pytest.raises(ArticleError, match="not readable as utf-8"):
        decode(codecs.BOM_UTF8 + RUSSIAN.encode("windows-1251"), "a.txt")


def test_a_bigger_utf_8_file_may_have_up_to_one_percent_stray_bytes():
    data = RUSSIAN.encode() * 10 + b"\x96" * 40
    assert 20 < 40 <= 0.01 * sum(byte >= 0x80 for byte in data)  # 40 of 5,360 non-ASCII bytes

    decoded = decode(data, "a.txt")

    assert decoded.text == RUSSIAN * 10 + "\u2013" * 40
    assert len(decoded.warnings) == 6
    assert decoded.warnings[-1].problem == (
        "and 35 more bytes that are not UTF-8, read as Windows-1252 in the same way."
    )


def test_more_stray_bytes_than_that_is_not_utf_8_with_repairs():
    data = RUSSIAN.encode() * 10 + b"\x96" * 60  # more than 20 and than 1%

    assert decode(data, "a.txt").warnings == ()  # charset-normalizer decided


def test_one_more_stray_byte_is_counted_in_the_singular():
    decoded = decode(LEAD_UTF8.encode() * 2 + b"\x96" * 6, "a.txt")

    assert decoded.warnings[-1].problem == (
        "and 1 more byte that is not UTF-8, read as Windows-1252 in the same way."
    )


def test_a_legacy_file_with_an_accidental_utf_8_sequence_is_still_legacy():
    # In Windows-1251, capital Es then Yo (0xD1 0xA8) happen to be a valid UTF-8 sequence.
    text = RUSSIAN.replace("\n", "\n\u0421\u0401\u041d\u041d\u042f ", 1)
    data = text.encode("windows-1251")
    assert "\u0468" in data.decode("utf-8", "ignore")  # the accident

    assert decode(data, "a.txt") == Decoded(text, ())


def test_ascii_with_stray_bytes_and_no_utf_8_goes_to_charset_detection():
    # Without one valid multi-byte sequence nothing says the file is UTF-8.
    decoded = decode(b"A plain title\nand a caf\xe9 cr\xe8me line\n", "a.txt")

    assert decoded.warnings == ()
    assert "\ufffd" not in decoded.text


def test_stray_bytes_may_be_as_many_as_the_utf_8_characters_and_no_more():
    five = LEAD_UTF8.encode()  # five characters of two or three bytes each
    assert decode(five + b"\x96" * 5, "a.txt").text == LEAD_UTF8 + "\u2013" * 5
    assert decode(five + b"\x96" * 6, "a.txt").warnings == ()  # charset-normalizer decided
