"""Raw article text to an ``Article``: title, header, lead, subheadings, attribution.

The raw shape, one paragraph per line (blank lines and surrounding spaces do not matter)::

    Title of the article
    12- 5.06.2025, 12:36        comment count (may be missing), date d.mm.yyyy, local time
    - 23,448                    views (the whole line may be missing)

    The lead: the first line of the body.
    A paragraph…
    A subheading                a short line without final punctuation (or a short question)
    A paragraph…                …followed by a full paragraph
    Author Name, outlet.        attribution (optional): `A and B, outlet.`, `Source: outlet`, URL

Anything that does not fit raises ArticleError with the file, the line, what was expected and
what to do. Everything else is text: it is kept, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from commentary_archive.article import Article, ArticleError, Block

HEADER_EXAMPLE = "`12- 5.06.2025, 12:36` (comment count, date, time)"
HEADER = re.compile(
    r"(?:(?P<comments>[^-]*?)\s*-\s*)?"
    r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})"
    r"(?:\s*,?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2}))?"
)
VIEWS = re.compile(r"-\s*(?P<views>\d[\d\s,.\u00a0\u202f']*|\S+)")  # a number, or one word
NUMBER = re.compile(r"\d{1,3}(?:[,.\s\u00a0\u202f']\d{3})+|\d+")
CLOSING = "\"'»”\u2019)]"  # closing quotes and brackets
TERMINAL = ".!?…:;"
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90
PARAGRAPH_MIN_WORDS = 12
SOURCE_WORDS = (
    "source|sources|источник|джерело|\u043a\u0440\u044b\u043d\u0456\u0446\u0430"  # be: крыніца
)
SOURCE_LINE = re.compile(rf"(?i)(?:{SOURCE_WORDS})\s*:\s*(?P<outlet>.+)")
URL = re.compile(r"(?i)(?:https?://|www\.)\S+")
NAME_WORD = re.compile(
    "[^\\W\\d_][\\w.'\u2019-]*"
)  # a letter, then letters . ' - or a typographic apostrophe
AUTHOR_SEPARATOR = re.compile(
    "\\s*,\\s*|\\s+(?:and|&|и|\u0456)\\s+"
)  # and, &, Russian and Belarusian 'and'
LANGUAGE_SAMPLE = 3000
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


def parse_article(text: str, path: str, *, zone: ZoneInfo, raw_sha256: str = "") -> Article:
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
    if (match := HEADER.fullmatch(title)) and NUMBER.fullmatch(match["comments"] or "0"):
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
    date, comments = parse_header(rest[0], path, zone)
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
    authors, source = (), None
    if len(body) > 1:
        attribution = parse_attribution(body[-1][1])
        if attribution is not None:
            authors, source = attribution
            body = body[:-1]
    texts = [line for _, line in body]
    return Article(
        title=title,
        date=date,
        authors=authors,
        source=source,
        comments=comments,
        views=views,
        lead=texts[0],
        blocks=tuple(_blocks(texts[1:])),
        lang=detect_language(" ".join([title, *texts])),
        raw_file=Path(path).name,
        raw_sha256=raw_sha256,
    )


def parse_header(line: tuple[int, str], path: str, zone: ZoneInfo) -> tuple[datetime, int | None]:
    """``12- 5.06.2025, 12:36`` → (aware date in ``zone``, comment count or None)."""
    number, text = line
    match = HEADER.fullmatch(text)
    if match is None:
        raise ArticleError(
            path,
            number,
            f"expected the header line {HEADER_EXAMPLE}, found {_quote(text)}.",
            "Put the header on the line after the title.",
        )
    comments = None
    if match["comments"]:
        comments = parse_count(line, match["comments"], "comment count", path)
    parts = [int(match[key] or 0) for key in ("year", "month", "day", "hour", "minute")]
    try:
        date = datetime(*parts, tzinfo=zone)
    except ValueError as error:
        written = f"{match['day']}.{match['month']}.{match['year']}"
        if match["hour"]:
            written += f", {match['hour']}:{match['minute']}"
        raise ArticleError(
            path,
            number,
            f"has an impossible date or time {written!r} ({error}).",
            "Correct it in the raw file: day.month.year, hours:minutes.",
        ) from error
    return date, comments


def parse_count(line: tuple[int, str], written: str, what: str, path: str) -> int:
    """``23,448`` → 23448; anything but digits (with thousands separators) is an error."""
    if not NUMBER.fullmatch(written):
        raise ArticleError(
            path,
            line[0],
            f"{what} {written!r} is not a number.",
            "Write it with digits only (a thousands separator is fine), or leave it out.",
        )
    return int(re.sub(r"\D", "", written))


def parse_attribution(line: str) -> tuple[tuple[str, ...], str | None] | None:
    """``A and B, outlet.`` → ((A, B), outlet); None if the line is not an attribution."""
    text = line.rstrip(".").strip()
    if text.lower().startswith("by "):
        text = text[3:].strip()
    if match := SOURCE_LINE.fullmatch(text):
        outlet = _outlet(match["outlet"])
        return None if outlet is None else ((), outlet)
    if URL.fullmatch(text):
        return (), _outlet(text)
    if "," not in text:
        return None
    names, outlet_text = text.rsplit(",", 1)
    outlet = _outlet(outlet_text)
    authors = tuple(name for name in AUTHOR_SEPARATOR.split(names.strip()) if name)
    if outlet is None or not authors or not all(_is_name(name) for name in authors):
        return None
    return authors, outlet


def detect_language(text: str) -> str:
    """``ru`` when Cyrillic letters outnumber Latin ones in the first few thousand characters."""
    sample = text[:LANGUAGE_SAMPLE]
    return "ru" if len(CYRILLIC.findall(sample)) > len(LATIN.findall(sample)) else "en"


def _outlet(text: str) -> str | None:
    """The outlet as written; a URL becomes its host name. None if it cannot be an outlet."""
    text = text.strip().rstrip(".")
    if URL.fullmatch(text):
        host = urlsplit(text if "://" in text else f"https://{text}").hostname or ""
        return host.removeprefix("www.") or None
    words = text.split()
    if not 1 <= len(words) <= 4 or any(mark in text for mark in '?!;:"«»“”()'):
        return None
    return text


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 4 and all(
        NAME_WORD.fullmatch(word) and word[0].isupper() for word in words
    )


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
