"""`make site`'s build step (scripts/build_site.py): skipped when nothing changed since the last
successful build, run again after any change to what the site is made from or to the site."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from site_project import ROOT, SITE_URL, make_project, write_article

UP_TO_DATE = "is up to date: nothing changed since it was built."
ARTICLE = "docs/articles/2025/05/vilnius-watches-the-border.md"
ARTICLE_PAGE = "site/articles/2025/05/vilnius-watches-the-border/index.html"


def build_site(
    project: Path, site_url: str = SITE_URL, engine: str = "mkdocs"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_site.py"), "--engine", engine],
        cwd=project,
        env={**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def shown(project: Path, page: str, text: str) -> bool:
    return text in (project / page).read_text(encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    first = build_site(project)
    assert first.returncode == 0, first.stderr
    assert UP_TO_DATE not in first.stdout
    return project


def test_a_second_build_with_nothing_changed_is_skipped_and_leaves_the_site_as_it_was(
    built: Path,
) -> None:
    before = {path: path.stat() for path in (built / "site").rglob("*")}
    again = build_site(built)
    assert (again.returncode, again.stdout.strip()) == (0, f"{built / 'site'} {UP_TO_DATE}")
    assert "Building documentation" not in again.stderr
    after = {path: path.stat() for path in (built / "site").rglob("*")}
    assert after.keys() == before.keys()
    assert all(after[path].st_mtime_ns == before[path].st_mtime_ns for path in after)


# Each change, and a page (under the project) on which the rebuilt site shows it.
CHANGES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "an article's title": (
        lambda project: replace_in(
            project / ARTICLE, "title: Vilnius Watches", "title: Riga Watches"
        ),
        ARTICLE_PAGE,
        "Riga Watches the Border",
    ),
    "an article's modification time alone": (
        lambda project: os.utime(project / ARTICLE, ns=(1, 1)),
        ARTICLE_PAGE,
        "Vilnius Watches the Border",
    ),
    "a new article": (
        lambda project: write_article(
            project,
            "articles/2025/07/a-late-arrival.md",
            "title: A Late Arrival\ndate: 2025-07-01\nauthors: [Anna Example]",
        ),
        "site/articles/2025/07/a-late-arrival/index.html",
        "A Late Arrival",
    ),
    "a tag's name in the vocabulary": (
        lambda project: replace_in(
            project / "tags.yml", "name: Alexander Lukashenko", "name: Aliaksandr Lukashenka"
        ),
        "site/tags/index.html",
        "Aliaksandr Lukashenka",
    ),
    "a template": (
        lambda project: replace_in(
            project / "overrides" / "partials" / "footer.html",
            "<span>{{ config.copyright | e }}</span>",
            "<span>{{ config.copyright | e }} · edited footer</span>",
        ),
        "site/index.html",
        "edited footer",
    ),
    "mkdocs.yml": (
        lambda project: (project / "mkdocs.yml").write_text(
            (project / "mkdocs.yml").read_text(encoding="utf-8") + "site_name: Renamed Archive\n",
            encoding="utf-8",
        ),
        "site/index.html",
        "Renamed Archive",
    ),
    "a page removed from the site": (
        lambda project: (project / ARTICLE_PAGE).unlink(),
        ARTICLE_PAGE,
        "Vilnius Watches the Border",
    ),
    "a page edited in the site": (
        lambda project: (project / "site" / "index.html").write_text("broken", encoding="utf-8"),
        "site/index.html",
        "Vilnius Watches the Border",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_to_the_inputs_or_the_site_builds_again(built: Path, change: str) -> None:
    make_change, page, text = CHANGES[change]
    make_change(built)
    rebuilt = build_site(built)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert UP_TO_DATE not in rebuilt.stdout
    assert shown(built, page, text)
    assert UP_TO_DATE in build_site(built).stdout


def test_a_new_site_address_builds_again(built: Path) -> None:
    moved = build_site(built, site_url="https://archive.example.org/")
    assert UP_TO_DATE not in moved.stdout
    assert shown(built, "site/index.html", "https://archive.example.org/")
    assert UP_TO_DATE in build_site(built, site_url="https://archive.example.org/").stdout


def test_another_engine_builds_again(built: Path) -> None:
    pytest.importorskip("properdocs", reason="pip install -r requirements-properdocs.txt")
    other = build_site(built, engine="properdocs")
    assert other.returncode == 0, other.stderr
    assert UP_TO_DATE not in other.stdout
    assert "Documentation built" in other.stderr
    assert UP_TO_DATE in build_site(built, engine="properdocs").stdout
    assert UP_TO_DATE not in build_site(built).stdout


def test_a_failed_build_is_never_taken_for_a_good_one(built: Path) -> None:
    replace_in(built / ARTICLE, "date: 2025-05-28T18:00:00+03:00", "date: someday")
    for _ in range(2):
        failed = build_site(built)
        assert failed.returncode == 1
        assert UP_TO_DATE not in failed.stdout
        assert not (built / ".cache" / "site.json").exists()
    replace_in(built / ARTICLE, "date: someday", "date: 2025-05-28T18:00:00+03:00")
    assert build_site(built).returncode == 0
    assert UP_TO_DATE in build_site(built).stdout


def test_without_a_cache_every_build_runs(built: Path) -> None:
    replace_in(built / "mkdocs.yml", "search: false", 'search: false\n      cache: ""')
    for _ in range(2):
        result = build_site(built)
        assert result.returncode == 0, result.stderr
        assert UP_TO_DATE not in result.stdout
