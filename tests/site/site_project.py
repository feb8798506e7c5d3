"""A copy of the project to build in a temporary folder, and its strict build: shared by the
build tests (``tests/conftest.py``'s helpers cannot be imported here, as both files are named
``conftest``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SITE_URL = "http://127.0.0.1/REPO/"


def make_project(destination: Path) -> Path:
    """The project's config, vocabulary, templates and pages plus the fixture articles; search off
    and its fixture articles (``search-*.md``) left out, so the build checks the site alone and
    the counts stay exact."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "tags.yml", destination / "tags.yml")
    shutil.copytree(ROOT / "overrides", destination / "overrides")
    shutil.copytree(ROOT / "docs", destination / "docs", ignore=shutil.ignore_patterns("articles"))
    shutil.copytree(
        FIXTURES / "site" / "docs",
        destination / "docs",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("search-*"),
    )
    search_page = destination / "docs" / "search" / "index.md"
    if not search_page.exists():
        search_page.parent.mkdir(parents=True, exist_ok=True)
        search_page.write_text("# Search\n", encoding="utf-8")
    (destination / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nplugins:\n  - commentary-archive:\n      search: false\n",
        encoding="utf-8",
    )
    return destination


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``project`` into ``project/site``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"],
        cwd=project,
        env={**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def write_article(project: Path, src_uri: str, front_matter: str, body: str = "Body.") -> Path:
    """An article file under the project's ``docs/``, its front matter given as YAML text."""
    path = project / "docs" / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter.strip()}\n---\n{body}\n", encoding="utf-8")
    return path
