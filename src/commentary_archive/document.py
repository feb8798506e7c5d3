"""An article's Markdown file: YAML front matter written by a dumper, then the escaped body.

This is the only module that reads or writes article front matter (through python-frontmatter and
PyYAML's C loader/dumper). Dates are written as unquoted ISO 8601 timestamps with a ``T``
(``2025-06-05T12:36:00+03:00``), so they load back as timezone-aware datetimes.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, NamedTuple

import frontmatter
import yaml

from commentary_archive.article import Article, ArticleError
from commentary_archive.escape import escape

FIELD_ORDER = (
    "title",
    "date",
    "authors",
    "source",
    "comments",
    "views",
    "description",
    "tags",
    "lang",
    "slug",
)
LEAD_MARK = "{: .lead }"
RAW_BLOCK = re.compile(r"^raw:\n((?:[ ]{2}.*\n)+)---\n", re.MULTILINE)
RAW_ENTRY = re.compile(
    r"(?P<indent>[ ]{2}|[ ]{4})(?P<key>[a-z0-9_]+):(?: (?P<value>[^'\"\s#][^\s#]*|'[^'\n]*'))?"
)


class Document(NamedTuple):
    """Front matter and Markdown body of one article file."""

    metadata: dict[str, Any]
    body: str


class _Dumper(yaml.CSafeDumper):
    """Writes datetimes as plain ISO 8601 timestamps with a ``T``."""


_Dumper.add_representer(
    datetime,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
)


def from_article(article: Article, settings: str) -> Document:
    """The Markdown document for ``article``; ``settings`` fingerprints the conversion settings."""
    metadata = {
        "title": article.title,
        "date": article.date,
        "authors": list(article.authors),
        "source": article.source,
        "comments": article.comments,
        "views": article.views,
        "description": article.lead,
        "tags": list(article.tags),
        "lang": article.lang,
        "slug": article.slug,
        "raw": {"file": article.raw_file, "sha256": article.raw_sha256, "settings": settings},
    }
    parts = [f"{escape(article.lead)}\n{LEAD_MARK}"]
    for block in article.blocks:
        text = escape(block.text)
        parts.append(f"## {text}" if block.kind == "heading" else text)
    return Document(metadata, "\n\n".join(parts))


def dumps(document: Document) -> str:
    """The file's text: ``---``, the YAML front matter in the given key order, ``---``, the body."""
    post = frontmatter.Post(document.body)
    post.metadata = document.metadata
    text = frontmatter.dumps(
        post, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 20
    )
    return text + "\n"


def loads(text: str, path: str) -> Document:
    """Read an article file back; broken front matter is an ArticleError naming file and line."""
    handler = frontmatter.YAMLHandler()
    text = text.lstrip("\ufeff").strip()  # an editor may have added a byte order mark
    try:
        head, body = handler.split(text) if handler.detect(text) else (None, text)
    except ValueError:
        head = None
    if head is None:
        raise ArticleError(
            path,
            1,
            "has no front matter; expected a `---` line, YAML fields and another `---`.",
            "Restore the front matter, or delete the file to convert it afresh.",
        )
    try:
        metadata = handler.load(head)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ArticleError(
            path,
            None if mark is None else mark.line + 1,  # the YAML starts on the `---` line
            f"has front matter that is not valid YAML ({getattr(error, 'problem', error)}).",
            "Fix the YAML between the `---` lines (quote values that contain ': ').",
        ) from error
    if not isinstance(metadata, dict):
        raise ArticleError(
            path,
            2,
            "has front matter that is not a set of `key: value` fields.",
            "Write one `key: value` per line between the `---` lines.",
        )
    return Document(metadata, body.strip())


def read_raw_block(text: str) -> dict[str, Any] | None:
    """The ``raw:`` provenance block, read without a YAML parse when it has the shape we write.

    A no-op re-run reads this from every article, so it must be cheap. It only accepts the
    block exactly as ``dumps`` writes it (last key, plain scalars, two nesting levels); for
    anything else it returns None and the caller falls back to a full ``loads``.
    """
    match = RAW_BLOCK.search(text)
    if match is None or text.count("\n---\n", 0, match.start()) != 0:
        return None
    raw: dict[str, Any] = {}
    nested: dict[str, Any] | None = None
    for line in match[1].splitlines():
        entry = RAW_ENTRY.fullmatch(line)
        if entry is None:
            return None
        key, value = entry["key"], entry["value"] and entry["value"].strip("'")
        if len(entry["indent"]) == 2:
            nested = None
            if value is None:
                nested = raw[key] = {}
            else:
                raw[key] = value
        elif nested is not None and value is not None:
            nested[key] = value
        else:
            return None
    return raw


def line_of(text: str, pattern: str) -> int | None:
    """The 1-based number of the first line matching ``pattern``, for error messages."""
    match = re.search(pattern, text, re.MULTILINE)
    return None if match is None else text.count("\n", 0, match.start()) + 1
