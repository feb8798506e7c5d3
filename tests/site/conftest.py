"""Small, exact inputs for the site's pure modules: a vocabulary and an entry factory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from commentary_archive.site.entries import Entry
from commentary_archive.vocabulary import Vocabulary, loads_vocabulary

MINSK = timezone(timedelta(hours=3))

VOCABULARY = """
groups: {people: People, places: Places, topics: Topics}
tags:
  lukashenko:
    {name: Alexander Lukashenko, group: people, description: President., phrases: [Lukashenko]}
  belarus: {name: Belarus, group: places, description: The country., phrases: [Belarus]}
  poland: {name: Poland, group: places, description: The neighbour., phrases: [Poland]}
  economy: {name: Economy, group: topics, description: Money., phrases: [economy]}
  drones: {name: Drones, group: topics, description: Unmanned aircraft., phrases: [drone*]}
"""


@pytest.fixture
def vocabulary() -> Vocabulary:
    return loads_vocabulary(VOCABULARY)


@pytest.fixture
def make_entry():
    """A factory of entries: ``make_entry("slug", day, tags=(...), ...)``."""
    return entry_on


def entry_on(
    slug: str,
    day: int,
    tags: tuple[str, ...] = (),
    authors: tuple[str, ...] = ("Anna Example",),
    source: str | None = "example.org",
    views: int | None = None,
    month: int = 6,
    day_only: bool = False,
) -> Entry:
    """An entry published at noon Minsk time on ``day`` of ``month`` 2025; with ``day_only``, its
    time unknown (midnight UTC, as ``read_entry`` makes a date without a time)."""
    published = (
        datetime(2025, month, day, tzinfo=UTC)
        if day_only
        else datetime(2025, month, day, 12, 0, tzinfo=MINSK)
    )
    return Entry(
        src_uri=f"articles/2025/{month:02d}/{slug}.md",
        title=slug.replace("-", " ").title(),
        date=published,
        authors=authors,
        source=source,
        description=f"Lead of {slug}.",
        tags=tags,
        lang="en",
        views=views,
        words=440,
        time_known=not day_only,
    )
