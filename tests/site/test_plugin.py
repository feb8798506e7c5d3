"""The plugin's pure helpers and the handlers a build does not exercise."""

from __future__ import annotations

import string
from pathlib import Path
from types import SimpleNamespace

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from commentary_archive.site.markup import without_indentation
from commentary_archive.site.plugin import ArchivePlugin, page_link


class RecordingServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_tag_vocabulary(tmp_path):
    plugin = ArchivePlugin()
    errors, warnings = plugin.load_config({"vocabulary": "curation/tags.yml"})
    assert (errors, warnings) == ([], [])
    server = RecordingServer()
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"))

    returned = plugin.on_serve(server, config=config, builder=None)

    assert returned is server
    assert server.watched == [str(Path(tmp_path, "curation", "tags.yml"))]


def test_indentation_goes_but_preformatted_text_stays():
    html = "<div>\n    <p>one\n      two</p>\n  <pre>  keep\n    this</pre>\n</div>\n"
    assert (
        without_indentation(html) == "<div>\n<p>one\ntwo</p>\n<pre>  keep\n    this</pre>\n</div>\n"
    )


def test_attributes_of_pre_do_not_hide_it():
    html = '<pre class="x">\n  a\n</pre>\n  <p>b</p>'
    assert without_indentation(html) == '<pre class="x">\n  a\n</pre>\n<p>b</p>'


# A path of plain characters with at most one other character in it: quoting keeps the one and
# must escape or encode the other.
PLAIN_PATH = st.text(st.sampled_from(string.ascii_letters + string.digits + "-_.~/"), min_size=1)
PATH = st.builds(
    "".join,
    st.tuples(
        PLAIN_PATH,
        st.just("")
        | st.sampled_from(string.punctuation.replace("/", "").replace("\\", "") + " ")
        | st.characters(codec="utf-8", exclude_characters="\\\0"),
        PLAIN_PATH,
    ),
)


@settings(max_examples=500)  # a millisecond each
@given(PATH, st.sampled_from([".md", "/index.md"]))
def test_a_pages_link_in_the_sitemap_is_the_url_mkdocs_gives_it(path: str, ending: str) -> None:
    parts = path.split("/")
    assume(all(part and not part.startswith(".") for part in parts))  # MkDocs leaves these out
    src_uri = path + ending
    file = File(src_uri, "/docs", "/site", use_directory_urls=True)
    assert page_link(src_uri) == file.url
