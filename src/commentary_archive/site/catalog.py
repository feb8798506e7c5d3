"""All published entries, indexed once by tag, author, source and month.

Every collection page, feed and article link is a lookup here. Nothing compares every article
with every other: terms are built in one pass, neighbours are positions in the date order, and
related articles are looked for only near the article's own date in each of its tags.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from slugify import slugify

from commentary_archive.site.entries import Entry, month_name
from commentary_archive.vocabulary import Vocabulary

RELATED_CANDIDATES_PER_TAG = 24
TERM_KEY_LENGTH = 80  # characters of an author's or source's URL key (a folder name)


@dataclass
class Term:
    """One tag, author, source or month: the page it gets and its entries, newest first.

    Names that slug alike share an author's or a source's page ("Anna Müller", "Anna Muller"):
    ``spellings`` counts how its articles write it; the page takes the most used (the newest
    among equals) and lists the others, while each article keeps its own.
    """

    taxonomy: str
    key: str
    name: str
    description: str = ""
    group: str = ""
    entries: list[Entry] = field(default_factory=list)
    ranks: list[int] = field(default_factory=list, repr=False)
    spellings: Counter[str] = field(default_factory=Counter, repr=False)

    @property
    def url(self) -> str:
        return f"{self.taxonomy}/{self.key}/"

    @property
    def also_written(self) -> list[str]:
        """The other spellings of the term's name, most used first."""
        return [name for name, _ in self.spellings.most_common() if name != self.name]


@dataclass(frozen=True)
class Link:
    """A page an article links to: its name as shown and its site URL."""

    name: str
    url: str


@dataclass(frozen=True)
class Byline:
    """An author or source as the article writes it, and the page that gathers its spellings."""

    written: str
    page: Link


@dataclass(frozen=True)
class Teaser:
    """Another article as an article page names it: title, address and day."""

    title: str
    url: str
    day: str

    @classmethod
    def of(cls, entry: Entry | None) -> Teaser | None:
        return None if entry is None else cls(entry.title, entry.url, entry.long_date)


@dataclass(frozen=True)
class ArticleView:
    """Everything an article page shows beyond its own Markdown, and nothing more.

    The article template reads only this (and the page), so two builds that give an article the
    same Markdown and the same view give it the same page: the build cache keys pages on it.
    """

    entry: Entry
    month: Link
    tags: tuple[Link, ...]
    authors: tuple[Byline, ...]
    source: Byline | None
    older: Teaser | None
    newer: Teaser | None
    related: tuple[Teaser, ...]


class Catalog:
    """The published entries, newest first, and the terms that group them."""

    def __init__(self, entries: Iterable[Entry], vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.entries = sorted(entries, key=lambda e: (e.date, e.src_uri), reverse=True)
        self.rank = {entry.src_uri: i for i, entry in enumerate(self.entries)}
        self.stamps = [entry.date.timestamp() for entry in self.entries]
        self.unknown_tags: list[tuple[Entry, str]] = []  # each entry's tags tags.yml lacks
        self.tags = {
            key: Term("tags", key, tag.name, tag.description, tag.group)
            for key, tag in vocabulary.tags.items()
        }
        self.authors: dict[str, Term] = {}
        self.sources: dict[str, Term] = {}
        self.months: dict[str, Term] = {}
        for rank, entry in enumerate(self.entries):
            for term in self._terms_of(entry):
                term.entries.append(entry)
                term.ranks.append(rank)
        for term in [*self.authors.values(), *self.sources.values()]:
            term.name = term.spellings.most_common(1)[0][0]

    def _terms_of(self, entry: Entry) -> Iterable[Term]:
        for key in dict.fromkeys(entry.tags):
            if key in self.tags:
                yield self.tags[key]
            else:
                self.unknown_tags.append((entry, key))
        for key, name in _keyed(entry.authors).items():
            yield _named(self.authors, "authors", key, name)
        if entry.source:
            yield _named(self.sources, "sources", term_key(entry.source), entry.source)
        month = f"{entry.date:%Y/%m}"
        if month not in self.months:
            name = month_name(entry.date.year, entry.date.month)
            self.months[month] = Term("archive", month, name, group=month[:4])
        yield self.months[month]

    def view(self, entry: Entry, related: int) -> ArticleView:
        """What the page of ``entry`` shows of the rest of the archive."""
        source = self.source_term(entry)
        older, newer = self.older_and_newer(entry)
        month = self.month_term(entry)
        return ArticleView(
            entry=entry,
            month=Link(month.name, month.url),
            tags=tuple(Link(term.name, term.url) for term in self.tag_terms(entry)),
            authors=tuple(
                Byline(name, Link(term.name, term.url)) for name, term in self.authors_of(entry)
            ),
            source=None
            if source is None or entry.source is None
            else Byline(entry.source, Link(source.name, source.url)),
            older=Teaser.of(older),
            newer=Teaser.of(newer),
            related=tuple(
                Teaser(e.title, e.url, e.long_date) for e in self.related(entry, related)
            ),
        )

    def tag_terms(self, entry: Entry) -> list[Term]:
        return [self.tags[key] for key in dict.fromkeys(entry.tags) if key in self.tags]

    def authors_of(self, entry: Entry) -> list[tuple[str, Term]]:
        """Each author as this article writes the name, with the page the name shares."""
        return [(name, self.authors[key]) for key, name in _keyed(entry.authors).items()]

    def source_term(self, entry: Entry) -> Term | None:
        return self.sources[term_key(entry.source)] if entry.source else None

    def month_term(self, entry: Entry) -> Term:
        return self.months[f"{entry.date:%Y/%m}"]

    def older_and_newer(self, entry: Entry) -> tuple[Entry | None, Entry | None]:
        """The articles just before and just after this one by date."""
        rank = self.rank[entry.src_uri]
        older = self.entries[rank + 1] if rank + 1 < len(self.entries) else None
        newer = self.entries[rank - 1] if rank > 0 else None
        return older, newer

    def related(self, entry: Entry, limit: int) -> list[Entry]:
        """Articles sharing the most tags with this one, the nearest in date first among equals.

        Candidates are the articles dated closest to this one within each of its tags, so the
        cost does not grow with the size of the archive.
        """
        rank = self.rank[entry.src_uri]
        shared: Counter[int] = Counter()
        half = RELATED_CANDIDATES_PER_TAG // 2
        for term in self.tag_terms(entry):
            at = bisect.bisect_left(term.ranks, rank)
            for other in term.ranks[max(0, at - half) : at + half + 1]:
                if other != rank:
                    shared[other] += 1

        stamps, here = self.stamps, self.stamps[rank]
        best = heapq.nsmallest(
            limit, shared, key=lambda other: (-shared[other], abs(stamps[other] - here), other)
        )
        return [self.entries[other] for other in best]

    def views(
        self, related: int, since: tuple[Catalog, dict[str, ArticleView]] | None = None
    ) -> dict[str, ArticleView]:
        """Every entry's view, by source path. Given an earlier catalog and its views (``mkdocs
        serve``, after an edit), only the views the difference can reach are made again: those
        of the entries that changed, of their neighbours and related-article candidates in
        either catalog, and of the entries of a term whose name changed; the others are the
        earlier views themselves."""
        if since is None:
            return {entry.src_uri: self.view(entry, related) for entry in self.entries}
        before, earlier = since
        old = {entry.src_uri: entry for entry in before.entries}
        changed = {entry.src_uri for entry in self.entries if old.get(entry.src_uri) != entry}
        changed |= old.keys() - self.rank.keys()
        again = set().union(*(c.reached_from(uri) for c in (before, self) for uri in changed))
        for now, then in _term_pairs(self, before):
            if then is None or (now.name, now.url) != (then.name, then.url):
                again.update(entry.src_uri for entry in now.entries)
        return {
            entry.src_uri: self.view(entry, related)
            if entry.src_uri in again
            else earlier[entry.src_uri]
            for entry in self.entries
        }

    def reached_from(self, src_uri: str) -> set[str]:
        """The entries whose view shows something of the entry at ``src_uri``: itself, the
        entries just before and after it, and those it is a related-article candidate of (a
        candidate of each other, as ``related`` looks as far either way)."""
        rank = self.rank.get(src_uri)
        if rank is None:
            return set()
        entry = self.entries[rank]
        reached = {src_uri} | {e.src_uri for e in self.older_and_newer(entry) if e is not None}
        half = RELATED_CANDIDATES_PER_TAG // 2
        for term in self.tag_terms(entry):
            at = bisect.bisect_left(term.ranks, rank)
            reached.update(
                self.entries[r].src_uri for r in term.ranks[max(0, at - half) : at + half + 1]
            )
        return reached

    def most_read(self, limit: int) -> list[Entry]:
        read = [entry for entry in self.entries if entry.views]
        return sorted(read, key=lambda e: (-(e.views or 0), self.rank[e.src_uri]))[:limit]


def _term_pairs(catalog: Catalog, before: Catalog) -> Iterable[tuple[Term, Term | None]]:
    """Each term of ``catalog`` with the same term of ``before``, if it had one."""
    for now_terms, then_terms in (
        (catalog.tags, before.tags),
        (catalog.authors, before.authors),
        (catalog.sources, before.sources),
        (catalog.months, before.months),
    ):
        for key, term in now_terms.items():
            yield term, then_terms.get(key)


@functools.lru_cache(maxsize=1 << 16)
def term_key(name: str) -> str:
    """The URL key of an author or source: its slug (``Anna Example`` → ``anna-example``),
    bounded so that it is a file name on any system; a longer slug is cut and keeps a short
    digest of the whole, so two long names still get two pages.

    >>> term_key("Anna Example"), len(term_key("x" * 5000))
    ('anna-example', 80)
    >>> term_key("x" * 90) != term_key("x" * 91)
    True
    """
    slug = slugify(name) or "unnamed"
    if len(slug) <= TERM_KEY_LENGTH:
        return slug
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    return f"{slug[: TERM_KEY_LENGTH - 9].rstrip('-')}-{digest}"


def _keyed(names: Iterable[str]) -> dict[str, str]:
    """Names by their term key, the first of those sharing a key kept (an article listing
    "Anna Müller" and "Anna Muller" has one author)."""
    keyed: dict[str, str] = {}
    for name in names:
        keyed.setdefault(term_key(name), name)
    return keyed


def _named(terms: dict[str, Term], taxonomy: str, key: str, name: str) -> Term:
    """The term of an author or source key, created on first sight, counting this spelling."""
    if key not in terms:
        terms[key] = Term(taxonomy, key, name)
    terms[key].spellings[name] += 1
    return terms[key]
