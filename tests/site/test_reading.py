"""The articles are read one way: the converter's side (the tags report), the engine-free generator
and the plugin, cold or through its caches, give the same front matter the same message, word for
word."""

from __future__ import annotations

import functools
import logging
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, get_files

from commentary_archive import tags_report
from commentary_archive.site import __main__ as engine_free
from commentary_archive.site.cache import EntryCache
from commentary_archive.site.reading import ArticlesError, load_catalog, read_article
from commentary_archive.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "articles/2025/06/x.md"
MKDOCS_YML = """\
site_name: Test
site_url: https://x.example/
plugins:
  - commentary-archive:
      search: false
      cache: {cache}
"""
FRONT = "title: A\ndate: 2025-06-05\n"
UNKNOWN = "has tag 'lukashenka', which is not in the tag vocabulary."
SUGGESTED = "Did you mean 'lukashenko'? Use a key from tags.yml, or add the tag there."
NOT_YAML = (
    "has front matter that is not valid YAML (mapping values are not allowed in this context). "
    "Fix the YAML between the `---` lines (quote values that contain ': ')."
)
# Article texts and the one message each gets, wherever it is read.
CASES = {
    "unknown tag": (
        f"---\n{FRONT}tags:\n- belarus\n- lukashenka\n---\nBody.\n",
        f"{ARTICLE}:6: {UNKNOWN} {SUGGESTED}",
    ),
    "unknown tag after a byte order mark": (
        f"\ufeff---\n{FRONT}tags:\n- belarus\n- lukashenka\n---\nBody.\n",
        f"{ARTICLE}:6: {UNKNOWN} {SUGGESTED}",
    ),
    "quoted unknown tag with a comment": (
        f"---\n{FRONT}tags:\n- belarus\n- 'lukashenka'  # as in Belarusian\n---\nBody.\n",
        f"{ARTICLE}:6: {UNKNOWN} {SUGGESTED}",
    ),
    "unknown tag in a flow list": (
        f"---\n{FRONT}tags: [belarus, lukashenka]\n---\n- lukashenka\n",
        f"{ARTICLE}:4: {UNKNOWN} {SUGGESTED}",
    ),
    "unknown tag like no known one": (
        f"---\n{FRONT}tags:\n- qqqqq\n---\nBody.\n",
        f"{ARTICLE}:5: has tag 'qqqqq', which is not in the tag vocabulary. "
        "Use a key from tags.yml, or add the tag there.",
    ),
    "broken YAML": ("---\ntitle: a: b\n---\nBody.\n", f"{ARTICLE}:2: {NOT_YAML}"),
    "broken YAML after a byte order mark and a blank line": (
        "\ufeff---\n\ntitle: a: b\n---\nBody.\n",
        f"{ARTICLE}:3: {NOT_YAML}",
    ),
    "an alias": (
        "---\ntitle: A\ndate: &day 2025-06-05\nupdated: *day\n---\nBody.\n",
        f"{ARTICLE}:3: has a YAML anchor or alias (`&name` or `*name`) in its front matter. "
        "Write each value out in full; quote a value that starts with & or *.",
    ),
    "a blank line above the front matter": (
        f"\n---\n{FRONT}---\nBody.\n",
        f"{ARTICLE}:1: has no front matter; expected a `---` line, YAML fields and another `---` "
        "line. Restore the front matter at the very top of the file, or delete the file to "
        "convert it afresh.",
    ),
}


def make_project(folder: Path, text: str, cache: str = "''") -> Path:
    """A site of one article, ``text``, with the converter tests' vocabulary."""
    shutil.copy(ROOT / "tests" / "fixtures" / "tags.yml", folder / "tags.yml")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(cache=cache), encoding="utf-8")
    write(folder, text)
    return folder


def write(project: Path, text: str) -> None:
    path = project / "docs" / ARTICLE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def messages(output: str) -> list[str]:
    """The messages in a tool's output, each from the path of the article it names."""
    return [line[line.index(ARTICLE) :] for line in output.splitlines() if ARTICLE in line]


def by_tags_report(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    docs = project / "docs"
    tags_report.main(["--out", str(docs / "articles"), "--tags", str(project / "tags.yml")])
    return messages(capsys.readouterr().err.replace(f"{docs}/", ""))


def by_engine_free(project: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    engine_free.main(["--config", str(project / "mkdocs.yml"), "--out", str(project / "out")])
    return messages(capsys.readouterr().err)


def by_plugin(project: Path, caplog: pytest.LogCaptureFixture, dirty: bool) -> list[str]:
    """What the plugin says of the articles, in a build or in two rebuilds of `serve`, the second
    taking what the first read."""
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
    said = []
    for _ in range(2 if dirty else 1):
        caplog.clear()
        try:
            config.plugins.on_files(get_files(config), config=config)
        except PluginError as error:
            said.append(str(error))
        said.extend(record.getMessage() for record in caplog.records)
    return messages("\n".join(said))


@pytest.mark.parametrize(("text", "message"), CASES.values(), ids=CASES.keys())
def test_every_reader_gives_the_same_message(text, message, tmp_path, capsys, caplog):
    caplog.set_level(logging.WARNING)
    project = make_project(tmp_path, text)

    assert by_tags_report(project, capsys) == [message]
    assert by_engine_free(project, capsys) == [message]
    assert by_plugin(project, caplog, dirty=False) == [message]
    assert by_plugin(project, caplog, dirty=True) == [message, message]


@pytest.mark.parametrize(("text", "message"), CASES.values(), ids=CASES.keys())
def test_the_entry_cache_gives_the_same_message(text, message, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    project = make_project(tmp_path, text, cache=".cache")

    first, again = by_plugin(project, caplog, dirty=False), by_plugin(project, caplog, dirty=False)

    assert first == again == [message]


def test_every_article_that_cannot_be_read_is_named_at_once(tmp_path):
    project = make_project(tmp_path, CASES["broken YAML"][0])
    (project / "docs" / "articles" / "y.md").write_bytes(b"---\ntitle: \xff\n---\nBody.\n")
    config = load_config(str(project / "mkdocs.yml"))

    with pytest.raises(ArticlesError) as caught:
        load_catalog(config, config.plugins["commentary-archive"].config, get_files(config))

    assert str(caught.value) == (
        "cannot read articles:\n"
        "articles/y.md: is not UTF-8 text (invalid start byte). Save it as UTF-8.\n"
        f"{CASES['broken YAML'][1]}"
    )


def test_a_draft_is_read_but_left_out_of_the_catalog(tmp_path):
    project = make_project(tmp_path, f"---\n{FRONT}draft: true\ntags: [qqqqq]\n---\nBody.\n")
    config = load_config(str(project / "mkdocs.yml"))

    loaded = load_catalog(config, config.plugins["commentary-archive"].config, get_files(config))

    assert (loaded.catalog.entries, loaded.entries, loaded.problems) == ([], {}, [])
    assert list(loaded.texts) == [ARTICLE]


TAG_LINES = st.lists(
    st.tuples(
        st.sampled_from(["belarus", "lukashenka", "minks", "harvset", "qqqqq", "belarus-2"]),
        st.sampled_from(["{}", "'{}'", '"{}"', "{}  # a note"]),
    ),
    min_size=1,
    max_size=5,
)


@pytest.fixture(scope="module")
def one_article_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("site"), f"---\n{FRONT}---\nBody.\n")


@settings(max_examples=40, deadline=None)
@given(tags=TAG_LINES, bom=st.booleans(), blank_lines=st.integers(0, 2), flow=st.booleans())
def test_unknown_tags_are_reported_alike_on_the_lines_that_hold_them(
    one_article_site, tags, bom, blank_lines, flow
):
    """Whatever the tags and however they are written, the tags report and the site (read afresh
    or through the entry cache) name the same tags on the same lines, each line holding its tag
    (or, in a flow list, the `tags:` key)."""
    project = one_article_site
    if flow:
        listed = "tags: [" + ", ".join(tag for tag, _ in tags) + "]\n"
    else:
        listed = "tags:\n" + "".join(f"- {form.format(tag)}\n" for tag, form in tags)
    text = "\ufeff" * bom + "---\n" + "\n" * blank_lines + FRONT + listed + "---\nBody.\n"
    write(project, text)
    config = load_config(str(project / "mkdocs.yml"))
    docs = project / "docs"
    files = Files([File(ARTICLE, str(docs), str(project / "site"), True)])
    cached = functools.partial(read_article, read=EntryCache(project / "entries.json").read)

    report = tags_report.collect(docs / "articles", load_vocabulary(project / "tags.yml"))
    site = [
        load_catalog(config, config.plugins["commentary-archive"].config, files, read).problems
        for read in (read_article, cached)
    ]

    converter_side = [str(error).replace(f"{docs}/", "") for error in report.errors]
    assert [str(error) for error in site[0]] == [str(error) for error in site[1]] == converter_side
    lines = text.removeprefix("\ufeff").splitlines()
    for error in site[0]:
        tag = error.problem.split("'")[1]
        held = lines[error.line - 1]
        assert held.startswith("tags:") if flow else tag in held and held.startswith("- ")
