import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentary_archive.site.catalog import Catalog
from commentary_archive.site.entries import Entry


def test_entries_are_newest_first_and_terms_group_them(vocabulary, make_entry):
    old = make_entry("old", 1, tags=("belarus",), authors=("Anna Example", "Pavel Zhuk"))
    new = make_entry("new", 20, tags=("belarus", "economy"), source="Baltic Ledger")
    catalog = Catalog([old, new], vocabulary)
    assert catalog.entries == [new, old]
    assert catalog.tags["belarus"].entries == [new, old]
    assert catalog.tags["economy"].entries == [new]
    assert catalog.tags["poland"].entries == []
    assert {key: len(t.entries) for key, t in catalog.authors.items()} == {
        "anna-example": 2,
        "pavel-zhuk": 1,
    }
    assert list(catalog.sources) == ["baltic-ledger", "example-org"]
    assert catalog.sources["baltic-ledger"].name == "Baltic Ledger"
    assert list(catalog.months) == ["2025/06"]
    assert catalog.months["2025/06"].name == "June 2025"
    assert catalog.months["2025/06"].url == "archive/2025/06/"
    assert catalog.unknown_tags == []


def test_an_unknown_tag_is_noted_once_with_its_entry_and_gets_no_page(vocabulary, make_entry):
    entry = make_entry("x", 1, tags=("belarus", "lukashenka", "lukashenka"))
    catalog = Catalog([entry], vocabulary)
    assert catalog.unknown_tags == [(entry, "lukashenka")]
    assert catalog.tag_terms(entry) == [catalog.tags["belarus"]]
    assert "lukashenka" not in catalog.tags


def test_older_and_newer_follow_the_date_order(vocabulary, make_entry):
    a, b, c = make_entry("a", 1), make_entry("b", 2), make_entry("c", 3)
    catalog = Catalog([b, c, a], vocabulary)
    assert catalog.older_and_newer(b) == (a, c)
    assert catalog.older_and_newer(a) == (None, b)
    assert catalog.older_and_newer(c) == (b, None)


def test_related_prefers_more_shared_tags_then_the_nearest_date(vocabulary, make_entry):
    me = make_entry("me", 15, tags=("belarus", "economy", "drones"))
    three = make_entry("three", 1, tags=("belarus", "economy", "drones"))
    two_far = make_entry("two-far", 2, tags=("belarus", "economy"))
    two_near = make_entry("two-near", 16, tags=("economy", "drones"))
    one = make_entry("one", 14, tags=("belarus",))
    none = make_entry("none", 15, tags=("poland",))
    catalog = Catalog([me, three, two_far, two_near, one, none], vocabulary)
    assert catalog.related(me, 10) == [three, two_near, two_far, one]
    assert catalog.related(me, 2) == [three, two_near]
    assert catalog.related(none, 5) == []


def test_related_looks_only_near_the_article_in_each_tag(vocabulary, make_entry):
    entries = [make_entry(f"e{day}", day, tags=("belarus",)) for day in range(1, 29)]
    entries += [make_entry(f"m{day}", day, tags=("belarus",), month=1) for day in range(1, 29)]
    catalog = Catalog(entries, vocabulary)
    related = catalog.related(entries[0], 50)  # 1 June: 12 newer June articles, 12 January ones
    assert len(related) == 24
    assert related[:2] == [entries[1], entries[2]]


def test_most_read_orders_by_views_and_skips_unknown_counts(vocabulary, make_entry):
    a = make_entry("a", 1, views=10)
    b = make_entry("b", 2, views=300)
    c = make_entry("c", 3)
    d = make_entry("d", 4, views=10)
    catalog = Catalog([a, b, c, d], vocabulary)
    assert catalog.most_read(5) == [b, d, a]
    assert catalog.most_read(1) == [b]


def test_links_of_an_entry(vocabulary, make_entry):
    entry = make_entry("x", 1, tags=("economy", "belarus", "economy"), authors=("Anna Example",))
    catalog = Catalog([entry], vocabulary)
    assert [t.key for t in catalog.tag_terms(entry)] == ["economy", "belarus"]
    assert [(name, t.url) for name, t in catalog.authors_of(entry)] == [
        ("Anna Example", "authors/anna-example/")
    ]
    assert catalog.source_term(entry).url == "sources/example-org/"
    assert catalog.month_term(entry).url == "archive/2025/06/"


def test_names_that_slug_alike_share_a_page_and_each_article_keeps_its_spelling(
    vocabulary, make_entry
):
    umlaut = make_entry("umlaut", 3, authors=("Anna Müller",), source="Nasa Niva")
    plain = make_entry("plain", 2, authors=("Anna Muller",), source="Naša Niva")
    again = make_entry("again", 1, authors=("Anna Muller", "Anna-Muller"), source="Nasa Niva")
    catalog = Catalog([umlaut, plain, again], vocabulary)
    assert list(catalog.authors) == ["anna-muller"]
    author = catalog.authors["anna-muller"]
    assert author.entries == [umlaut, plain, again]
    assert author.name == "Anna Muller"  # the most used spelling
    assert author.also_written == ["Anna Müller"]  # a name listed twice in one article is one
    assert catalog.authors_of(umlaut) == [("Anna Müller", author)]
    assert catalog.authors_of(again) == [("Anna Muller", author)]
    source = catalog.sources["nasa-niva"]
    assert (source.name, source.also_written) == ("Nasa Niva", ["Naša Niva"])
    assert catalog.source_term(plain) is source


def test_among_spellings_used_equally_the_newest_names_the_page(vocabulary, make_entry):
    latin = make_entry("latin", 1, authors=("Ivan Ivanov",))
    cyrillic = make_entry("cyrillic", 2, authors=("Иван Иванов",))
    catalog = Catalog([latin, cyrillic], vocabulary)
    author = catalog.authors["ivan-ivanov"]
    assert (author.name, author.also_written) == ("Иван Иванов", ["Ivan Ivanov"])


TAGS = ("belarus", "economy", "drones", "poland")
AUTHORS = ("Anna Müller", "Anna Muller", "Pavel Zhuk", "Olga Example")
SOURCES = (None, "Baltic Ledger", "baltic ledger", "example.org")
article = st.fixed_dictionaries(
    {
        "day": st.integers(1, 28),
        "tags": st.lists(st.sampled_from(TAGS), max_size=3, unique=True).map(tuple),
        "authors": st.lists(st.sampled_from(AUTHORS), max_size=2).map(tuple),
        "source": st.sampled_from(SOURCES),
        "title": st.sampled_from(("A", "B")),
    }
)


def entry_of(make_entry, slug: str, fields: dict) -> Entry:
    made = make_entry(
        slug, fields["day"], tags=fields["tags"], authors=fields["authors"], source=fields["source"]
    )
    return dataclasses.replace(made, title=f"{fields['title']} {slug}")


# The fixtures only give a vocabulary and a function, the same for every example.
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.lists(article, min_size=1, max_size=90),
    edits=st.lists(st.tuples(st.integers(0, 120), st.none() | article), min_size=1, max_size=4),
    related=st.integers(1, 6),
)
def test_views_since_an_earlier_catalog_equal_views_made_afresh(
    vocabulary, make_entry, before, edits, related
):
    """Whatever the edit (an article changed, added or deleted; a name's spelling, which a shared
    author page takes from its articles), reusing the untouched views gives every view exactly
    as a build from scratch would."""
    old = {f"e{i}": entry_of(make_entry, f"e{i}", fields) for i, fields in enumerate(before)}
    new = dict(old)
    for index, fields in edits:
        slug = f"e{index}"
        if fields is None:
            new.pop(slug, None)
        else:
            new[slug] = entry_of(make_entry, slug, fields)
    earlier = Catalog(old.values(), vocabulary)
    catalog = Catalog(new.values(), vocabulary)
    assert catalog.views(related, since=(earlier, earlier.views(related))) == catalog.views(related)


def test_a_spelling_that_renames_a_shared_author_page_changes_every_view_naming_it(
    vocabulary, make_entry
):
    far = make_entry("far", 1, authors=("Anna Muller",))
    between = [make_entry(f"b{day}", day, authors=("Pavel Zhuk",)) for day in (2, 3, 4)]
    near = make_entry("near", 5, authors=("Anna Müller",))
    edited = make_entry("edited", 6, authors=("Anna Müller",))
    earlier = Catalog([far, *between, near, edited], vocabulary)
    respelt = dataclasses.replace(edited, authors=("Anna Muller",))
    catalog = Catalog([far, *between, near, respelt], vocabulary)
    views = catalog.views(3, since=(earlier, earlier.views(3)))
    assert views[far.src_uri].authors[0].page.name == "Anna Muller"
    assert views == catalog.views(3)
