"""`make serve` (`mkdocs serve --dirty`): after an edit, every page it serves is the page a clean
build of the same sources has; nothing stale, nothing left of a deleted article."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_project import make_project

ARTICLE = "docs/articles/2025/05/vilnius-watches-the-border.md"
PAGE = "articles/2025/05/vilnius-watches-the-border/"
# What the development server adds to every page it serves.
LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>(?=</body>)", re.DOTALL)
DEADLINE = 40  # seconds; a hang guard, not a measure (the benchmark measures)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = make_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    root = f"http://127.0.0.1:{port}/"
    try:
        wait_until(lambda: fetch(root) is not None)
        yield project, root
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str) -> bytes | None:
    """The page as served, without the live-reload script; None when it is not there."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return LIVERELOAD.sub(b"", response.read())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise
    except OSError:
        return None


def wait_until(condition, deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the development server did not get there")
        time.sleep(0.3)


def clean_pages(project: Path, tmp_path: Path, root: str) -> dict[str, bytes]:
    """Every HTML page of a clean build of ``project``'s sources for the address ``root``, by
    URL path."""
    copy = tmp_path / "clean"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache", "site"))
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=copy,
        env={**os.environ, "SITE_URL": root, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,
    )
    site = copy / "site"
    return {
        path.relative_to(site).as_posix().removesuffix("index.html"): path.read_bytes()
        for path in site.rglob("*.html")
        if path.name != "404.html"
    }


def stale(root: str, expected: dict[str, bytes]) -> list[str]:
    return [url for url, page in expected.items() if fetch(root + url) != page]


@pytest.mark.parametrize(
    ("source", "old", "new", "shown"),
    [
        (ARTICLE, "title: Vilnius", "title: Vilnius Still", "Vilnius Still Watches"),
        # A spelling of the same name: the author's shared page may take it.
        (ARTICLE, "- Olga Writer", "- Olga Wr\u00edter", "Olga Wr\u00edter"),
        ("tags.yml", "    name: Lithuania\n", "    name: Lietuva\n", "Lietuva"),
    ],
    ids=["title", "author-spelling", "tag-name"],
)
def test_an_edit_shows_on_every_page_that_shows_it(served, tmp_path, source, old, new, shown):
    project, root = served
    path = project / source
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    expected = clean_pages(project, tmp_path, root)
    assert shown.encode() in expected[PAGE]

    wait_until(lambda: not stale(root, expected))


def test_a_deleted_article_is_gone_from_the_served_site(served, tmp_path):
    project, root = served
    assert fetch(root + PAGE) is not None
    (project / ARTICLE).unlink()
    expected = clean_pages(project, tmp_path, root)

    wait_until(lambda: fetch(root + PAGE) is None and not stale(root, expected))
