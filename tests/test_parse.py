import importlib.util
import signal
import threading
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from commentary_archive.article import ArticleError, Block
from commentary_archive.decoding import decode
from commentary_archive.parse import DateBounds, parse_article, parse_attribution

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
    ("header", "comments", "date", "time_known"),
    [
        ("- 5.03.2025, 09:15", None, datetime(2025, 3, 5, 9, 15, tzinfo=MINSK), True),
        ("0- 5.03.2025, 09:15", 0, datetime(2025, 3, 5, 9, 15, tzinfo=MINSK), True),
        ("3- 15.11.2024, 23:59", 3, datetime(2024, 11, 15, 23, 59, tzinfo=MINSK), True),
        ("1,204- 1.1.2024, 0:05", 1204, datetime(2024, 1, 1, 0, 5, tzinfo=MINSK), True),
        ("7 - 05.06.2025 12:36", 7, datetime(2025, 6, 5, 12, 36, tzinfo=MINSK), True),
        ("7- 5.06.2025", 7, datetime(2025, 6, 5, 0, 0, tzinfo=MINSK), False),
        ("5.06.2025, 12:36", None, datetime(2025, 6, 5, 12, 36, tzinfo=MINSK), True),
        ("1 204 - 5.06.2025,12.36", 1204, datetime(2025, 6, 5, 12, 36, tzinfo=MINSK), True),
        ("5/06/2025 , 7:05", None, datetime(2025, 6, 5, 7, 5, tzinfo=MINSK), True),
        ("12   -    5.06.2025 ,   12:36", 12, datetime(2025, 6, 5, 12, 36, tzinfo=MINSK), True),
    ],
)
def test_header_variants(header, comments, date, time_known):
    article = parse(raw(*standard(header=header)))

    assert (article.comments, article.date, article.time_known) == (comments, date, time_known)


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
        ("A. Example, eastwatch.example.", ("A. Example",), "eastwatch.example"),
        ("Example A., Baltic Ledger.", ("Example A.",), "Baltic Ledger"),
        ("I. Example and O. Sample, 7x7.", ("I. Example", "O. Sample"), "7x7"),
        ("Anna  Example ,  Baltic   Ledger .", ("Anna Example",), "Baltic Ledger"),
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
    article = parse(decode(path.read_bytes(), str(path)).text, "russian.txt")

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
    decoded = decode(path.read_bytes(), str(path))
    assert decoded.warnings == ()
    article = parse_article(decoded.text, str(path), zone=MINSK)

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
    assert (article.time_known, article.warnings) == (True, ())


# A header without a time: the date alone, flagged, and a warning naming the line.


def test_a_header_without_a_time_is_midnight_flagged_and_warned_about():
    article = parse(raw("", TITLE, "", "7- 5.06.2025", "", LEAD, FIRST), "raw/001.txt")

    assert article.date == datetime(2025, 6, 5, 0, 0, tzinfo=MINSK)
    assert article.date.isoformat() == "2025-06-05T00:00:00+03:00"
    assert article.time_known is False
    [warning] = article.warnings
    assert isinstance(warning, ArticleError)
    assert (warning.path, warning.line) == ("raw/001.txt", 4)
    assert warning.problem == "has no time in the header line; converted with the date alone."
    assert warning.hint == "Add the time (HH:MM) after the date if it is known."


def test_a_header_with_a_time_has_no_warning():
    article = parse(raw(*standard()))

    assert (article.time_known, article.warnings) == (True, ())


def test_warnings_do_not_make_equal_articles_unequal():
    text = raw(*standard(header="7- 5.06.2025"))

    assert parse(text) == parse(text)


# Implausible dates: a mistyped year is refused, with what was expected.


@pytest.mark.parametrize(
    ("header", "bounds", "written", "expected"),
    [
        ("3.06.1024, 08:05", DateBounds(), "3.06.1024, 08:05", "a date on or after 1900-01-01"),
        (
            "12- 31.12.1899, 23:59",
            DateBounds(),
            "31.12.1899, 23:59",
            "a date on or after 1900-01-01",
        ),
        (
            "12- 5.06.2205, 12:36",
            DateBounds(latest=date(2026, 6, 5)),
            "5.06.2205, 12:36",
            "a date between 1900-01-01 and 2026-06-05",
        ),
        (
            "6.06.2026",
            DateBounds(latest=date(2026, 6, 5)),
            "6.06.2026",
            "a date between 1900-01-01 and 2026-06-05",
        ),
        (
            "4.06.2015, 10:00",
            DateBounds(earliest=date(2015, 6, 5), latest=date(2026, 6, 5)),
            "4.06.2015, 10:00",
            "a date between 2015-06-05 and 2026-06-05",
        ),
    ],
)
def test_dates_outside_the_bounds_are_refused(header, bounds, written, expected):
    text = raw(*standard(header=header))

    with pytest.raises(ArticleError) as caught:
        parse_article(text, "raw/001.txt", zone=MINSK, bounds=bounds)

    error = caught.value
    assert (error.path, error.line) == ("raw/001.txt", 2)
    assert error.problem == f"has the date {written!r}, which cannot be right: expected {expected}."
    assert error.hint == "Correct the year (or the day and month) in the raw file: day.month.year."


@pytest.mark.parametrize(
    ("header", "day"),
    [("1.01.1900, 00:00", date(1900, 1, 1)), ("5.06.2026, 23:59", date(2026, 6, 5))],
)
def test_the_bounds_themselves_are_plausible(header, day):
    bounds = DateBounds(latest=date(2026, 6, 5))

    article = parse_article(raw(*standard(header=header)), "a.txt", zone=MINSK, bounds=bounds)

    assert article.date.date() == day


def test_date_bounds_defaults():
    assert DateBounds() == DateBounds(earliest=date(1900, 1, 1), latest=None)


# The attribution line may be the names alone; a short closing sentence stays a paragraph.


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Alena Zhuk.", ("Alena Zhuk",)),
        ("By Alena Zhuk.", ("Alena Zhuk",)),
        ("Alena Zhuk and Pavel Sample.", ("Alena Zhuk", "Pavel Sample")),
        ("Alena Zhuk & Pavel Sample.", ("Alena Zhuk", "Pavel Sample")),
        ("By Alena Zhuk and Olga Lis.", ("Alena Zhuk", "Olga Lis")),
        ("A. B. Smith.", ("A. B. Smith",)),
        ("A.B. Smith.", ("A.B. Smith",)),
        ("Zhuk A.", ("Zhuk A.",)),
        ("Ludwig van Beethoven.", ("Ludwig van Beethoven",)),
        ("Juan de la Cruz.", ("Juan de la Cruz",)),
        ("Jean-Luc Picard.", ("Jean-Luc Picard",)),
        ("Conor O'Brien.", ("Conor O'Brien",)),
        ("Conor O\u2019Brien.", ("Conor O\u2019Brien",)),
        ("Will Smith.", ("Will Smith",)),
        ("Alena  Zhuk .", ("Alena Zhuk",)),
        ("Алена Жук.", ("Алена Жук",)),
        ("Жук И. П.", ("Жук И. П.",)),
        ("Алена Жук и Павел Лис.", ("Алена Жук", "Павел Лис")),
        ("Алена Жук \u0456 Павел Ліс.", ("Алена Жук", "Павел Ліс")),  # Belarusian "and"
    ],
)
def test_names_alone_are_the_attribution(line, authors):
    article = parse(raw(*standard(attribution=line)))

    assert (article.authors, article.source) == (authors, None)
    assert article.blocks[-1] == Block("paragraph", SECOND)


@pytest.mark.parametrize(
    "line",
    [
        "Time will tell.",
        "Nothing changed.",
        "So it goes.",
        "Minsk waits.",
        "Time Will Tell.",
        "Nothing Changed.",
        "So It Goes.",
        "The End.",
        "Thank You.",
        "Not Now.",
        "Stay Tuned.",
        "Good Night.",
        "Happy New Year.",
        "To Be Continued.",
        "Glory To Ukraine.",
        "Long Live Belarus.",
        "Who Knows.",
        "Alena.",
        "A. B.",
        "van Gogh.",
        "Alena zhuk.",
        "Alena Zhuk",  # names alone need the full stop
        "Alena Zhuk!",
        "Alena Zhuk...",
        "Alena Zhuk\u2026",
        "Alena Zhuk 2.",
        "Anna Karenina Went Home Quickly.",
        "Время покажет.",
        "Время Покажет.",
        "Слава Украине.",
        "Жыве Беларусь.",
        "Ничего не изменилось.",
        # Sentences with a comma are not "name, outlet" either.
        "Well, nothing changed.",
        "Thanks, everyone.",
        "Yes, indeed.",
        "So, what now.",
        "Goodbye, Belarus.",
    ],
)
def test_short_closing_sentences_stay_paragraphs(line):
    article = parse(raw(*standard(attribution=line)))

    assert (article.authors, article.source) == ((), None)
    assert article.blocks[-1] == Block("paragraph", line)


def test_an_attribution_longer_than_a_line_of_names_is_a_paragraph():
    names = " and ".join(["Anna Example"] * 20)

    assert parse_attribution(f"{names}, eastwatch.example.") is None
    assert parse_attribution("Anna Example, eastwatch.example.") == (
        ("Anna Example",),
        "eastwatch.example",
    )


# Counts: a count too long to be real is an ArticleError, never a crash.


@pytest.mark.parametrize(
    ("lines", "line", "problem"),
    [
        (
            standard(views="- " + "1" * 5000),
            3,
            f"views {'1' * 57 + '...'!r} has 5000 digits, too many for a count.",
        ),
        (
            standard(views="- 1234567890123"),
            3,
            "views '1234567890123' has 13 digits, too many for a count.",
        ),
        (
            standard(header="1" * 5000 + "- 5.06.2025, 12:36"),
            2,
            f"expected the header line `12- 5.06.2025, 12:36` (comment count, date, time), "
            f"found {'1' * 57 + '...'!r}.",
        ),
        (
            standard(views="- " + "1," * 5000),
            3,
            f"views {'1,' * 28 + '1...'!r} is not a number.",
        ),
    ],
)
def test_huge_counts_are_article_errors_with_short_messages(lines, line, problem):
    with pytest.raises(ArticleError) as caught:
        parse(raw(*lines), "raw/001.txt")

    assert (caught.value.line, caught.value.problem) == (line, problem)


def test_twelve_digits_are_still_a_count():
    assert parse(raw(*standard(views="- 123,456,789,012"))).views == 123_456_789_012


# Linear time: pathological 1 MB inputs finish (the numbers are in scripts/bench_parse.py).

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench_parse.py"
_spec = importlib.util.spec_from_file_location("bench_parse", BENCH)
bench_parse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_parse)
HANG_LIMIT = 10  # seconds; each input takes well under one: this only stops a hang


@contextmanager
def hang_guard(seconds: int = HANG_LIMIT):
    """Fail the test if its body is still running after ``seconds``: a hang guard, not a timing
    assertion (regular expressions check for signals, so a backtracking one is interrupted)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def hung(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: parsing is not linear")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


ERRORS_1MB = {
    "header: spaces before the date": (2, "expected the header line"),
    "header: spaces after the date": (2, "expected the header line"),
    "header: digits": (2, "expected the header line"),
    "header: digits and commas": (2, "expected the header line"),
    "views: digits": (3, "has 1000000 digits, too many for a count"),
    "views: digits and commas": (3, "is not a number"),
    "views: dashes": (3, "is not a number"),
}


@pytest.mark.parametrize("name", list(bench_parse.PATHOLOGICAL))
def test_pathological_megabyte_inputs_finish_and_lose_nothing(name):
    data = bench_parse.PATHOLOGICAL[name](1_000_000)
    with hang_guard():
        text, _ = decode(data, "raw/big.txt")
        try:
            article = parse_article(text, "raw/big.txt", zone=MINSK)
        except ArticleError as error:
            assert (error.line, name) == (ERRORS_1MB[name][0], name)
            assert ERRORS_1MB[name][1] in error.problem
            assert len(str(error)) < 300  # the long line is quoted, shortened
            return
    assert name not in ERRORS_1MB
    longest = max((line.strip() for line in text.split("\n")), key=len)
    kept = [article.title, article.lead, *(block.text for block in article.blocks)]
    assert longest in kept  # the pathological line is text, kept whole
    if name.startswith("attribution"):
        assert (article.authors, article.source) == ((), None)
    else:
        assert (article.authors, article.source) == (("Anna Example",), "eastwatch.example")
