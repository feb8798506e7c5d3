"""The curated tag vocabulary (``tags.yml``): the tags, their groups, and the phrases implying them.

The file is read as YAML *nodes* rather than plain data so that every error can point at the line
of the bad key. A phrase is matched on the stems of its words, so one entry covers their forms
(``political prisoner`` matches ``political prisoners``); a trailing ``*`` makes its last word a
prefix instead (``Лукашенк*`` matches ``Лукашенко``, ``Лукашенку``…). See ``tagging``.

A tag an article uses that the vocabulary lacks gets one message, whoever finds it (the converter,
the tags report, the site): ``unknown_tag_error``.

>>> vocabulary = loads_vocabulary('''
... groups: {people: People}
... tags:
...   lukashenko:
...     name: Alexander Lukashenko
...     group: people
...     description: President of Belarus since 1994.
...     phrases: [Lukashenko, Лукашенк*]
... ''')
>>> vocabulary.tags["lukashenko"].phrases
('Lukashenko', 'Лукашенк*')
>>> vocabulary.suggest("lukashenka")
'lukashenko'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml
from rapidfuzz import fuzz, process

from commentary_archive.document import front_matter_of, is_list_of_texts, line_of, texts_error
from commentary_archive.errors import SourceError, shown

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAG_FIELDS = ("name", "group", "description", "phrases")


class VocabularyError(SourceError):
    """``tags.yml`` is not a valid vocabulary; the message names the file, the line and the key."""


class UnknownTagError(SourceError):
    """An article uses a tag key that ``tags.yml`` does not define."""


@dataclass(frozen=True)
class Tag:
    key: str
    name: str
    group: str
    description: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    groups: dict[str, str]
    tags: dict[str, Tag]

    def suggest(self, unknown: str) -> str | None:
        """The known tag key closest to ``unknown`` (by key, name or phrase), or None."""
        choices: dict[str, str] = {}
        for tag in self.tags.values():
            for label in (tag.key, tag.name, *(p.rstrip("*") for p in tag.phrases)):
                choices.setdefault(label.casefold(), tag.key)
        best = process.extractOne(
            unknown.casefold(), list(choices), scorer=fuzz.ratio, score_cutoff=60
        )
        return None if best is None else choices[best[0]]


def unknown_tag_error(
    path: str | Path, tag: str, vocabulary: Vocabulary, text: str
) -> UnknownTagError:
    """The one message for a tag ``tags.yml`` lacks, whoever finds it (the converter, the tags
    report, the site): the file, the tag's line in the article's ``text``, the known tag closest
    to it, and what to do."""
    suggestion = vocabulary.suggest(tag)
    return UnknownTagError(
        path,
        _line_of_tag(front_matter_of(text), tag),
        f"has tag {shown(tag)}, which is not in the tag vocabulary.",
        (f"Did you mean {suggestion!r}? " if suggestion else "")
        + "Use a key from tags.yml, or add the tag there.",
    )


def tag_errors(
    metadata: Mapping[str, Any], path: str | Path, text: str, vocabulary: Vocabulary
) -> list[SourceError]:
    """What is wrong with the tags of an article's front matter: curators may edit them, but
    only to a list of keys the vocabulary knows."""
    tags = metadata.get("tags")
    if tags is None:
        return []
    if not is_list_of_texts(tags):
        return [texts_error(path, text, metadata, "tags")]
    return [
        unknown_tag_error(path, tag, vocabulary, text)
        for tag in dict.fromkeys(tags)
        if tag not in vocabulary.tags
    ]


def _line_of_tag(front_matter: str, tag: str) -> int | None:
    """The line of ``- tag`` (quoted or not, a comment after it or not); for a tag in a flow
    list (``tags: [a, b]``), the line of ``tags:``."""
    item = rf"^[ \t]*-[ \t]*([\"']?){re.escape(tag)}\1[ \t]*(#.*)?$"
    return line_of(front_matter, item) or line_of(front_matter, r"^tags[ \t]*:")


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Read and validate a vocabulary file; raise VocabularyError naming the file, line and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise VocabularyError(
            path, None, f"cannot read the tag vocabulary ({error}).", "Pass --tags PATH."
        ) from error
    return loads_vocabulary(text, path)


def loads_vocabulary(text: str, path: str | Path = "tags.yml") -> Vocabulary:
    """Validate vocabulary YAML given as text; ``path`` only labels the errors."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise VocabularyError(
            path,
            None if mark is None else mark.line + 1,
            f"is not valid YAML ({getattr(error, 'problem', error)}).",
            "Check the indentation and quoting on that line.",
        ) from error
    if root is None:  # no YAML document: an empty file, or comments only
        raise VocabularyError(
            path, None, "is empty.", "Write the `groups:` and `tags:` mappings into it."
        )
    reader = _NodeReader(path)
    top = reader.mapping(root, "the file", allowed=("groups", "tags"))
    groups = {
        key: reader.text(node, f"group {key!r}")
        for key, node in reader.mapping(
            reader.required(top, "groups", root, "the file"), "groups"
        ).items()
    }
    tag_nodes = reader.mapping(reader.required(top, "tags", root, "the file"), "tags")
    tags = {key: reader.tag(key, node, groups) for key, node in tag_nodes.items()}
    return Vocabulary(groups=groups, tags=tags)


class _NodeReader:
    """Turns YAML nodes into checked Python values, raising errors that point at the node's line."""

    def __init__(self, path: str | Path) -> None:
        self.path = path

    def fail(self, node: yaml.Node, problem: str, hint: str) -> VocabularyError:
        return VocabularyError(self.path, node.start_mark.line + 1, problem, hint)

    def mapping(
        self, node: yaml.Node, what: str, allowed: tuple[str, ...] | None = None
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(
                node, f"{what} must be a mapping of keys.", "Indent `key: value` pairs."
            )
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if not isinstance(key_node, yaml.ScalarNode) or not KEY_PATTERN.fullmatch(key):
                raise self.fail(
                    key_node,
                    f"bad key {key!r} in {what}.",
                    "Keys are lowercase letters, digits and single hyphens, e.g. `eu-sanctions`.",
                )
            if key in result:
                raise self.fail(key_node, f"duplicate key {key!r} in {what}.", "Keep only one.")
            if allowed is not None and key not in allowed:
                close = process.extractOne(key, allowed, scorer=fuzz.ratio, score_cutoff=50)
                guess = f" Did you mean {close[0]!r}?" if close else ""
                raise self.fail(
                    key_node,
                    f"unknown key {key!r} in {what}.",
                    f"Expected one of: {', '.join(allowed)}.{guess}",
                )
            result[key] = value_node
        return result

    def required(
        self, fields: dict[str, yaml.Node], key: str, parent: yaml.Node, what: str
    ) -> yaml.Node:
        if key not in fields:
            raise self.fail(parent, f"{what} is missing key {key!r}.", f"Add `{key}:` to it.")
        return fields[key]

    def text(self, node: yaml.Node, what: str) -> str:
        if (
            not isinstance(node, yaml.ScalarNode)
            or node.tag == "tag:yaml.org,2002:null"
            or not node.value.strip()
            or "\n" in node.value.strip()
        ):
            raise self.fail(node, f"{what} must be one line of text.", "Write it on one line.")
        return cast(str, node.value).strip()

    def tag(self, key: str, node: yaml.Node, groups: dict[str, str]) -> Tag:
        fields = self.mapping(node, f"tag {key!r}", allowed=TAG_FIELDS)
        values = {
            field: self.required(fields, field, node, f"tag {key!r}")
            for field in TAG_FIELDS
            if field != "phrases"
        }
        group = self.text(values["group"], f"tag {key!r} group")
        if group not in groups:
            raise self.fail(
                values["group"],
                f"tag {key!r} has unknown group {group!r}.",
                f"Use one of: {', '.join(groups)}, or add it under `groups:`.",
            )
        return Tag(
            key=key,
            name=self.text(values["name"], f"tag {key!r} name"),
            group=group,
            description=self.text(values["description"], f"tag {key!r} description"),
            phrases=self.phrases(key, self.required(fields, "phrases", node, f"tag {key!r}")),
        )

    def phrases(self, key: str, node: yaml.Node) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.fail(
                node, f"tag {key!r} phrases must be a non-empty list.", "Write `phrases: [A, B]`."
            )
        phrases = tuple(self.text(item, f"tag {key!r} phrase") for item in node.value)
        for item, phrase in zip(node.value, phrases, strict=True):
            if "*" in phrase.rstrip("*") or phrase.endswith("**") or phrase == "*":
                raise self.fail(
                    item,
                    f"tag {key!r} phrase {phrase!r} has a misplaced '*'.",
                    "Only one trailing '*' is allowed, meaning 'any word ending'.",
                )
        return phrases
