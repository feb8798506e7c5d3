from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from commentary_archive.article import ArticleError, Block
from commentary_archive.decoding import decode
from commentary_archive.parse import parse_article

MINSK = ZoneInfo("Europe/Minsk")
FIXTURES = Path(__file__).parent / "fixtures" / "raw"
SEEDS = Path(__file__).parent.parent.parent / "shared" / "seeds"

TITLE = "Minsk Counts the Cost of the Summer Harvest"
LEAD = "The ministry reports a record, the districts do not."
FIRST = (
    "Officials in the capital repeated the figures twice this week, "
    "and nobody in the fields believed them."
)
HEADING = "Who pays for the shortfall"
SECOND = (
    "The answer, as usual, is the farms themselves, "
    "which were told to hand over more grain than they grew."
)


def raw(*lines: str) -> str:
    return "\n".join(lines)


def standard(**changes: str) -> list[str]:
    lines = {
        "title": TITLE,
        "header": "12- 5.06.2025, 12:36",
        "views": "- 23,448",
        "blank": "",
        "lead": LEAD,
        "first": FIRST,
        "heading": HEADING,
        "second": SECOND,
        "attribution": "Anna Example, eastwatch.example.",
    }
    lines.update(changes)
    return [line for line in lines.values() if line is not None]


def parse(text: str, name: str = "001_example.txt"):
    return parse_article(text, name, zone=MINSK, raw_sha256="abc")


def test_the_standard_shape():
    article = parse(raw(*standard()))

    assert article.title == TITLE
    assert article.date == datetime(2025, 6, 5, 12, 36, tzinfo=MINSK)
    assert article.date.isoformat() == "2025-06-05T12:36:00+03:00"
    assert article.comments == 12
    assert article.views == 23448
    assert article.authors == ("Anna Example",)
    assert article.source == "eastwatch.example"
    assert article.lead == LEAD
    assert article.blocks == (
        Block("paragraph", FIRST),
        Block("heading", HEADING),
        Block("paragraph", SECOND),
    )
    assert article.lang == "en"
    assert article.raw_file == "001_example.txt"
    assert article.raw_sha256 == "abc"


@pytest.mark.parametrize(
    ("header", "comments", "date"),
    [
        ("- 5.03.2025, 09:15", None, datetime(2025, 3, 5, 9, 15, tzinfo=MINSK)),
        ("0- 5.03.2025, 09:15", 0, datetime(2025, 3, 5, 9, 15, tzinfo=MINSK)),
        ("3- 15.11.2024, 23:59", 3, datetime(2024, 11, 15, 23, 59, tzinfo=MINSK)),
        ("1,204- 1.1.2024, 0:05", 1204, datetime(2024, 1, 1, 0, 5, tzinfo=MINSK)),
        ("7 - 05.06.2025 12:36", 7, datetime(2025, 6, 5, 12, 36, tzinfo=MINSK)),
        ("7- 5.06.2025", 7, datetime(2025, 6, 5, 0, 0, tzinfo=MINSK)),
        ("5.06.2025, 12:36", None, datetime(2025, 6, 5, 12, 36, tzinfo=MINSK)),
    ],
)
def test_header_variants(header, comments, date):
    article = parse(raw(*standard(header=header)))

    assert (article.comments, article.date) == (comments, date)


@pytest.mark.parametrize("line", ["- 23 448", "- 23.448", "-23448", "- 23\u00a0448"])
def test_views_separators(line):
    assert parse(raw(*standard(views=line))).views == 23448


def test_missing_views_line():
    article = parse(raw(*standard(views=None)))

    assert article.views is None
    assert article.lead == LEAD


def test_header_without_blank_line_before_the_lead():
    article = parse(raw(*standard(blank=None)))

    assert (article.views, article.lead) == (23448, LEAD)


def test_configured_time_zone():
    article = parse_article(raw(*standard()), "a.txt", zone=ZoneInfo("Europe/Warsaw"))

    assert article.date.isoformat() == "2025-06-05T12:36:00+02:00"


@pytest.mark.parametrize(
    ("attribution", "authors", "source"),
    [
        ("Anna Example, eastwatch.example.", ("Anna Example",), "eastwatch.example"),
        ("Anna Example, eastwatch.example", ("Anna Example",), "eastwatch.example"),
        ("Anna Example, Baltic Ledger.", ("Anna Example",), "Baltic Ledger"),
        (
            "Anna Example and Pavel Sample, eastwatch.example.",
            ("Anna Example", "Pavel Sample"),
            "eastwatch.example",
        ),
        ("Source: eastwatch.example", (), "eastwatch.example"),
        ("Source: Baltic Ledger.", (), "Baltic Ledger"),
        ("https://www.eastwatch.example/2025/06/harvest", (), "eastwatch.example"),
        ("Anna Example, https://eastwatch.example/a/1.", ("Anna Example",), "eastwatch.example"),
        ("By Anna Example, eastwatch.example.", ("Anna Example",), "eastwatch.example"),
    ],
)
def test_attribution_variants(attribution, authors, source):
    article = parse(raw(*standard(attribution=attribution)))

    assert (article.authors, article.source) == (authors, source)
    assert article.blocks[-1] == Block("paragraph", SECOND)


def test_no_attribution_plain_news():
    article = parse(raw(*standard(attribution=None)))

    assert (article.authors, article.source) == ((), None)
    assert article.blocks[-1] == Block("paragraph", SECOND)


def test_closing_sentence_is_not_an_attribution():
    closing = "In the end, everyone will pay for it."
    article = parse(raw(*standard(attribution=closing)))

    assert (article.authors, article.source) == ((), None)
    assert article.blocks[-1] == Block("paragraph", closing)


def test_no_subheadings():
    article = parse(raw(*standard(heading=None)))

    assert article.blocks == (Block("paragraph", FIRST), Block("paragraph", SECOND))


def test_question_subheading():
    article = parse(raw(*standard(heading="What comes after the harvest?")))

    assert article.blocks[1] == Block("heading", "What comes after the harvest?")


def test_short_lines_are_headings_only_before_a_full_paragraph():
    lines = standard(first="Why?", second="Nobody knows")
    article = parse(raw(*lines))

    assert [block.kind for block in article.blocks] == ["paragraph"] * 3


def test_very_long_paragraph():
    long = " ".join(["The harvest was counted again and again."] * 400)
    article = parse(raw(*standard(first=long)))

    assert article.blocks[0] == Block("paragraph", long)


def test_blank_lines_between_paragraphs_and_trailing_spaces():
    text = "\n".join(line + "  \t" for line in standard()).replace("\n", "\n\n")
    article = parse(text + "\n\n")

    assert article == parse(raw(*standard()))


def test_title_and_paragraphs_keep_markdown_characters_as_text():
    odd = "- a *starred* line with <b>tags</b>, [x](y) and snake_case words."
    article = parse(raw(*standard(title="# Not a heading", first=odd)))

    assert article.title == "# Not a heading"
    assert article.blocks[0] == Block("paragraph", odd)


def test_russian_article():
    path = FIXTURES / "russian.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    article = parse(decode(path.read_bytes(), str(path)), "russian.txt")

    assert article.title == lines[0]
    assert article.date.isoformat() == "2024-09-03T08:05:00+03:00"
    assert (article.comments, article.views) == (7, 1204)
    assert article.authors == (lines[-1].split(",")[0],)
    assert article.source == "minsk-review.example"
    assert article.lead == lines[4]
    assert article.blocks == (
        Block("paragraph", lines[5]),
        Block("heading", lines[6]),
        Block("paragraph", lines[7]),
    )
    assert article.lang == "ru"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", 1, "is empty"),
        ("  \n\t\n   ", 1, "is empty"),
        (TITLE, 1, "has only a title"),
        ("\n\n" + TITLE + "\n", 3, "has only a title"),
        (raw(TITLE, "12- 31.02.2025, 12:36", "", LEAD), 2, "impossible date or time '31.02.2025"),
        (raw(TITLE, "12- 5.06.2025, 25:10", "", LEAD), 2, "impossible date or time"),
        (raw(TITLE, "many- 5.06.2025, 12:36", "", LEAD), 2, "comment count 'many' is not a number"),
        (raw(TITLE, "12- 5.06.2025, 12:36", "- lots", "", LEAD), 3, "views 'lots' is not a number"),
        (raw(TITLE, LEAD, FIRST), 2, "expected the header line"),
        (raw(TITLE, "12- 5.06.2025, 12:36"), 2, "has no text after the header"),
        (raw(TITLE, "12- 5.06.2025, 12:36", "- 23,448", ""), 2, "has no text after the header"),
        (raw("12- 5.06.2025, 12:36", "", LEAD), 1, "expected the title first"),
    ],
)
def test_broken_input_names_file_line_and_what_to_do(text, line, fragment):
    with pytest.raises(ArticleError) as caught:
        parse(text, "raw/001_broken.txt")

    error = caught.value
    assert (error.path, error.line) == ("raw/001_broken.txt", line)
    assert fragment in error.problem
    assert error.hint
    assert str(error).startswith(f"raw/001_broken.txt:{line}: ")


def test_seed_article():
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip("no seed article in ../shared/seeds")
    path = seeds[0]
    article = parse_article(decode(path.read_bytes(), str(path)), str(path), zone=MINSK)

    assert article.title == "Lukashenko Has Lost His Instinct For Self-preservation"
    assert article.date == datetime(2025, 6, 5, 12, 36, tzinfo=MINSK)
    assert article.date.isoformat() == "2025-06-05T12:36:00+03:00"
    assert (article.comments, article.views) == (12, 23448)
    assert article.authors == ("Andrei Bronishevsky",)
    assert article.source == "planbmedia.io"
    assert article.lead == "Ukraine can respond."
    assert [block.text for block in article.blocks if block.kind == "heading"] == [
        "Apogee - ahead",
        "One base - one destiny",
        "I warned you",
    ]
    assert article.lang == "en"
    assert article.raw_file == path.name
