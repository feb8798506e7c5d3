"""An article's page data: plain values only, carried through front matter unchanged, and the
same metadata the SEO module makes."""

from __future__ import annotations

import dataclasses
import json
from urllib.parse import urljoin

import yaml

from commentary_archive.site.catalog import Catalog
from commentary_archive.site.pagedata import article_data
from commentary_archive.site.seo import article_json_ld, article_meta
from commentary_archive.site.staging import Dumper

SITE_URL = "https://archive.example/sub/"


def views_of(vocabulary, *entries):
    return Catalog(entries, vocabulary).views(3)


def test_the_page_data_is_plain_values_that_json_and_yaml_carry_unchanged(vocabulary, make_entry):
    hostile = dataclasses.replace(
        make_entry("hostile", 2, tags=("belarus",), authors=("Mallory <b>Bold</b>", "Ann: Lee")),
        title="When </script> 'quotes' & \"more\" — Минск: 1",
        description="- a list?\n# a comment? {a: map}",
    )
    views = views_of(vocabulary, make_entry("older", 1, tags=("belarus",)), hostile)
    data = article_data(views[hostile.src_uri], "Archive", SITE_URL)
    assert json.loads(json.dumps(data)) == data
    front = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1 << 16)
    assert yaml.safe_load(front) == data


def test_the_page_data_holds_the_view_and_the_seo_modules_metadata(vocabulary, make_entry):
    older = make_entry("older", 1, tags=("belarus",))
    entry = make_entry("this", 2, tags=("belarus", "economy"), authors=("Anna Example",))
    newer = make_entry("newer", 3, day_only=True, tags=("economy",), source=None)
    views = views_of(vocabulary, older, entry, newer)

    data = article_data(views[entry.src_uri], "Archive", SITE_URL)

    canonical = urljoin(SITE_URL, entry.url)  # as MkDocs makes page.canonical_url
    assert data["social_meta"] == [list(meta) for meta in article_meta(entry, canonical, "Archive")]
    assert data["json_ld"] == article_json_ld(entry, "Archive", SITE_URL)
    assert data["month"] == {"name": "June 2025", "url": "archive/2025/06/"}
    assert data["tags"] == [
        {"name": "Belarus", "url": "tags/belarus/"},
        {"name": "Economy", "url": "tags/economy/"},
    ]
    assert data["authors"] == [
        {"written": "Anna Example", "name": "Anna Example", "url": "authors/anna-example/"}
    ]
    assert data["source"] == {
        "written": "example.org",
        "name": "example.org",
        "url": "sources/example-org/",
    }
    assert data["older"] == {"title": "Older", "url": older.url, "day": "1 June 2025"}
    assert data["newer"] == {"title": "Newer", "url": newer.url, "day": "3 June 2025"}
    assert (data["published"], data["day"], data["year"]) == (entry.published, "2025-06-02", 2025)


def test_without_a_site_url_there_is_no_canonical_url(vocabulary, make_entry):
    entry = make_entry("alone", 1, day_only=True, source=None)
    data = article_data(views_of(vocabulary, entry)[entry.src_uri], "Archive", None)
    assert ["property", "og:url", ""] in data["social_meta"]
    assert (data["older"], data["newer"], data["source"], data["related"]) == (None, None, None, [])
    assert data["long_date_and_time"] == data["long_date"] == "1 June 2025"
