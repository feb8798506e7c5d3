"""The build cache: after any change, a build with the cache is byte for byte a clean build, and
only the pages the change touches are built again."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config
from site_project import ROOT, make_project, mkdocs_build

from commentary_archive.site import cache
from commentary_archive.site.cache import EntryCache, PageCache, build_fingerprint

ARTICLE = "docs/articles/2025/05/vilnius-watches-the-border.md"
PAGE = "articles/2025/05/vilnius-watches-the-border/index.html"
# Home, archive, tags, authors and sources: the navigation links them, so MkDocs checks those
# links against the pages it builds, and they are always built (five small pages).
NAV_PAGES = 5


def snapshot(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def build(project: Path) -> tuple[dict[str, bytes], str]:
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return snapshot(project / "site"), result.stderr


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def warm_copy(project: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its site and cache included: the next build is warm."""
    warm = tmp_path / "warm"
    shutil.copytree(project, warm, symlinks=True)
    return warm


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The fixture site built once with an empty cache: the state every test starts from."""
    project = make_project(tmp_path_factory.mktemp("project"))
    site, log = build(project)
    assert "pages: 0 from the cache" in log
    return project, site


CHANGES: dict[str, Callable[[Path], None]] = {
    "an article's text": lambda p: edit(p, ARTICLE, "\n\n", "\n\nA new first paragraph.\n\n"),
    "an article's title": lambda p: edit(p, ARTICLE, "title: Vilnius", "title: Vilnius Still"),
    "a tag's name in tags.yml": lambda p: edit(p, "tags.yml", "name: Lithuania", "name: Litva"),
    "a template": lambda p: edit(
        p, "overrides/partials/footer.html", "Atom feed</a>", "Atom feed</a> ·"
    ),
    "mkdocs.yml": lambda p: (p / "mkdocs.yml").write_text(
        (p / "mkdocs.yml").read_text(encoding="utf-8") + "copyright: Another line\n",
        encoding="utf-8",
    ),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_build_with_the_cache_is_a_clean_build(built, tmp_path, change):
    project, _ = built
    warm = warm_copy(project, tmp_path)
    shutil.rmtree(warm / "site")
    CHANGES[change](warm)
    with_cache, _ = build(warm)
    clean = tmp_path / "clean"
    shutil.copytree(warm, clean, symlinks=True)
    shutil.rmtree(clean / ".cache")

    without_cache, _ = build(clean)

    assert with_cache == without_cache


def test_an_edit_to_an_article_s_text_rebuilds_its_page_alone(built, tmp_path):
    project, before = built
    warm = warm_copy(project, tmp_path)
    CHANGES["an article's text"](warm)

    after, log = build(warm)

    assert changed(before, after) == {PAGE}
    assert f", {NAV_PAGES + 1} built, " in log


def test_a_new_title_rebuilds_the_pages_that_show_it_and_no_other(built, tmp_path):
    project, before = built
    warm = warm_copy(project, tmp_path)
    CHANGES["an article's title"](warm)

    after, _ = build(warm)

    pages = {name for name in changed(before, after) if name.endswith(".html")}
    assert {
        PAGE,
        "index.html",
        "tags/lithuania/index.html",
        "authors/anna-example/index.html",
    } <= pages
    assert "tags/harvest/index.html" not in pages
    assert "about/index.html" not in pages


def test_an_unchanged_site_is_all_taken_from_the_cache(built, tmp_path):
    project, before = built
    warm = warm_copy(project, tmp_path)

    after, log = build(warm)

    assert after == before
    assert f", {NAV_PAGES} built, " in log


def test_the_cache_keeps_only_the_pages_of_the_last_build(built, tmp_path):
    project, _ = built
    warm = warm_copy(project, tmp_path)
    pages = sorted((warm / ".cache" / "pages").glob("*/*.html"))
    CHANGES["an article's text"](warm)

    build(warm)

    after = sorted((warm / ".cache" / "pages").glob("*/*.html"))
    assert len(after) == len(pages)
    assert len(set(after) - set(pages)) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda config, monkeypatch: monkeypatch.setattr(
            cache, "distribution_version", lambda name: "9.9.9"
        ),
        lambda config, monkeypatch: config.__setitem__("copyright", "Another"),
        lambda config, monkeypatch: config.theme.__setitem__("custom_dir", str(ROOT / "docs")),
    ],
    ids=["a package version", "a setting", "the templates"],
)
def test_the_build_fingerprint_follows_what_every_page_depends_on(change, monkeypatch):
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = dict(config.plugins["commentary-archive"].config)
    before = build_fingerprint(config, plugin)
    assert build_fingerprint(load_config(str(ROOT / "mkdocs.yml"), site_dir="/x"), plugin) == before

    change(config, monkeypatch)
    cache.code_fingerprint.cache_clear()

    try:
        assert build_fingerprint(config, plugin) != before
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()


def test_entries_are_read_once_for_each_text(tmp_path, monkeypatch):
    text = (ROOT / "tests/fixtures/site/docs" / ARTICLE.removeprefix("docs/")).read_text("utf-8")
    src_uri = ARTICLE.removeprefix("docs/")
    first = EntryCache(tmp_path / "entries.json")
    entry = first.read(src_uri, text)
    first.commit()
    first.save()
    monkeypatch.setattr(cache, "read_entry", pytest.fail)

    again = EntryCache(tmp_path / "entries.json")

    assert again.read(src_uri, text) == entry
    with pytest.raises(pytest.fail.Exception):
        again.read(src_uri, text + "\nAn edit.")


def test_a_cached_page_is_written_whole_and_placed_by_link(tmp_path):
    pages = PageCache(tmp_path / "cache", "fingerprint")
    key = pages.key("article", "a.md", "text")
    pages.put(key, "<p>page</p>")

    pages.place(key, tmp_path / "site" / "a" / "index.html")
    pages.place(key, tmp_path / "site" / "b" / "index.html", copy=True)

    assert pages.take(key)
    assert not pages.take(pages.key("article", "a.md", "another text"))
    assert (tmp_path / "site" / "a" / "index.html").stat().st_ino == pages.path(key).stat().st_ino
    assert (tmp_path / "site" / "b" / "index.html").stat().st_ino != pages.path(key).stat().st_ino
    assert list((tmp_path / "cache").rglob("*.tmp")) == []


def test_the_search_index_rebuilds_only_the_part_of_an_edited_article(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("search: false", "search: true"))
    _, cold = build(project)
    CHANGES["an article's text"](project)

    _, warm = build(project)

    assert "3 parts (3 indexed, 0 from the cache" in cold
    assert "3 parts (1 indexed, 2 from the cache" in warm
