"""The plugin's own handlers that a build does not exercise."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from commentary_archive.site.plugin import ArchivePlugin


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
