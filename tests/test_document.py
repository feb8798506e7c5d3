from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml

from commentary_archive import document
from commentary_archive.article import Article, ArticleError, Block

ARTICLE = Article(
    title="Minsk: Counts & <Costs>",
    date=datetime(2025, 6, 5, 12, 36, tzinfo=ZoneInfo("Europe/Minsk")),
    authors=("Anna Example",),
    source="eastwatch.example",
    comments=12,
    views=23448,
    lead="The lead, with *stars*.",
    blocks=(Block("paragraph", "- A paragraph."), Block("heading", "A heading")),
    lang="en",
    raw_file="001_a.txt",
    raw_sha256="ab" * 32,
    tags=("belarus",),
    slug="minsk-counts-costs",
)
RAW = {"file": "001_a.txt", "sha256": "ab" * 32, "settings": "0123abcd"}

EXPECTED = f"""\
---
title: 'Minsk: Counts & <Costs>'
date: 2025-06-05T12:36:00+03:00
authors:
- Anna Example
source: eastwatch.example
comments: 12
views: 23448
description: The lead, with *stars*.
tags:
- belarus
lang: en
slug: minsk-counts-costs
raw:
  file: 001_a.txt
  sha256: {"ab" * 32}
  settings: 0123abcd
---

The lead, with \\*stars\\*.
{{: .lead }}

\\- A paragraph.

## A heading
"""


def test_dumps_writes_the_contract_exactly():
    assert document.dumps(document.from_article(ARTICLE, RAW["settings"])) == EXPECTED


def test_loads_reads_back_an_aware_date_and_the_body():
    loaded = document.loads(EXPECTED, "a.md")

    assert loaded.metadata["date"] == datetime(
        2025, 6, 5, 12, 36, tzinfo=timezone(timedelta(hours=3))
    )
    assert loaded.metadata["title"] == ARTICLE.title
    assert loaded.body == document.from_article(ARTICLE, RAW["settings"]).body
    assert document.dumps(loaded) == EXPECTED


def test_loads_accepts_a_byte_order_mark():
    assert document.loads("\ufeff" + EXPECTED, "a.md") == document.loads(EXPECTED, "a.md")


def test_empty_lists_and_nulls():
    bare = Article(**{**ARTICLE.__dict__, "authors": (), "source": None, "comments": None})
    text = document.dumps(document.from_article(bare, RAW["settings"]))

    assert "authors: []\n" in text
    assert "source: null\n" in text
    assert "comments: null\n" in text


def test_keys_named_content_or_handler_are_harmless():
    text = EXPECTED.replace("lang: en\n", "lang: en\ncontent: x\nhandler: y\n")

    assert document.loads(text, "a.md").metadata["content"] == "x"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: a: b\n---\nbody\n", 2, "not valid YAML"),
        ("no front matter at all\n", 1, "has no front matter"),
        ("---\n- a list\n---\nbody\n", 2, "not a set of `key: value` fields"),
        ("---\ntitle: unterminated\n", 1, "has no front matter"),
    ],
)
def test_broken_front_matter_is_an_article_error(text, line, fragment):
    with pytest.raises(ArticleError) as caught:
        document.loads(text, "docs/a.md")

    assert (caught.value.path, caught.value.line) == ("docs/a.md", line)
    assert fragment in caught.value.problem


def test_read_raw_block_matches_a_full_parse():
    fields = {"title": "01234567", "date": "abcdef01", "body": "1e5a0000"}
    text = document.dumps(document.Document({"title": "T", "raw": {**RAW, "fields": fields}}, "b"))

    assert document.read_raw_block(text) == yaml.safe_load(text.split("---")[1])["raw"]


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\nraw:\n  file: a b.txt\n  sha256: x\n---\nbody\n",
        "---\ntitle: T\nraw:\n  file: a.txt # note\n---\nbody\n",
        '---\ntitle: T\nraw:\n  file: "a.txt"\n---\nbody\n',
        "---\nraw:\n  file: a.txt\nextra: 1\n---\nbody\n",
        "---\ntitle: T\n---\nraw:\n  file: a.txt\n---\n",
    ],
)
def test_read_raw_block_refuses_unusual_shapes(text):
    assert document.read_raw_block(text) is None


def test_line_of():
    assert document.line_of(EXPECTED, r"^tags:") == 10
    assert document.line_of(EXPECTED, r"^nothing") is None
