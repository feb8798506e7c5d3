"""Properties over arbitrary input: only the documented error, and no text ever lost."""

import contextlib
import html.parser
import string
from datetime import date, datetime
from zoneinfo import ZoneInfo

import markdown
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from commentary_archive import curation, document
from commentary_archive.article import ArticleError
from commentary_archive.decoding import decode
from commentary_archive.parse import DateBounds, parse_article, parse_attribution

MINSK = ZoneInfo("Europe/Minsk")
# The Markdown extensions of mkdocs.yml, configured the same way.
EXTENSIONS = ["attr_list", "md_in_html", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}
HEADER = "12- 5.06.2025, 12:36\n- 23,448\n"

MARKDOWN_HEAVY = st.sampled_from(
    [
        *string.punctuation,
        *["- ", "* ", "1. ", "# ", "> ", "---", "|", "    ", "\t", "<b>", "&amp;", "{: .x }"],
        *["[^1]", "\u201c", "\u201d", "\u2014", "\u00ab", "\u00bb", "\u0416", "\u0451", " "],
    ]
)
# Any character but line breaks and control characters (those are tested above).
CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"
)
WORDS = st.text(CHARACTERS, min_size=1, max_size=8)
LINE = st.lists(st.one_of(MARKDOWN_HEAVY, WORDS), max_size=25).map("".join)


class PageText(html.parser.HTMLParser):
    """The visible text of a rendered page, without the permalink anchors of headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and ("class", "headerlink") in attrs:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_words(body: str) -> list[str]:
    parser = PageText()
    parser.feed(markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS))
    return " ".join(parser.parts).split()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_article_errors(data):
    with contextlib.suppress(ArticleError):
        parse_article(decode(data, "a.txt").text, "a.txt", zone=MINSK)


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_article_errors(text):
    with contextlib.suppress(ArticleError):
        parse_article(decode(text.encode("utf-8"), "a.txt").text, "a.txt", zone=MINSK)


@settings(max_examples=300, deadline=None)
@given(title=LINE, lines=st.lists(LINE, min_size=1, max_size=8))
def test_every_word_of_the_raw_text_shows_on_the_page_and_reconverts_identically(title, lines):
    raw = f"{title or 'T'}\n{HEADER}\n" + "\n".join(lines)
    try:
        text = decode(raw.encode("utf-8"), "a.txt").text
        article = parse_article(text, "a.txt", zone=MINSK)
    except ArticleError:
        event("article error")
        return
    fresh = document.from_article(article, "settings")
    merged, _ = curation.merge(None, fresh)
    written = document.loads(document.dumps(merged), "a.md")

    body_lines = text.split("\n\n", 1)[1].split("\n")
    if article.authors or article.source:
        body_lines = body_lines[:-1]  # the attribution, which went to the front matter
    assert page_words(written.body) == " ".join(body_lines).split()
    assert written.metadata["title"] == article.title
    assert written.metadata["description"] == article.lead
    again, conflicts = curation.merge(written, fresh)
    assert document.dumps(again) == document.dumps(merged)
    assert conflicts == []


# A UTF-8 file with a few stray Windows-1252 bytes: exactly those bytes change, at the right places.

TEXT_LINE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85\ufeff"),
    max_size=30,
)
NON_ASCII_WORD = st.text(
    st.characters(min_codepoint=0x80, blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=5,
)
STRAY_BYTE = st.integers(min_value=0x80, max_value=0xFF)


@settings(max_examples=300)
@given(
    lines=st.lists(TEXT_LINE, min_size=1, max_size=8),
    words=st.lists(NON_ASCII_WORD, min_size=1, max_size=5),
    data=st.data(),
)
def test_stray_bytes_in_utf_8_are_repaired_in_place_and_reported_where_they_are(lines, words, data):
    text = "\n".join([*lines, "".join(words)])  # at least one non-ASCII character
    non_ascii = sum(ord(character) > 0x7F for character in text)
    count = data.draw(st.integers(min_value=1, max_value=min(20, non_ascii)), label="strays")
    places = sorted(
        data.draw(
            st.lists(st.integers(0, len(text)), min_size=count, max_size=count, unique=True),
            label="places",
        )
    )
    strays = data.draw(st.lists(STRAY_BYTE, min_size=count, max_size=count), label="bytes")
    raw, expected, positions, start = b"", "", [], 0
    for place, byte in zip(places, strays, strict=True):
        raw += text[start:place].encode() + bytes([byte])
        expected += text[start:place]
        meaning = (
            "\ufffd" if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
        )
        line = expected.count("\n") + 1
        column = len(expected) - (expected.rfind("\n") + 1) + 1
        positions.append((line, f"byte 0x{byte:02X} at column {column} is not UTF-8"))
        expected += meaning
        start = place
    raw += text[start:].encode()
    expected += text[start:]

    decoded = decode(raw, "a.txt")

    assert decoded.text == expected
    shown = [(w.line, w.problem.split(" (")[0]) for w in decoded.warnings[:5]]
    assert shown == positions[:5]
    if count > 5:
        assert len(decoded.warnings) == 6
        assert decoded.warnings[5].problem.startswith(f"and {count - 5} more byte")
    else:
        assert len(decoded.warnings) == count


# Attribution by names alone: any name-shaped line is one; a line with a sentence word is not.

FIRST_NAMES = ["Alena", "Pavel", "Olga", "Ihar", "Siarhei", "Jean-Luc", "Алена", "Павел", "Мікола"]
LAST_NAMES = ["Zhuk", "Lis", "O'Brien", "Kavalenka", "Smith-Jones", "Жук", "Лис", "Кавалёнак"]
INITIAL = st.sampled_from("ABCDIPSZ").map(lambda letter: f"{letter}.")
PERSON = st.one_of(
    st.tuples(st.sampled_from(FIRST_NAMES), st.sampled_from(LAST_NAMES)).map(" ".join),
    st.tuples(INITIAL, st.sampled_from(LAST_NAMES)).map(" ".join),
    st.tuples(INITIAL, INITIAL, st.sampled_from(LAST_NAMES)).map(" ".join),
    st.tuples(
        st.sampled_from(FIRST_NAMES),
        st.sampled_from(["van", "de", "von"]),
        st.sampled_from(LAST_NAMES),
    ).map(" ".join),
)
SEPARATOR = st.sampled_from([" and ", " & ", " и "])


@settings(max_examples=300)
@given(
    persons=st.lists(PERSON, min_size=1, max_size=3),
    separators=st.lists(SEPARATOR, min_size=2, max_size=2),
    by=st.booleans(),
)
def test_any_name_shaped_last_line_is_the_attribution(persons, separators, by):
    line = persons[0]
    for separator, person in zip(separators, persons[1:], strict=False):
        line += separator + person
    line = ("By " if by else "") + line + "."

    assert parse_attribution(line) == (tuple(persons), None)


SENTENCE_WORD = st.sampled_from(
    ["will", "tell", "changed", "waits", "goes", "is", "was", "не", "покажет", "ждёт", "всё"]
)
CAPITALISED = st.sampled_from(
    ["Time", "Nothing", "So", "Minsk", "Alena", "Zhuk", "The", "Время", "Минск", "Жук", "It"]
)


@settings(max_examples=300)
@given(
    words=st.lists(st.one_of(SENTENCE_WORD, CAPITALISED), min_size=1, max_size=5).filter(
        lambda words: any(word[0].islower() for word in words)
    ),
    by=st.booleans(),
)
def test_a_short_sentence_is_never_the_attribution(words, by):
    line = ("By " if by else "") + " ".join(words) + "."

    assert parse_attribution(line) is None


# Dates: inside the bounds a header gives exactly its date; outside, an error on its line.

BOUNDS = DateBounds(earliest=date(1900, 1, 1), latest=date(2030, 12, 31))


@settings(max_examples=300)
@given(
    day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    time=st.one_of(
        st.none(), st.times().map(lambda moment: moment.replace(second=0, microsecond=0))
    ),
    comments=st.one_of(st.none(), st.integers(0, 99_999)),
)
def test_header_dates_inside_the_bounds_parse_exactly_and_outside_are_refused(day, time, comments):
    stamp = f"{day.day}.{day.month:02d}.{day.year:04d}"
    if time is not None:
        stamp += f", {time.hour:02d}:{time.minute:02d}"
    header = ("" if comments is None else f"{comments}") + f"- {stamp}"
    text = f"A title\n{header}\n\nThe lead."
    if not BOUNDS.earliest <= day <= BOUNDS.latest:
        with pytest.raises(ArticleError) as caught:
            parse_article(text, "a.txt", zone=MINSK, bounds=BOUNDS)
        assert caught.value.line == 2
        assert "expected a date between 1900-01-01 and 2030-12-31" in caught.value.problem
        return

    article = parse_article(text, "a.txt", zone=MINSK, bounds=BOUNDS)

    moment = datetime.combine(day, time or datetime.min.time(), tzinfo=MINSK)
    assert (article.date, article.comments) == (moment, comments)
    assert article.time_known == (time is not None)
    assert [warning.line for warning in article.warnings] == ([] if time else [2])
