"""The model every stage shares: one article as read from its raw file."""

from __future__ import annotations

from dataclasses import dataclass
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
    """What the raw file says, plus what conversion adds (``tags``, ``slug``) before writing."""

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
