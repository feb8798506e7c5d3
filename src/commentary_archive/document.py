"""An article's Markdown file: YAML front matter written by a dumper, then the escaped body.

This is the only module that reads or writes article front matter (through python-frontmatter and
PyYAML's C loader/dumper): the converter, the tags report, the pull request check, the site plugin
and the engine-free generator all read it with ``loads``, which finds it where MkDocs does. Dates
are written as unquoted ISO 8601 timestamps with a ``T`` (``2025-06-05T12:36:00+03:00``), so they
load back as timezone-aware datetimes; an article whose time is unknown gets a plain date
(``2025-06-05``).

Front matter is data a contributor can write, so ``loads`` refuses YAML anchors and aliases (a
3 KB file of nested aliases expands to gigabytes) and keeps the curator's ``# comments``, which
``dumps`` writes back above the key they stood before (or after its value).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple, cast

import frontmatter
import yaml

from commentary_archive.article import Article, ArticleError
from commentary_archive.errors import SourceError, shown
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


FRONT_MATTER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALIAS_HINT = re.compile(r"[&*]")  # no anchor or alias can be written without one of these
TOP_LEVEL_KEY = re.compile(r"^(?P<key>[^\s#:'\"\-?][^:#]*?):(?: (?P<value>.*))?$")
NOT_PLAIN = tuple("'\"|>&*![{%@`")  # a value starting so may hold a `#` that is not a comment
# Where front matter is, exactly as MkDocs finds it (``mkdocs.utils.meta.YAML_RE``, written line
# by line, which matches four times faster).
FRONT_MATTER = re.compile(r"-{3}[ \t]*\n((?:.*\n)+?)(?:\.{3}|-{3})[ \t]*\n")
YAML_FIRST_LINE = 2  # the file's line of the YAML's first line, below the opening `---`


@dataclass(frozen=True)
class Comment:
    """A curator's YAML comment, as written, and the top-level key it belongs to (``""``: none).

    A trailing comment's ``text`` keeps the spaces before its ``#``, so a file is written back
    byte for byte where nothing moved.
    """

    key: str
    text: str
    trailing: bool = False


class Document(NamedTuple):
    """Front matter and Markdown body of one article file, and the comments in its YAML."""

    metadata: dict[str, Any]
    body: str
    comments: tuple[Comment, ...] = ()


class _Dumper(yaml.CSafeDumper):
    """Writes datetimes as plain ISO 8601 timestamps with a ``T``."""


_Dumper.add_representer(
    datetime,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
)


def written_date(article: Article) -> date | datetime:
    """The ``date`` to write: the date alone when the time is unknown; otherwise the timestamp
    with its offset in whole minutes (ISO 8601 and YAML have no seconds in an offset, which old
    local mean times such as Minsk's +01:50:16 before 1924 would need)."""
    if not article.time_known:
        return article.date.date()
    offset = article.date.utcoffset() or timedelta(0)
    if offset % timedelta(minutes=1):
        minutes = round(offset / timedelta(minutes=1))
        return article.date.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    return article.date


def from_article(article: Article, settings: str) -> Document:
    """The Markdown document for ``article``; ``settings`` fingerprints the conversion settings."""
    metadata = {
        "title": article.title,
        "date": written_date(article),
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
    if document.comments:
        head, end, body = text[4:].partition("\n---\n")
        text = f"---\n{_with_comments(head, document.comments)}{end}{body}"
    return text + "\n"


def loads(text: str, path: str) -> Document:
    """Read an article file back; broken front matter is an ArticleError naming file and line."""
    parts = split_front_matter(text)
    if parts is None:
        raise ArticleError(
            path,
            1,
            "has no front matter; expected a `---` line, YAML fields and another `---` line.",
            "Restore the front matter at the very top of the file, or delete the file to "
            "convert it afresh.",
        )
    head, body = parts
    comments: tuple[Comment, ...] = ()
    try:
        if ALIAS_HINT.search(head):
            _refuse_aliases(head, path)
        if "#" in head:
            comments = _comments(head)
        metadata = _construct(head, path)
    except yaml.YAMLError as error:
        raise ArticleError(
            path,
            _error_line(error, head),
            f"has front matter that is not valid YAML ({getattr(error, 'problem', error)}).",
            "Fix the YAML between the `---` lines (quote values that contain ': ').",
        ) from error
    if not isinstance(metadata, dict):
        raise ArticleError(
            path,
            YAML_FIRST_LINE,
            "has front matter that is not a set of `key: value` fields.",
            "Write one `key: value` per line between the `---` lines.",
        )
    return Document(metadata, body.strip(), comments)


def _error_line(error: yaml.YAMLError, head: str) -> int | None:
    """The file's line of a YAML error: where the problem is; when YAML only found it at the end
    (a quote or a bracket left open), where the open thing starts, else the last written line."""
    marks = [getattr(error, name, None) for name in ("problem_mark", "context_mark")]
    found = [mark for mark in marks if mark is not None]
    if not found:
        return None
    inside = [mark.line for mark in found if head[mark.index :].strip()]
    return (inside[0] if inside else head.rstrip().count("\n")) + YAML_FIRST_LINE


def _construct(head: str, path: str) -> Any:
    """The YAML's values. PyYAML's constructors raise plain Python errors on values they cannot
    build (``!!int x``, year 0, a ``!!timestamp`` whose offset has seconds): those name the file
    too."""
    try:
        return yaml.load(head, Loader=FRONT_MATTER_LOADER)
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as error:
        detail = str(error) if len(str(error)) <= 60 else str(error)[:57] + "..."
        raise ArticleError(
            path,
            None,
            f"has a front matter value YAML cannot build ({type(error).__name__}: {detail}).",
            "Drop the `!!` tag or quote the value; write a date like "
            "`2025-06-05T12:36:00+03:00`, its offset in whole minutes.",
        ) from error


def _refuse_aliases(head: str, path: str) -> None:
    """Anchors and aliases let a few bytes of YAML stand for gigabytes: front matter has none."""
    for event in yaml.parse(head, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ArticleError(
                path,
                cast(yaml.Mark, event.start_mark).line + YAML_FIRST_LINE,  # every event has one
                "has a YAML anchor or alias (`&name` or `*name`) in its front matter.",
                "Write each value out in full; quote a value that starts with & or *.",
            )


def _comments(head: str) -> tuple[Comment, ...]:
    """Every ``#`` comment of the front matter, tied to the top-level key it describes.

    The scanner skips comments, so a comment is what lies between two tokens from a ``#`` to the
    end of its line. A comment on a line of its own belongs to the key below it; one after a
    value, to that value's key (written above the key if the value spans several lines).
    """
    tokens = list(yaml.scan(head, Loader=yaml.SafeLoader))
    keys: list[tuple[int, str]] = []  # (line, key) of each top-level key
    found: list[tuple[int, bool, str]] = []  # (line, after a value, text)
    for token, following in itertools.pairwise(tokens):
        if (
            isinstance(token, yaml.KeyToken)
            and token.start_mark.column == 0
            and isinstance(following, yaml.ScalarToken)
        ):
            keys.append((token.start_mark.line, str(following.value)))
        gap_start, gap_end = token.end_mark.index, following.start_mark.index
        at = head.find("#", gap_start, gap_end)
        while at != -1:
            end = head.find("\n", at)
            end = len(head) if end == -1 else end
            line = head.count("\n", 0, at)
            line_start = head.rfind("\n", 0, at) + 1
            after_value = bool(head[line_start:at].strip())
            start = len(head[:at].rstrip(" \t")) if after_value else at
            found.append((line, after_value, head[start:end].rstrip()))
            at = head.find("#", end, gap_end)
    comments = []
    for line, after_value, text in found:
        if after_value:
            owner = [key for key_line, key in keys if key_line <= line][-1:]
            trailing = bool(owner) and (line, owner[0]) in keys
            comments.append(
                Comment(owner[0] if owner else "", text if trailing else text.lstrip(), trailing)
            )
        else:
            below = [key for key_line, key in keys if key_line > line][:1]
            comments.append(Comment(below[0] if below else "", text))
    return tuple(comments)


def _with_comments(head: str, comments: tuple[Comment, ...]) -> str:
    """``head`` (YAML as the dumper wrote it) with the comments put back by their keys.

    A trailing comment goes back after its key's value only where that value is a plain one-line
    scalar (where ``#`` cannot be part of the value); otherwise it goes above the key.
    """
    lines = head.split("\n")
    at: dict[str, tuple[int, re.Match[str]]] = {}
    for index, line in enumerate(lines):
        match = TOP_LEVEL_KEY.match(line)
        if match:
            at.setdefault(match["key"], (index, match))
    above: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    for comment in comments:
        index, match = at.get(comment.key, (len(lines), None))
        value = None if match is None else match["value"]
        if comment.trailing and match is not None and not (value or "").startswith(NOT_PLAIN):
            after.setdefault(index, []).append(comment.text)
        else:
            above.setdefault(index, []).append(comment.text.lstrip())
    out = []
    for index, kept in enumerate([*lines, None]):
        out += above.get(index, [])
        if kept is not None:
            out.append("".join([kept, *after.get(index, [])]))
    return "\n".join(out)


def split_front_matter(text: str) -> tuple[str, str] | None:
    """The YAML and the body of an article file, or None if it has no front matter where MkDocs
    looks for it: a ``---`` line first (after a byte order mark, which an editor may add), the
    YAML, then a ``---`` or ``...`` line. The site renders what follows as the page.

    >>> split_front_matter("\\ufeff---\\ntitle: T\\n---\\nThe body.\\n")
    ('title: T\\n', 'The body.\\n')
    >>> split_front_matter("\\n---\\ntitle: T\\n---\\nThe body.\\n") is None
    True
    """
    text = text.removeprefix("\ufeff")
    found = FRONT_MATTER.match(text)
    return None if found is None else (found[1], text[found.end() :])


def front_matter_of(text: str) -> str:
    """The file's text up to the end of its front matter, where its keys are: an error names
    the line of a key or a tag there, never a line of the body that looks alike.

    >>> front_matter_of("---\\ntags:\\n- a\\n---\\n- a\\n")
    '---\\ntags:\\n- a\\n'
    """
    parts = split_front_matter(text)
    return text if parts is None else f"---\n{parts[0]}"


def read_body(text: str) -> str:
    """The body of an article file without parsing its YAML: what ``loads(text).body`` is for a
    file with front matter.

    >>> read_body("---\\ntitle: T\\n---\\n\\nThe body.\\n")
    'The body.'
    """
    parts = split_front_matter(text)
    return "" if parts is None else parts[1].strip()


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


def key_error(
    path: str | Path, text: str, meta: Mapping[str, Any], key: str, problem: str, hint: str = ""
) -> SourceError:
    """A front matter key that is missing or not what it must be (``problem``: "text", "a whole
    number"…), with its line: one wording wherever front matter is checked."""
    line = line_of(front_matter_of(text), rf"^{re.escape(key)}[ \t]*:")
    if key in meta:
        message = f"front matter key {key!r} must be {problem}, not {shown(meta[key])}."
    else:
        message = f"front matter key {key!r} is missing; it must be {problem}."
    return SourceError(path, line, message, hint or f"Set `{key}:` in the front matter.")


def texts_error(path: str | Path, text: str, meta: Mapping[str, Any], key: str) -> SourceError:
    """A key whose value must be a list of texts (tags, authors) and is not."""
    return key_error(
        path, text, meta, key, "a list of text", f"Write one `- item` per line under `{key}:`."
    )


def is_list_of_texts(value: object) -> bool:
    return isinstance(value, list) and all(type(item) is str and item for item in value)


def line_of(text: str, pattern: str) -> int | None:
    """The 1-based number of the first line matching ``pattern``, for error messages."""
    match = re.search(pattern, text, re.MULTILINE)
    return None if match is None else text.count("\n", 0, match.start()) + 1
