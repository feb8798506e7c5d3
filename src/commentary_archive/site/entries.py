"""An article as the site lists it: its front matter, its URL and its length.

The converter writes one Markdown file per article with YAML front matter (see the contract in
the README), read here with ``commentary_archive.document.loads``, the project's one reader of
front matter. The site needs only a few of those fields to build listings, feeds and links, so
it checks them in one place, strictly: a value of the wrong kind (``draft: "true"``,
``views: "12"``, a date the site cannot show) is an error naming the file, the key and its
line, never a guess. Everything else is ignored (curators may add keys; ``raw`` is the
converter's own).
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from commentary_archive.document import is_list_of_texts, key_error, loads, texts_error
from commentary_archive.errors import SourceError

T = TypeVar("T")

WORDS_PER_MINUTE = 220
ATTRIBUTE_LIST_LINE = re.compile(r"^\{:[^}\n]*\}$", re.MULTILINE)
# A BCP 47 language tag as ``<html lang>`` takes it: ``en``, ``ru-BY``, ``sr-Latn-RS``.
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*")
# What an article's path may be made of, so that its URL needs no escaping anywhere.
PLAIN_PATH = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")
# Dates the site can show, sort and convert to UTC (``datetime`` ends at 9999-12-31).
FIRST_YEAR, LAST_YEAR = 1000, 9998
MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
DATE_HINT = (
    "Write it like `date: 2025-06-05T12:36:00+03:00`, or `date: 2025-06-05` when the time is "
    f"unknown: a year from {FIRST_YEAR} to {LAST_YEAR}, an offset in whole minutes."
)


class EntryError(SourceError):
    """An article's front matter lacks a field the site needs, or has it in the wrong shape."""


@dataclass(frozen=True)
class Entry:
    """The fields of one published article that listings, feeds and links are made from.

    ``date`` is always a full timestamp, for sorting and feeds; when the front matter gives
    the day alone, it is midnight UTC of that day and ``time_known`` is False, so the pages
    show the day alone.
    """

    src_uri: str
    title: str
    date: datetime
    authors: tuple[str, ...]
    source: str | None
    description: str
    tags: tuple[str, ...]
    lang: str
    views: int | None
    words: int
    time_known: bool = True

    def __hash__(self) -> int:
        """Listings are remembered by their entries (``mkdocs serve``): a hash of the path alone
        is cheap, and entries that are equal share it."""
        return hash(self.src_uri)

    @functools.cached_property
    def url(self) -> str:
        """The page's URL relative to the site root (the site uses directory URLs); asked for
        by every listing that shows the article, so worked out once."""
        return page_url(self.src_uri)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))

    @functools.cached_property
    def long_date(self) -> str:
        """``5 June 2025``, in the article's own time zone and in English."""
        return f"{self.date.day} {month_name(self.date.year, self.date.month)}"

    @property
    def long_date_and_time(self) -> str:
        """``5 June 2025, 12:36``, or the day alone when the time is unknown."""
        return f"{self.long_date}, {self.date:%H:%M}" if self.time_known else self.long_date

    @property
    def published(self) -> str:
        """ISO 8601 for machines (``<time datetime>``, JSON-LD): the day alone if that is all
        the article says, rather than an invented midnight."""
        return self.date.isoformat() if self.time_known else self.date.date().isoformat()

    @property
    def utc_minute(self) -> str:
        """``2025-06-05T09:36``: the moment in UTC, a sort key every article has."""
        return f"{self.date.astimezone(UTC):%Y-%m-%dT%H:%M}"


def month_name(year: int, month: int) -> str:
    """``June 2025``, in English whatever the machine's locale."""
    return f"{MONTH_NAMES[month - 1]} {year}"


def page_url(src_uri: str) -> str:
    """``articles/2025/06/x.md`` → ``articles/2025/06/x/``; ``index.md`` → ``""`` (directory URLs).

    >>> page_url("tags/belarus/index.md"), page_url("page/2.md"), page_url("feed.xml")
    ('tags/belarus/', 'page/2/', 'feed.xml')
    """
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def read_entry(src_uri: str, text: str) -> Entry | None:
    """The entry of an article file, or None for a draft; raise a SourceError (naming the file,
    and the key and its line when one is at fault) on front matter the site cannot use."""
    if not PLAIN_PATH.fullmatch(src_uri):
        raise EntryError(
            src_uri,
            None,
            "has characters other than letters, digits, '-', '_' and '.' in its path, which "
            "becomes the page's URL.",
            "Rename the file (the converter names it after the article's slug).",
        )
    meta, body, _ = loads(text, src_uri)
    fields = _Fields(src_uri, text, meta)
    if fields.optional("draft", bool, "true or false"):
        return None
    moment, time_known = fields.date()
    return Entry(
        src_uri=src_uri,
        title=fields.text("title"),
        date=moment,
        authors=fields.texts("authors"),
        source=fields.optional("source", str, "text"),
        description=fields.optional("description", str, "text", empty=True) or "",
        tags=fields.texts("tags"),
        lang=fields.language(),
        views=fields.count("views"),
        words=len(ATTRIBUTE_LIST_LINE.sub("", body).split()),
        time_known=time_known,
    )


class _Fields:
    """The front matter of one file, read key by key; a bad value is an EntryError naming the
    file, the key and the key's line."""

    def __init__(self, src_uri: str, text: str, meta: dict[str, Any]) -> None:
        self.src_uri = src_uri
        self.file_text = text
        self.meta = meta

    def error(self, key: str, problem: str, hint: str = "") -> EntryError:
        return _entry_error(key_error(self.src_uri, self.file_text, self.meta, key, problem, hint))

    def optional(self, key: str, kind: type[T], problem: str, empty: bool = False) -> T | None:
        """The value if it is a ``kind`` (not empty unless ``empty``), None if absent or null."""
        value = self.meta.get(key)
        if value is None:
            return None
        if type(value) is not kind or (value == "" and not empty):
            raise self.error(key, problem)
        return value

    def text(self, key: str) -> str:
        value = self.optional(key, str, "text")
        if value is None:
            raise self.error(key, "text")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if not is_list_of_texts(value):
            raise _entry_error(texts_error(self.src_uri, self.file_text, self.meta, key))
        return tuple(value)

    def count(self, key: str) -> int | None:
        value = self.optional(key, int, "a whole number")
        if value is not None and value < 0:
            raise self.error(key, "a whole number, not negative")
        return value

    def language(self) -> str:
        value = self.optional("lang", str, "a language tag")
        if value is None:
            return "en"
        if not LANGUAGE_TAG.fullmatch(value):
            raise self.error(
                "lang", "a language tag", "Write a BCP 47 tag such as `en`, `ru` or `be-BY`."
            )
        return value

    def date(self) -> tuple[datetime, bool]:
        """The publication moment and whether its time of day is known."""
        value = self.meta.get("date")
        if isinstance(value, datetime):
            offset = value.utcoffset()
            if offset is None or offset % timedelta(minutes=1):
                raise self.error("date", "a timestamp with a time zone in whole minutes", DATE_HINT)
            moment, time_known = value, True
        elif isinstance(value, date):
            moment = datetime(value.year, value.month, value.day, tzinfo=UTC)
            time_known = False
        else:
            raise self.error("date", "a timestamp with a time zone, or a date", DATE_HINT)
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise self.error("date", f"in the years {FIRST_YEAR} to {LAST_YEAR}", DATE_HINT)
        return moment, time_known


def _entry_error(error: SourceError) -> EntryError:
    return EntryError(error.path, error.line, error.problem, error.hint)
