"""An article as the site lists it: its front matter, its URL and its length.

The converter writes one Markdown file per article with YAML front matter (see the contract in
the README). The site needs only a few of those fields to build listings, feeds and links, so
it reads them here, checks them in one place, and ignores everything else (curators may add
keys; ``raw`` is the converter's own).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime

import yaml

from commentary_archive.errors import SourceError

try:
    from yaml import CSafeLoader as FrontMatterLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as FrontMatterLoader

WORDS_PER_MINUTE = 220
ATTRIBUTE_LIST_LINE = re.compile(r"^\{:[^}\n]*\}$", re.MULTILINE)
KIND_NAMES = {str: "text", int: "a whole number"}


class EntryError(SourceError):
    """An article's front matter lacks a field the site needs, or has it in the wrong shape."""


@dataclass(frozen=True)
class Entry:
    """The fields of one published article that listings, feeds and links are made from."""

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

    @property
    def url(self) -> str:
        """The page's URL relative to the site root (the site uses directory URLs)."""
        return page_url(self.src_uri)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))


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


def split_front_matter(text: str) -> tuple[str, str]:
    """The YAML between the leading ``---`` fences and the body after them (``""`` when absent)."""
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---\n", 3)
    if end == -1:
        return "", text
    return text[4:end], text[end + 5 :]


def read_entry(src_uri: str, text: str) -> Entry | None:
    """The entry of an article file, or None for a draft; raise EntryError on bad front matter."""
    header, body = split_front_matter(text)
    try:
        meta = yaml.load(header, Loader=FrontMatterLoader) if header else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 2
        raise EntryError(src_uri, line, f"front matter is not valid YAML ({error}).") from error
    if not isinstance(meta, dict):
        raise EntryError(src_uri, 1, "has no front matter.", "Start the file with a `---` block.")
    if meta.get("draft") is True:
        return None
    return Entry(
        src_uri=src_uri,
        title=_field(meta, src_uri, "title", str),
        date=_date(meta, src_uri),
        authors=tuple(_list(meta, src_uri, "authors")),
        source=_field(meta, src_uri, "source", str, optional=True),
        description=_field(meta, src_uri, "description", str, optional=True) or "",
        tags=tuple(_list(meta, src_uri, "tags")),
        lang=_field(meta, src_uri, "lang", str, optional=True) or "en",
        views=_field(meta, src_uri, "views", int, optional=True),
        words=len(ATTRIBUTE_LIST_LINE.sub("", body).split()),
    )


def _field(meta: dict, src_uri: str, key: str, kind: type, optional: bool = False):
    value = meta.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or isinstance(value, bool) or value == "":
        raise EntryError(
            src_uri,
            None,
            f"front matter key {key!r} must be {KIND_NAMES[kind]}, not {value!r}.",
            f"Set `{key}:` in the front matter.",
        )
    return value


def _list(meta: dict, src_uri: str, key: str) -> list[str]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise EntryError(
            src_uri, None, f"front matter key {key!r} must be a list of text, not {value!r}."
        )
    return value


def _date(meta: dict, src_uri: str) -> datetime:
    value = meta.get("date")
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise EntryError(
            src_uri,
            None,
            f"front matter key 'date' must be a timestamp with a time zone, not {value!r}.",
            "Write it like `date: 2025-06-05T12:36:00+03:00`.",
        )
    return value
