"""The docs folder an engine without plugins builds the site from, staged outside ``docs/``.

What the plugin does to MkDocs' files in memory, done on disk: drafts left out; each article's
front matter replaced by what its templates read (title, description and the page data,
``pagedata``); the generated pages and feeds added, taking the place of a hand-written file
at their path; and the theme's files the MkDocs build ships (``theme_files``), so that the
site looks and behaves the same whichever engine built it. The staged folder is build output,
rewritten whole by each build and never committed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.structure.files import File, Files, InclusionLevel, get_files

from commentary_archive.site.collections import clash_warning, collection_files, write_files
from commentary_archive.site.config import ArchiveConfig, collection_settings
from commentary_archive.site.pagedata import article_page_meta
from commentary_archive.site.reading import load_catalog, without_front_matter
from commentary_archive.site.theme_files import hashed_assets, is_shipped, without_source_map

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# The C emitter when PyYAML has it: a front matter per article, thousands of them.
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Files of docs/ that MkDocs leaves out of a build (``exclude_docs``, ``draft_docs``).
LEFT_OUT = (InclusionLevel.EXCLUDED, InclusionLevel.DRAFT)


@dataclass(frozen=True)
class StagedDocs:
    """What staging made, and what an editor should fix (a strict build fails on it)."""

    theme_assets: dict[str, str]
    """The theme's hashed files by the names templates use (``theme_files.hashed_assets``)."""
    warnings: list[str]


def stage_docs(config: MkDocsConfig, archive: ArchiveConfig, out: Path) -> StagedDocs:
    """Write the docs of the site ``config`` describes into ``out``, emptied first; raise an
    ArticlesError, or a SourceError for a broken ``tags.yml``, as the plugin would."""
    files = get_files(config)
    loaded = load_catalog(config, archive, files)
    views = loaded.catalog.views(archive.related)
    generated = collection_files(loaded.catalog, collection_settings(config, archive))
    warnings = [str(problem) for problem in loaded.problems]
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    by_path = {file.src_uri: file.content for file in generated}
    drafts = loaded.texts.keys() - views.keys()
    for file in files:
        if file.inclusion in LEFT_OUT or file.src_uri in drafts or not is_shipped(file.src_uri):
            continue
        if file.src_uri in by_path:
            if file.content_string != by_path[file.src_uri]:
                warnings.append(clash_warning(file.src_uri))
            continue
        view = views.get(file.src_uri)
        if view is None:
            _copy(file, out)
            continue
        meta = article_page_meta(view, config.site_name, config.site_url)
        front = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1 << 16)
        body = without_front_matter(loaded.texts[file.src_uri])
        _write(out / file.src_uri, f"---\n{front}---\n\n{body}")
    write_files(generated, out)
    theme = Files([])
    theme.add_files_from_theme(config.theme.get_env(), config)
    shipped = [
        file
        for file in theme
        if files.get_file_from_path(file.src_uri) is None and is_shipped(file.src_uri)
    ]
    for file in shipped:
        _copy(file, out)
    return StagedDocs(hashed_assets(file.src_uri for file in shipped), warnings)


def _copy(file: File, out: Path) -> None:
    """A file as the MkDocs build ships it: a script without its source map line."""
    target = out / file.src_uri
    if file.src_uri.endswith(".js"):
        _write(target, without_source_map(file.content_string))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content_bytes)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
