"""Raw article text to an ``Article``: title, header, lead, subheadings, attribution.

The raw shape, one paragraph per line (blank lines and surrounding spaces do not matter)::

    Title of the article
    12- 5.06.2025, 12:36        comment count (may be missing), date d.mm.yyyy, local time
    - 23,448                    views (the whole line may be missing)

    The lead: the first line of the body.
    A paragraph…
    A subheading                a short line without final punctuation (or a short question)
    A paragraph…                …followed by a full paragraph
    Author Name, outlet.        attribution (optional): `A and B, outlet.`, `Source: outlet`, URL,
                                or the names alone: `Author Name.`, `A and B.`, `By Author Name.`

Anything that does not fit raises ArticleError with the file, the line, what was expected and
what to do; so does a date outside ``DateBounds`` (a mistyped year). A header without a time is
read as midnight with ``time_known=False`` and a warning in ``Article.warnings``. Everything else
is text: it is kept, never dropped.

The last line is an attribution only in a strict shape, so that a short closing sentence ("Time
will tell.", "Nothing changed.") stays a paragraph: every name is 2-4 capitalised words (initials
and particles such as "van" allowed), and none of them is a common word that starts sentences.

Every regular expression here runs in time linear in its input: a header or an attribution is
short, so longer lines are rejected before matching, whitespace runs are collapsed, and the
quantifiers that could backtrack are possessive. A 1 MB line of spaces, digits or dashes is parsed
in milliseconds (``scripts/bench_parse.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from commentary_archive.article import Article, ArticleError, Block
from commentary_archive.errors import SourceError

HEADER_EXAMPLE = "`12- 5.06.2025, 12:36` (comment count, date, time)"
HEADER_MAX_CHARS = 80  # a real header is about 20 characters; a longer line is not one
# The comment count runs to the first dash (it may end in spaces: strip it), the date follows.
HEADER = re.compile(
    r"(?:(?P<comments>[^-]*+)-\s*+)?"
    r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})"
    r"(?:\s*+,?\s*+(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?"
)
VIEWS = re.compile(r"-\s*+(?P<views>\d[\d\s,.\u00a0\u202f']*+|\S++)")  # a number, or one word
NUMBER = re.compile(r"\d{1,3}(?:[,.\s\u00a0\u202f']\d{3})++|\d++")
COUNT_MAX_DIGITS = 12  # a comment or view count; longer is a typo (and int() refuses 4,300+)
CLOSING = "\"'»”\u2019)]"  # closing quotes and brackets
TERMINAL = ".!?…:;"
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90
PARAGRAPH_MIN_WORDS = 12
SOURCE_WORDS = (
    "source|sources|источник|джерело|\u043a\u0440\u044b\u043d\u0456\u0446\u0430"  # be: крыніца
)
SOURCE_LINE = re.compile(rf"(?i)(?:{SOURCE_WORDS})\s*+:\s*+(?P<outlet>.+)")
URL = re.compile(r"(?i)(?:https?://|www\.)\S++")
DOMAIN = re.compile(r"[\w-]++(?:\.[\w-]++)++")  # eastwatch.example, planbmedia.io
ATTRIBUTION_MAX_CHARS = 200  # names and an outlet; a longer line is a paragraph
NAME_WORD = re.compile(
    "[^\\W\\d_][\\w.'\u2019-]*+"
)  # a letter, then letters . ' - or a typographic apostrophe
# Attribution lines have their whitespace collapsed to single spaces before these are used.
AUTHOR_SEPARATOR = re.compile(" ?, ?| (?:and|&|и|\u0456) ")  # and, &, Russian and Belarusian 'and'
NAMES_SEPARATOR = re.compile(" (?:and|&|и|\u0456) ")  # `A and B.`: names alone, no comma
# For names alone: a capitalised word (O'Brien, Jean-Luc, Жук), initials (A., A.B.), a particle.
PLAIN_NAME = re.compile("[^\\W\\d_]++(?:['\u2019-][^\\W\\d_]++)*+")
INITIALS = re.compile("(?:[^\\W\\d_]\\.)++")
PARTICLE_WORDS = "al bin da das de del della der des di dos du el ibn la le st ten ter van von zu"
PARTICLES = frozenset(PARTICLE_WORDS.split())
# Capitalised words that start or make up short sentences, never a person's name: a closing line
# made of them ("The End.", "Nothing Changed.", "Слава Украине.") is text, not an attribution.
SENTENCE_WORDS_TEXT = """
    a about after again all also always an and any anything are as at back bad be because been
    before being both but by can could did do does done enough even ever every everybody everyone
    everything few for from glory go god goes going gone good goodbye had happy has have he hello
    her here hers him his how however i if in indeed is it its just last let lets life like live
    maybe me merry more most much must my never new next no nobody none nor not nothing now of off
    oh ok okay on once one only or other our out over perhaps please read see she should so some
    someone something soon sorry still stay such thank thanks that the their them then there
    therefore these they this those though thus time to today tomorrow too tuned until up us very
    was we well were what when where which while who why with without would yes yesterday yet you
    your
    а без был была были было бы в вам вас вот время всегда всё все вы где да для до его её ее если
    есть ещё еще же жизнь жыве живе за здесь и из или им их к как когда конец кто ли либо мы на над
    нам нас не нет ни никогда никто ничего но ну о об он она они оно от по под пока покажет
    после потом поэтому пусть с слава со спасибо так там тем то только тут у увы уже что это я
    і ў ці гэта што як усё дзякуй канец час няма
"""  # noqa: RUF001 (Cyrillic words, not look-alike Latin letters)
SENTENCE_WORDS = frozenset(SENTENCE_WORDS_TEXT.split())
LANGUAGE_SAMPLE = 3000
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class DateBounds:
    """The plausible dates of an article; a header outside them is a typo (``3.06.1024``).

    ``latest=None`` sets no upper bound; the converter passes today plus a margin.
    """

    earliest: date = date(1900, 1, 1)
    latest: date | None = None

    def describe(self) -> str:
        """``a date between 1900-01-01 and 2026-06-06`` (what was expected, for an error)."""
        if self.latest is None:
            return f"a date on or after {self.earliest.isoformat()}"
        return f"a date between {self.earliest.isoformat()} and {self.latest.isoformat()}"


ANY_DATE = DateBounds()


class Header(NamedTuple):
    """What the header line says: the date (midnight if no time is given) and the comments."""

    date: datetime
    comments: int | None
    time_known: bool


def parse_article(
    text: str, path: str, *, zone: ZoneInfo, raw_sha256: str = "", bounds: DateBounds = ANY_DATE
) -> Article:
    """Read one raw article; ``path`` labels errors and gives ``raw_file`` its name."""
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    filled = [(number, line) for number, line in lines if line]
    if not filled:
        raise ArticleError(
            path,
            1,
            "is empty: expected a title, a header line and the article text.",
            "Remove the file or put the article in it.",
        )
    (title_line, title), rest = filled[0], filled[1:]
    if (match := _header_match(title)) and NUMBER.fullmatch(_comments(match) or "0"):
        raise ArticleError(
            path,
            title_line,
            "starts with the header line; expected the title first.",
            "Add the article's title as the first line.",
        )
    if not rest:
        raise ArticleError(
            path,
            title_line,
            f"has only a title; expected a header line {HEADER_EXAMPLE} "
            "and the article text after it.",
            "Add the header and the text, or remove the file.",
        )
    header = parse_header(rest[0], path, zone, bounds)
    warnings: list[SourceError] = []
    if not header.time_known:
        warnings.append(
            ArticleError(
                path,
                rest[0][0],
                "has no time in the header line; converted with the date alone.",
                "Add the time (HH:MM) after the date if it is known.",
            )
        )
    body = rest[1:]
    views = None
    match = VIEWS.fullmatch(body[0][1]) if body else None
    # Right under the header it must be the views; after a blank line, only if it is a number.
    if match and (body[0][0] == rest[0][0] + 1 or NUMBER.fullmatch(match["views"])):
        views = parse_count(body[0], match["views"], "views", path)
        body = body[1:]
    if not body:
        raise ArticleError(
            path,
            rest[0][0],
            "has no text after the header.",
            "Add the article text (lead first) after a blank line.",
        )
    authors: tuple[str, ...] = ()
    source: str | None = None
    if len(body) > 1:
        attribution = parse_attribution(body[-1][1])
        if attribution is not None:
            authors, source = attribution
            body = body[:-1]
    texts = [line for _, line in body]
    return Article(
        title=title,
        date=header.date,
        authors=authors,
        source=source,
        comments=header.comments,
        views=views,
        lead=texts[0],
        blocks=tuple(_blocks(texts[1:])),
        lang=detect_language(" ".join([title, *texts])),
        raw_file=Path(path).name,
        raw_sha256=raw_sha256,
        time_known=header.time_known,
        warnings=tuple(warnings),
    )


def parse_header(
    line: tuple[int, str], path: str, zone: ZoneInfo, bounds: DateBounds = ANY_DATE
) -> Header:
    """``12- 5.06.2025, 12:36`` → (aware date in ``zone``, comment count or None, time given)."""
    number, text = line
    match = _header_match(text)
    if match is None:
        raise ArticleError(
            path,
            number,
            f"expected the header line {HEADER_EXAMPLE}, found {_quote(text)}.",
            "Put the header on the line after the title.",
        )
    comments = None
    if written_comments := _comments(match):
        comments = parse_count(line, written_comments, "comment count", path)
    year, month, day, hour, minute = (
        int(match[key] or 0) for key in ("year", "month", "day", "hour", "minute")
    )
    written = f"{match['day']}.{match['month']}.{match['year']}"
    if match["hour"]:
        written += f", {match['hour']}:{match['minute']}"
    try:
        stamp = datetime(year, month, day, hour, minute, tzinfo=zone)
    except ValueError as error:
        raise ArticleError(
            path,
            number,
            f"has an impossible date or time {written!r} ({error}).",
            "Correct it in the raw file: day.month.year, hours:minutes.",
        ) from error
    on = stamp.date()
    if on < bounds.earliest or (bounds.latest is not None and on > bounds.latest):
        raise ArticleError(
            path,
            number,
            f"has the date {written!r}, which cannot be right: expected {bounds.describe()}.",
            "Correct the year (or the day and month) in the raw file: day.month.year.",
        )
    return Header(stamp, comments, match["hour"] is not None)


def parse_count(line: tuple[int, str], written: str, what: str, path: str) -> int:
    """``23,448`` → 23448; anything but digits (with thousands separators) is an error."""
    if not NUMBER.fullmatch(written):
        raise ArticleError(
            path,
            line[0],
            f"{what} {_quote(written)} is not a number.",
            "Write it with digits only (a thousands separator is fine), or leave it out.",
        )
    digits = re.sub(r"\D", "", written)
    if len(digits) > COUNT_MAX_DIGITS:
        raise ArticleError(
            path,
            line[0],
            f"{what} {_quote(written)} has {len(digits)} digits, too many for a count.",
            "Correct the number in the raw file, or leave it out.",
        )
    return int(digits)


def parse_attribution(line: str) -> tuple[tuple[str, ...], str | None] | None:
    """The last line as (authors, outlet), or None if it is not an attribution.

    ``A and B, outlet.`` → ((A, B), outlet); ``Source: outlet`` or a URL → ((), outlet); the names
    alone in the strict shape, ``A and B.`` or ``By A.`` → ((A, B), None).
    """
    if len(line) > ATTRIBUTION_MAX_CHARS:
        return None
    line = " ".join(line.split())
    text = line.rstrip(".").strip()
    if text.lower().startswith("by "):
        text = text[3:].strip()
    if match := SOURCE_LINE.fullmatch(text):
        outlet = _outlet(match["outlet"])
        return None if outlet is None else ((), outlet)
    if URL.fullmatch(text):
        return (), _outlet(text)
    if "," not in text:
        # Names alone: only with one final full stop (not "…" or "..."), in the strict shape.
        if not line.endswith(".") or line.endswith(".."):
            return None
        names = tuple(NAMES_SEPARATOR.split(text))
        if not names or not all(_is_bare_name(name) for name in names):
            return None
        if INITIALS.fullmatch(names[-1].split()[-1] + "."):
            names = (*names[:-1], names[-1] + ".")  # `Zhuk A.`: the last dot was the initial's
        return names, None
    names_text, outlet_text = text.rsplit(",", 1)
    outlet = _outlet(outlet_text, proper=True)
    authors = tuple(name for name in AUTHOR_SEPARATOR.split(names_text.strip()) if name)
    if outlet is None or not authors or not all(_is_name(name) for name in authors):
        return None
    return authors, outlet


def detect_language(text: str) -> Literal["en", "ru"]:
    """``ru`` when Cyrillic letters outnumber Latin ones in the first few thousand characters."""
    sample = text[:LANGUAGE_SAMPLE]
    return "ru" if len(CYRILLIC.findall(sample)) > len(LATIN.findall(sample)) else "en"


def _header_match(text: str) -> re.Match[str] | None:
    return HEADER.fullmatch(text) if len(text) <= HEADER_MAX_CHARS else None


def _comments(match: re.Match[str]) -> str:
    return (match["comments"] or "").strip()


def _outlet(text: str, *, proper: bool = False) -> str | None:
    """The outlet as written; a URL becomes its host name. None if it cannot be an outlet.

    ``proper``: after a name and a comma, the outlet must look like one (a capitalised name, a
    number or a domain), so that "Well, nothing changed." is not read as author "Well".
    """
    text = text.strip().rstrip(".")
    if URL.fullmatch(text):
        host = urlsplit(text if "://" in text else f"https://{text}").hostname or ""
        return host.removeprefix("www.") or None
    words = text.split()
    if not 1 <= len(words) <= 4 or any(mark in text for mark in '?!;:"«»“”()'):
        return None
    if proper and not (text[0].isupper() or text[0].isdigit() or DOMAIN.fullmatch(text)):
        return None
    return text


def _is_name(text: str) -> bool:
    """A name before ``, outlet``: 1-4 capitalised words, none of them a sentence word."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(
        NAME_WORD.fullmatch(word)
        and word[0].isupper()
        and (INITIALS.fullmatch(word) or word.lower() not in SENTENCE_WORDS)
        for word in words
    )


def _is_bare_name(text: str) -> bool:
    """A name standing alone (``Alena Zhuk``, ``A. B. Smith``, ``Ludwig van Beethoven``).

    2-4 words; each an initial, a capitalised name word that is not a common sentence word, or a
    particle between them; at least one name word. The final full stop is already removed, so a
    last word of one capital letter is an initial (``Zhuk A.``).
    """
    words = text.split(" ")
    if not 2 <= len(words) <= 4:
        return False
    named = False
    for index, word in enumerate(words):
        last = index == len(words) - 1
        if word.isupper() and INITIALS.fullmatch(word + "." if last else word):
            continue
        if PLAIN_NAME.fullmatch(word) and word[0].isupper() and len(word) > 1:
            if word.lower() in SENTENCE_WORDS:
                return False
            named = True
        elif not (index > 0 and not last and word in PARTICLES):
            return False
    return named


def _blocks(lines: Sequence[str]) -> list[Block]:
    """Paragraphs, with a short unpunctuated line before a full paragraph read as a subheading."""
    blocks = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        heading = following is not None and _is_heading(line) and _is_paragraph(following)
        blocks.append(Block("heading" if heading else "paragraph", line))
    return blocks


def _is_heading(line: str) -> bool:
    ending = line.rstrip(CLOSING)
    return (
        len(line) <= HEADING_MAX_CHARS
        and len(line.split()) <= HEADING_MAX_WORDS
        and bool(ending)
        and (ending[-1].isalnum() or ending[-1] == "?")
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'«“„")
    )


def _is_paragraph(line: str) -> bool:
    ending = line.rstrip(CLOSING)
    return len(line.split()) >= PARAGRAPH_MIN_WORDS and bool(ending) and ending[-1] in TERMINAL


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
