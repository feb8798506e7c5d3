"""The model every stage shares: one article as read from its raw file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from commentary_archive.errors import SourceError


class ArticleError(SourceError):
    """A raw file (or an article's Markdown) that cannot be converted; it names file and line."""


@dataclass(frozen=True)
class Block:
    """One piece of the body: a paragraph or a subheading, as plain text."""

    kind: Literal["paragraph", "heading"]
    text: str


@dataclass(frozen=True)
class Article:
    """What the raw file says, plus what conversion adds (``tags``, ``slug``) before writing.

    ``time_known`` is False when the header gave a date without a time: ``date`` is then midnight
    in the zone, for ordering and the folder only. ``warnings`` are the problems conversion worked
    around (a header without a time, say), each naming the file and line, for the report.
    """

    title: str
    date: datetime
    authors: tuple[str, ...]
    source: str | None
    comments: int | None
    views: int | None
    lead: str
    blocks: tuple[Block, ...]
    lang: Literal["en", "ru"]
    raw_file: str
    raw_sha256: str
    tags: tuple[str, ...] = ()
    slug: str = ""
    time_known: bool = True
    # Diagnostics, not content (and exceptions compare by identity): left out of ``==``.
    warnings: tuple[SourceError, ...] = field(default=(), compare=False)
