import doctest
import re
from pathlib import Path

import pytest

from commentary_archive import vocabulary as vocabulary_module
from commentary_archive.document import loads
from commentary_archive.errors import SourceError
from commentary_archive.site.entries import read_entry
from commentary_archive.vocabulary import (
    Tag,
    VocabularyError,
    load_vocabulary,
    loads_vocabulary,
    tag_errors,
    unknown_tag_error,
)

VALID = """\
# A small vocabulary for tests.
groups:
  people: People
  places: Places
tags:
  lukashenko:
    name: Alexander Lukashenko
    group: people
    description: President of Belarus since 1994.
    phrases: [Lukashenko, Lukashenka, Лукашенк*]
  belarus:
    name: Belarus
    group: places
    description: The country.
    phrases:
    - Belarus
    - Беларус*
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tags.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_groups_and_tags_in_file_order(tmp_path):
    vocabulary = load_vocabulary(write(tmp_path, VALID))

    assert vocabulary.groups == {"people": "People", "places": "Places"}
    assert list(vocabulary.tags) == ["lukashenko", "belarus"]
    assert vocabulary.tags["lukashenko"] == Tag(
        key="lukashenko",
        name="Alexander Lukashenko",
        group="people",
        description="President of Belarus since 1994.",
        phrases=("Lukashenko", "Lukashenka", "Лукашенк*"),
    )


@pytest.mark.parametrize(
    ("unknown", "expected"),
    [("lukashenka", "lukashenko"), ("Belarus", "belarus"), ("belarys", "belarus"), ("xyz", None)],
)
def test_suggest_returns_the_closest_key(tmp_path, unknown, expected):
    assert load_vocabulary(write(tmp_path, VALID)).suggest(unknown) == expected


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("    phrases: [Lukashenko,", "    phrase: [Lukashenko,", 10, "unknown key 'phrase'"),
        ("    group: places", "    group: countries", 13, "unknown group 'countries'"),
        ("  belarus:", "  Belarus:", 11, "bad key 'Belarus'"),
        ("  belarus:", "  lukashenko:", 11, "duplicate key 'lukashenko'"),
        ("    description: The country.\n", "", 12, "tag 'belarus' is missing key 'description'"),
        ("    - Belarus\n    - Беларус*", "    - Bel*arus", 16, "misplaced '*'"),
        ("    phrases:\n    - Belarus\n    - Беларус*", "    phrases: []", 15, "non-empty list"),
        ("    name: Belarus", "    name:", 12, "name must be one line"),
        ("tags:", "tagz:", 5, "unknown key 'tagz'"),
        ("    phrases: [Lukashenko,", "    phrases: [Lukashenko,,", 10, "not valid YAML"),
    ],
)
def test_invalid_file_names_file_line_and_key(tmp_path, old, new, line, fragment):
    assert old in VALID
    path = write(tmp_path, VALID.replace(old, new))

    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(path)

    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert fragment in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_unknown_key_error_suggests_the_closest_field(tmp_path):
    path = write(tmp_path, VALID.replace("    phrases: [Lukashenko,", "    phrase: [Lukashenko,"))

    with pytest.raises(VocabularyError, match="Did you mean 'phrases'"):
        load_vocabulary(path)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_a_vocabulary_without_a_document_says_it_is_empty(tmp_path, text):
    path = tmp_path / "tags.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(path)
    assert str(caught.value) == (
        f"{path}: is empty. Write the `groups:` and `tags:` mappings into it."
    )


def test_missing_file_is_a_vocabulary_error(tmp_path):
    with pytest.raises(VocabularyError, match="cannot read"):
        load_vocabulary(tmp_path / "absent.yml")


def test_project_vocabulary_is_valid_when_present():
    path = Path(__file__).parent.parent / "tags.yml"
    if not path.exists():
        pytest.skip("tags.yml not written yet")
    vocabulary = load_vocabulary(path)
    assert len(vocabulary.tags) >= 50
    assert {tag.group for tag in vocabulary.tags.values()} <= set(vocabulary.groups)


def test_every_project_tag_has_english_and_russian_phrases():
    vocabulary = load_vocabulary(Path(__file__).parent.parent / "tags.yml")
    for tag in vocabulary.tags.values():
        assert any(re.search("[A-Za-z]", phrase) for phrase in tag.phrases), tag.key
        assert any(re.search("[\u0400-\u04ff]", phrase) for phrase in tag.phrases), tag.key


def test_project_vocabulary_covers_the_archive_s_recurring_topics():
    topics = {
        key
        for key, tag in load_vocabulary(Path(__file__).parent.parent / "tags.yml").tags.items()
        if tag.group in ("topics", "events")
    }
    assert topics >= {
        "political-prisoners",
        "repression",
        "exile",
        "protests-2020",
        "opposition",
        "economy",
        "prices",
        "budget",
        "it-sector",
        "cyber",
        "media-freedom",
        "culture",
        "language",
        "religion",
        "education",
        "health",
        "history-memory",
    }


def test_docstring_examples():
    assert doctest.testmod(vocabulary_module) == (0, 3)


ADVICE = "Use a key from tags.yml, or add the tag there."


@pytest.mark.parametrize(
    ("tags", "line"),
    [
        ("tags:\n- belarus\n- lukashenka\n", 4),
        ("tags:\n- belarus\n-   'lukashenka'   # as spelt in Belarusian\n", 4),
        ('tags:\n  - "lukashenka"\n', 3),
        ("tags: [belarus, lukashenka]\n", 2),
        ("tags: [belarus,\n  lukashenka]\n", 2),
    ],
)
def test_an_unknown_tag_is_named_on_its_line_with_the_closest_known_tag(tags, line):
    text = f"---\n{tags}---\n- lukashenka\n"

    error = unknown_tag_error("docs/a.md", "lukashenka", loads_vocabulary(VALID), text)

    assert str(error) == (
        f"docs/a.md:{line}: has tag 'lukashenka', which is not in the tag vocabulary. "
        f"Did you mean 'lukashenko'? {ADVICE}"
    )


def test_an_unknown_tag_quotes_a_long_tag_cut_short_and_suggests_nothing_unlike():
    tag = "q" * 10_000
    text = f"---\ntags:\n- {tag}\n---\n"

    error = unknown_tag_error("a.md", tag, loads_vocabulary(VALID), text)

    assert str(error) == (
        f"a.md:3: has tag '{'q' * 27}...{'q' * 28}', which is not in the tag vocabulary. {ADVICE}"
    )


def test_tag_errors_name_each_unknown_tag_once_in_the_order_written():
    metadata = {"tags": ["xyz", "belarus", "belarys", "xyz", "2025"]}
    text = "---\ntags:\n- xyz\n- belarus\n- belarys\n- xyz\n- '2025'\n---\n"

    errors = tag_errors(metadata, "a.md", text, loads_vocabulary(VALID))

    assert [str(error) for error in errors] == [
        f"a.md:3: has tag 'xyz', which is not in the tag vocabulary. {ADVICE}",
        "a.md:5: has tag 'belarys', which is not in the tag vocabulary. "
        f"Did you mean 'belarus'? {ADVICE}",
        f"a.md:7: has tag '2025', which is not in the tag vocabulary. {ADVICE}",
    ]


@pytest.mark.parametrize(
    ("tags", "shown"),
    [("belarus", "'belarus'"), ("[7]", "[7]"), ("['']", "['']"), ("{a: 1}", "{'a': 1}")],
)
def test_tags_that_are_not_a_list_of_text_are_one_error_on_their_line_as_the_site_says(
    tags: str, shown: str
) -> None:
    text = f"---\ntitle: T\ndate: 2025-06-01\ntags: {tags}\n---\ntags: x\n"
    metadata, _, _ = loads(text, "a.md")

    [error] = tag_errors(metadata, "a.md", text, loads_vocabulary(VALID))

    assert str(error) == (
        f"a.md:4: front matter key 'tags' must be a list of text, not {shown}. "
        "Write one `- item` per line under `tags:`."
    )
    with pytest.raises(SourceError) as site:
        read_entry("a.md", text)
    assert str(site.value) == str(error)
