"""The plugin's pure helpers and the handlers a build does not exercise."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from commentary_archive.site.plugin import ArchivePlugin, without_indentation


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
