"""Tagging an article from the vocabulary: whole-word phrase matches, weighted by where they occur.

A phrase matches whole words, case-insensitively (``ё`` as plain ``e``); a trailing ``*`` lets its
last word be a prefix. Each match scores 3 in the title, 2 in the lead and 1 in the body; a
tag needs a score of at least 3 (one title mention, a lead and a body mention, or three body
mentions), and at most the 8 best tags are kept, listed in vocabulary order. Same text, same tags.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from commentary_archive.article import Article, ArticleError
from commentary_archive.document import line_of
from commentary_archive.vocabulary import Vocabulary

WORD = re.compile(r"\w+")
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3, 2, 1
THRESHOLD = 3
MAX_TAGS = 8


class Tagger:
    """Matches every phrase of a vocabulary in one pass over an article's words.

    What a single word matches is worked out once and remembered, as words repeat a lot.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.order = {key: index for index, key in enumerate(vocabulary.tags)}
        self.words: dict[str, set[str]] = defaultdict(set)  # one-word phrase → tag keys
        self.prefixes: dict[str, set[str]] = defaultdict(set)  # one-word prefix → tag keys
        # First word of a longer phrase → [(following words, last word is a prefix, tag key)]
        self.phrases: dict[str, list[tuple[tuple[str, ...], bool, str]]] = defaultdict(list)
        for tag in vocabulary.tags.values():
            for phrase in tag.phrases:
                words = tuple(words_of(phrase))
                is_prefix = phrase.endswith("*")
                if len(words) > 1:
                    self.phrases[words[0]].append((words[1:], is_prefix, tag.key))
                elif words:
                    (self.prefixes if is_prefix else self.words)[words[0]].add(tag.key)
        self.prefix_lengths = sorted({len(prefix) for prefix in self.prefixes})
        self.known: dict[str, tuple[str, ...]] = {}  # word → keys of its one-word matches

    def tags(self, article: Article) -> tuple[str, ...]:
        """The article's tag keys."""
        scores: dict[str, int] = defaultdict(int)
        body = " ".join(block.text for block in article.blocks)
        for text, weight in (
            (article.title, TITLE_WEIGHT),
            (article.lead, LEAD_WEIGHT),
            (body, BODY_WEIGHT),
        ):
            for key, count in self.matches(words_of(text)).items():
                scores[key] += count * weight
        ranked = sorted(
            (key for key, score in scores.items() if score >= THRESHOLD),
            key=lambda key: (-scores[key], self.order[key]),
        )[:MAX_TAGS]
        return tuple(sorted(ranked, key=self.order.__getitem__))

    def matches(self, words: list[str]) -> dict[str, int]:
        """How many positions in ``words`` each tag matches (overlapping phrases count once)."""
        counts: dict[str, int] = defaultdict(int)
        distinct = Counter(words)
        for word, count in distinct.items():
            keys = self.known.get(word)
            if keys is None:
                keys = self.known[word] = self._one_word_matches(word)
            for key in keys:
                counts[key] += count
        firsts = self.phrases.keys() & distinct.keys()
        starts: dict[str, set[int]] = defaultdict(set)
        for index in (i for i, word in enumerate(words) if word in firsts) if firsts else ():
            word = words[index]
            for rest, is_prefix, key in self.phrases[word]:
                if key not in self.known[word] and _follows(words, index + 1, rest, is_prefix):
                    starts[key].add(index)
        for key, found in starts.items():
            counts[key] += len(found)
        return dict(counts)

    def _one_word_matches(self, word: str) -> tuple[str, ...]:
        keys = set(self.words.get(word, ()))
        for length in self.prefix_lengths:
            keys.update(self.prefixes.get(word[:length], ()) if length <= len(word) else ())
        return tuple(sorted(keys))


def words_of(text: str) -> list[str]:
    """Lowercased words with ``ё`` spelled plainly, as both phrases and text are compared."""
    return WORD.findall(text.casefold().replace("ё", "\u0435"))


def _follows(words: list[str], start: int, rest: tuple[str, ...], is_prefix: bool) -> bool:
    if start + len(rest) > len(words):
        return False
    for offset, expected in enumerate(rest):
        word = words[start + offset]
        last = offset == len(rest) - 1
        if not (word.startswith(expected) if last and is_prefix else word == expected):
            return False
    return True


def tag_errors(
    metadata: Mapping[str, Any], path: Path, text: str, vocabulary: Vocabulary
) -> list[ArticleError]:
    """Curators may edit an article's tags, but only to keys the vocabulary knows."""
    tags = metadata.get("tags") or []
    if not isinstance(tags, list):
        return [
            ArticleError(
                path,
                line_of(text, r"^tags:"),
                "has `tags` that is not a list.",
                "Write `tags:` followed by one `- key` line per tag.",
            )
        ]
    errors = []
    for tag in map(str, tags):
        if tag not in vocabulary.tags:
            suggestion = vocabulary.suggest(tag)
            errors.append(
                ArticleError(
                    path,
                    line_of(text, rf"^\s*-\s*{re.escape(tag)}\s*$"),
                    f"has tag {tag!r}, which is not in the tag vocabulary.",
                    (f"Did you mean {suggestion!r}? " if suggestion else "")
                    + "Use a key from tags.yml, or add the tag there.",
                )
            )
    return errors
