"""Tagging an article from the vocabulary: phrases matched on word stems, weighted by position.

Phrases and text are compared word by word on Snowball stems, so one phrase covers a word's forms
(``political prisoner`` finds ``political prisoners``, ``политзаключенный`` finds
``политзаключенных``). A word is stemmed by its alphabet: Cyrillic as Russian, anything else as
English; case is ignored, and so is the difference between ``ё`` and its plain letter. Two kinds
of phrase words are compared as written instead: a word in capitals is an acronym (``IT`` finds
``IT`` but not ``its``, whose stem is ``it``), and a trailing ``*`` makes the last word a prefix
(``Belarus*`` finds ``Belarusian``, which no stem does).

Each match scores 3 in the title, 2 in the lead and 1 in the body. A tag needs a score of at least
3 (one title mention, a lead and a body mention, or three body mentions), except that a group none
of whose tags reaches 3 keeps its best tag at 2 (one lead mention or two in the body), so that a
short article still gets its main topic. At most the 8 best tags are kept, listed in vocabulary
order. Same text, same tags.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from enum import Enum

import snowballstemmer

from commentary_archive.article import Article
from commentary_archive.vocabulary import Vocabulary

WORD = re.compile(r"\w+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3, 2, 1
THRESHOLD = 3
GROUP_BEST_THRESHOLD = 2
MAX_TAGS = 8


class Match(Enum):
    """How a phrase word is compared with a word of the text."""

    STEM = "stem"
    WRITTEN = "written"
    PREFIX = "prefix"


PhraseWord = tuple[str, Match]
Phrase = tuple[tuple[PhraseWord, ...], str]  # a phrase's words after the first, and its tag key
# The phrases a word begins: by their second word (a stem or a word as written), and those whose
# second word is a prefix
Followers = tuple[dict[str, list[Phrase]], tuple[Phrase, ...]]


class Stemmer:
    """Stems lowercased words, each distinct word once: stemming is the costly step of tagging."""

    def __init__(self) -> None:
        self.english = snowballstemmer.stemmer("english")
        self.russian = snowballstemmer.stemmer("russian")
        self.known: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        stem = self.known.get(word)
        if stem is None:
            language = self.russian if CYRILLIC.search(word) else self.english
            stem = self.known[word] = language.stemWord(word)
        return stem


class Tagger:
    """Matches every phrase of a vocabulary in one pass over an article's words.

    What a single word matches is worked out once and remembered, as words repeat a lot.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.stem = Stemmer()
        self.order = {key: index for index, key in enumerate(vocabulary.tags)}
        self.groups = {key: tag.group for key, tag in vocabulary.tags.items()}
        # One-word phrases, by how they are compared: the stem, the word or a prefix → tag keys
        self.single: dict[Match, dict[str, set[str]]] = {match: defaultdict(set) for match in Match}
        # First word of a longer phrase, and how it compares → [(the following words, tag key)]
        self.phrases: dict[tuple[Match, str], list[Phrase]] = defaultdict(list)
        for tag in vocabulary.tags.values():
            for phrase in tag.phrases:
                words = self.phrase_words(phrase)
                if len(words) > 1:
                    (first, match), rest = words[0], tuple(words[1:])
                    self.phrases[match, first].append((rest, tag.key))
                elif words:
                    self.single[words[0][1]][words[0][0]].add(tag.key)
        self.prefix_lengths = sorted({len(prefix) for prefix in self.single[Match.PREFIX]})
        # word → keys of its one-word matches, and the longer phrases it may begin
        self.known: dict[str, tuple[tuple[str, ...], Followers | None]] = {}

    def phrase_words(self, phrase: str) -> list[PhraseWord]:
        """Each word of a phrase as it is compared: its stem, itself, or a prefix."""
        written = WORD.findall(phrase)
        words: list[PhraseWord] = []
        for index, word in enumerate(written):
            lowered = word.casefold().replace("ё", "\u0435")
            if index == len(written) - 1 and phrase.endswith("*"):
                words.append((lowered, Match.PREFIX))
            elif len(word) > 1 and word.isupper():
                words.append((lowered, Match.WRITTEN))
            else:
                words.append((self.stem(lowered), Match.STEM))
        return words

    def tags(self, article: Article) -> tuple[str, ...]:
        """The article's tag keys."""
        return tuple(self.scores(article))

    def scores(self, article: Article) -> dict[str, int]:
        """The article's tag keys with their scores, in vocabulary order."""
        body = " ".join(block.text for block in article.blocks)
        return self.text_scores(article.title, article.lead, body)

    def text_scores(self, title: str, lead: str, body: str) -> dict[str, int]:
        """The tag keys of an article given as its three texts, with their scores."""
        scores: dict[str, int] = defaultdict(int)
        for text, weight in ((title, TITLE_WEIGHT), (lead, LEAD_WEIGHT), (body, BODY_WEIGHT)):
            for key, count in self.matches(words_of(text)).items():
                scores[key] += count * weight
        by_rank = sorted(scores, key=lambda key: (-scores[key], self.order[key]))
        kept = [key for key in by_rank if scores[key] >= THRESHOLD]
        groups_kept = {self.groups[key] for key in kept}
        for key in by_rank:
            if scores[key] >= GROUP_BEST_THRESHOLD and self.groups[key] not in groups_kept:
                kept.append(key)
                groups_kept.add(self.groups[key])
        ranked = sorted(kept, key=lambda key: (-scores[key], self.order[key]))[:MAX_TAGS]
        return {key: scores[key] for key in sorted(ranked, key=self.order.__getitem__)}

    def matches(self, words: list[str]) -> dict[str, int]:
        """How many positions in ``words`` each tag matches (overlapping phrases count once)."""
        counts: dict[str, int] = defaultdict(int)
        distinct = Counter(words)
        firsts: dict[str, Followers] = {}
        for word, count in distinct.items():
            known = self.known.get(word)
            if known is None:
                known = self.known[word] = self._word_matches(word)
            keys, followers = known
            for key in keys:
                counts[key] += count
            if followers:
                firsts[word] = followers
        starts: dict[str, set[int]] = defaultdict(set)
        stems = self.stem.known  # every word of ``words`` was stemmed by ``_word_matches``
        last = len(words) - 1
        for index in (i for i, word in enumerate(words) if word in firsts and i < last):
            word, following = words[index], words[index + 1]
            by_second, prefixed = firsts[word]
            for rest, key in (
                *by_second.get(stems[following], ()),
                *(by_second.get(following, ()) if following != stems[following] else ()),
                *prefixed,
            ):
                if key not in self.known[word][0] and self._follows(words, index + 1, rest):
                    starts[key].add(index)
        for key, found in starts.items():
            counts[key] += len(found)
        return dict(counts)

    def _word_matches(self, word: str) -> tuple[tuple[str, ...], Followers | None]:
        """The tag keys ``word`` matches alone, and the longer phrases it begins, grouped by their
        second word so that a mention only tries the phrases its next word can continue."""
        stem = self.stem(word)
        keys = set(self.single[Match.STEM].get(stem, ()))
        keys.update(self.single[Match.WRITTEN].get(word, ()))
        prefixes = self.single[Match.PREFIX]
        for length in self.prefix_lengths:
            keys.update(prefixes.get(word[:length], ()) if length <= len(word) else ())
        by_second: dict[str, list[Phrase]] = defaultdict(list)
        prefixed: list[Phrase] = []
        for rest, key in (
            *self.phrases.get((Match.STEM, stem), ()),
            *self.phrases.get((Match.WRITTEN, word), ()),
        ):
            second, match = rest[0]
            (prefixed if match is Match.PREFIX else by_second[second]).append((rest, key))
        followers = (dict(by_second), tuple(prefixed)) if by_second or prefixed else None
        return tuple(sorted(keys)), followers

    def _follows(self, words: list[str], start: int, rest: tuple[PhraseWord, ...]) -> bool:
        if start + len(rest) > len(words):
            return False
        for offset, (expected, match) in enumerate(rest):
            word = words[start + offset]
            if not (
                word.startswith(expected)
                if match is Match.PREFIX
                else (self.stem(word) if match is Match.STEM else word) == expected
            ):
                return False
        return True


def words_of(text: str) -> list[str]:
    """Lowercased words with ``ё`` spelled plainly, as both phrases and text are compared."""
    return WORD.findall(text.casefold().replace("ё", "\u0435"))
