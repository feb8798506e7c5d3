"""CONTRIBUTING.md shows contributors the converter's messages: they must be the ones it prints."""

import re
import shutil
from pathlib import Path

import pytest

from commentary_archive.cli import main

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FENCED = re.compile(r"^```\n(.*?)^```$", re.MULTILINE | re.DOTALL)
# The latest date accepted moves with today: compare messages without it.
LATEST = re.compile(r"(expected a date between \d{4}-\d\d-\d\d and )\d{4}-\d\d-\d\d")

GRAIN = """Grain Prices Climb Before Winter
4- 12.09.2025, 10:15
- 2,310

Bread costs more in Minsk this autumn, and the ministry blames the weather.
The price of a loaf rose for the third month running, while officials promised full stores.
Olga Example, eastwatch.example."""
QUIET = """A Quiet Day at the Border
2- 5.06.2025
- 120

The crossing was empty on Sunday morning.
Guards checked a single bus in two hours and waved it through without a word to anyone.
Ivan Example."""
OLD = "A Letter From the Past\n1- 3.06.1024, 08:05\n\nThe lead.\nA paragraph of its own."
OTHER = GRAIN.split("\n\n")[0] + "\n\nSomething else entirely.\nAnd other text besides."
NO_HEADER = "A Title\n5 June 2025\n\nThe lead.\nText."
TAGS = re.compile(r"^tags:.*(?:\n- .*)*$", re.MULTILINE)


def documented_messages() -> set[str]:
    lines = (line for block in FENCED.findall(GUIDE) for line in block.splitlines())
    return {LATEST.sub(r"\1…", line) for line in lines if line.startswith(("error: ", "warning: "))}


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "raw").mkdir()
    shutil.copy(ROOT / "tags.yml", tmp_path / "tags.yml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def test_every_message_in_the_guide_is_what_the_converter_prints(project, capsys):
    raw = project / "raw"
    article = project / "docs/articles/2025/09/grain-prices-climb-before-winter.md"

    def run(*files: str, **raw_files: str) -> None:
        for name, text in raw_files.items():
            (raw / f"{name}.txt").write_text(text, encoding="utf-8")
        main([f"raw/{name}.txt" for name in files])

    def curate(tags: str) -> None:
        article.write_text(TAGS.sub(tags, article.read_text(encoding="utf-8")), encoding="utf-8")
        (raw / "001_grain.txt").write_text(GRAIN + " ", encoding="utf-8")  # a raw change
        main([])
        (raw / "001_grain.txt").write_text(GRAIN, encoding="utf-8")

    run(**{"001_grain": GRAIN, "002_quiet-border": QUIET, "003_old-letter": OLD})
    shutil.copy(raw / "001_grain.txt", raw / "004_copy.txt")
    run("004_copy")
    (raw / "004_copy.txt").unlink()
    (raw / "002_quiet-border.txt").unlink()
    run(**{"006_grain-again": OTHER, "017_ab12cd34ef56ab78": NO_HEADER})
    curate("tags:\n- lukashneko")
    curate("tags: &t []")

    printed = {LATEST.sub(r"\1…", line) for line in capsys.readouterr().err.splitlines()}
    assert len(documented_messages()) == 8
    assert documented_messages() - printed == set()
