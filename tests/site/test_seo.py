import json
from dataclasses import replace

from commentary_archive.site.seo import article_json_ld, article_meta


def test_json_ld_describes_an_opinion_article(make_entry):
    entry = make_entry("x", 5, tags=("belarus",), authors=("Anna Example",))
    data = json.loads(article_json_ld(entry, "Archive", "https://x.example/"))
    assert data == {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle",
        "headline": "X",
        "datePublished": "2025-06-05T12:00:00+03:00",
        "author": [{"@type": "Person", "name": "Anna Example"}],
        "publisher": {"@type": "Organization", "name": "Archive", "url": "https://x.example/"},
        "wordCount": 440,
        "sourceOrganization": {"@type": "Organization", "name": "example.org"},
    }


def test_json_ld_cannot_close_its_script_element(make_entry):
    entry = make_entry("x", 5)
    entry = replace(entry, title="</script><script>alert(1)//")
    text = article_json_ld(entry, "A & B", "https://x.example/")
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)//"


def test_social_meta(make_entry):
    entry = make_entry("x", 5, tags=("belarus", "economy"), authors=("Anna Example",))
    assert article_meta(entry, "https://x.example/a/", "Archive") == [
        ("property", "og:type", "article"),
        ("property", "og:site_name", "Archive"),
        ("property", "og:title", "X"),
        ("property", "og:url", "https://x.example/a/"),
        ("property", "og:description", "Lead of x."),
        ("property", "article:published_time", "2025-06-05T12:00:00+03:00"),
        ("name", "twitter:card", "summary"),
    ]


def test_an_article_without_a_lead_has_no_og_description(make_entry):
    entry = replace(make_entry("x", 5), description="")
    assert "og:description" not in [name for _, name, _ in article_meta(entry, "u", "A")]


def test_an_article_without_a_time_is_published_on_its_day_alone(make_entry):
    entry = make_entry("x", 5, day_only=True)
    assert json.loads(article_json_ld(entry, "A", "https://x.example/"))["datePublished"] == (
        "2025-06-05"
    )
    assert ("property", "article:published_time", "2025-06-05") in article_meta(entry, "u", "A")


def test_json_ld_names_authors_and_source_as_the_article_writes_them(make_entry):
    entry = make_entry("x", 5, authors=("Anna Müller",), source="Naša Niva")
    data = json.loads(article_json_ld(entry, "A", "https://x.example/"))
    assert data["author"] == [{"@type": "Person", "name": "Anna Müller"}]
    assert data["sourceOrganization"]["name"] == "Naša Niva"
