"""A content-addressed cache of built pages: a page whose inputs did not change is not built again.

A page's key is a sha256 over everything its HTML is made from:

- the build's fingerprint (``build_fingerprint``): the configuration as loaded (``mkdocs.yml``
  and the environment it reads), the templates in the theme's custom folder, the versions of
  the package, MkDocs, Material and Markdown, and the package's own source;
- the page's own inputs: an article's Markdown and its ``ArticleView`` (every fact of the rest
  of the archive the page shows), or a listing page's generated text.

The same key always stands for the same HTML, so a cached page is placed in the site as it is
(hard-linked where the file system allows), never checked for staleness: a change to any input
is a new key. After a build, entries the build did not use are removed, so the cache holds about
one site's pages. Articles' front matter, read into entries, is kept the same way
(``EntryCache``), by the text it was read from.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig

import commentary_archive
from commentary_archive.site.entries import Entry, read_entry

# Configuration that does not change a page: where things are written and how MkDocs runs.
NOT_IN_PAGES = frozenset(
    {"config_file_path", "site_dir", "docs_dir", "plugins", "hooks", "watch", "dev_addr"}
    | {"strict", "validation", "exclude_docs", "draft_docs", "not_in_nav"}
)
DISTRIBUTIONS = (
    "commentary-archive",
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "pymdown-extensions",
)


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code that reads articles and makes pages: this package's source, the
    versions of the distributions it builds with, and the engine running it (under ProperDocs,
    the module named ``mkdocs`` is ProperDocs')."""
    digest = hashlib.sha256(f"{mkdocs.__name__} {mkdocs.__version__}\n".encode())
    for name in DISTRIBUTIONS:
        digest.update(f"{name}=={distribution_version(name)}\n".encode())
    _digest_folder(digest, Path(commentary_archive.__file__).parent)
    return digest.hexdigest()


def build_fingerprint(config: MkDocsConfig, plugin_config: dict[str, Any]) -> str:
    """A digest of everything every page depends on (see the module's docstring)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    settings = {key: value for key, value in config.items() if key not in NOT_IN_PAGES}
    digest.update(json.dumps(settings, sort_keys=True, default=_plain).encode())
    digest.update(json.dumps(plugin_config, sort_keys=True, default=_plain).encode())
    if config.theme.custom_dir:
        _digest_folder(digest, Path(config.theme.custom_dir))
    return digest.hexdigest()


def _digest_folder(digest: Any, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(folder)}\0".encode())
            digest.update(path.read_bytes())


class EntryCache:
    """Articles' entries by the exact text they were read from, kept between builds (reading
    10,000 front matters is most of a build in which nothing changed). Only entries that read
    without error are kept; the key includes the reading code, so a new version reads afresh."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known = self._load()
        self.seen: dict[str, dict[str, Any] | None] = {}
        self.changed = False

    def read(self, src_uri: str, text: str) -> Entry | None:
        """``read_entry(src_uri, text)``, from the cache when this text was read before."""
        key = _digest(code_fingerprint(), src_uri, text)
        if key in self.known:
            fields = self.seen[key] = self.known[key]
            return None if fields is None else _entry(fields)
        entry = read_entry(src_uri, text)
        self.seen[key] = None if entry is None else _fields(entry)
        return entry

    def commit(self) -> None:
        """The build has read every article: keep what it read, and nothing else."""
        self.changed = self.changed or self.seen.keys() != self.known.keys()
        self.known, self.seen = self.seen, {}

    def save(self) -> None:
        """Write what the last build read, whole or not at all, if that is new."""
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self.path.parent, suffix=".tmp", delete=False
        ) as temporary:
            json.dump(self.known, temporary, ensure_ascii=False)
        os.replace(temporary.name, self.path)
        self.changed = False

    def _load(self) -> dict[str, dict[str, Any] | None]:
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return known if isinstance(known, dict) else {}


def _fields(entry: Entry) -> dict[str, Any]:
    # Not dataclasses.asdict, which copies every value deeply: 10,000 entries took a second.
    fields = {field.name: getattr(entry, field.name) for field in dataclasses.fields(entry)}
    fields["date"] = entry.date.isoformat()
    return fields


def _entry(fields: dict[str, Any]) -> Entry:
    return Entry(
        **{
            **fields,
            "date": datetime.fromisoformat(fields["date"]),
            "authors": tuple(fields["authors"]),
            "tags": tuple(fields["tags"]),
        }
    )


class PageCache:
    """Built pages by key under ``folder``; ``fingerprint`` is folded into every key."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self.started = time.time()
        self.used: set[str] = set()
        self.present: set[str] = set()  # keys this cache has seen on disk or written

    def start(self) -> None:
        """A new build with the same cache (`serve`): nothing used yet."""
        self.started = time.time()
        self.used = set()

    def key(self, *inputs: str) -> str:
        """The key of a page made from ``inputs`` (in this order) by this build."""
        return _digest(self.fingerprint, *inputs)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def take(self, key: str) -> bool:
        """Whether the page of ``key`` is cached; if so, it is marked as used by this build.
        Asked of every page in every `serve` rebuild: a string path, not pathlib's, to check."""
        if key not in self.present and not os.path.isfile(
            os.path.join(self.folder, key[:2], f"{key}.html")
        ):
            return False
        self.used.add(key)
        self.present.add(key)
        return True

    def put(self, key: str, html: str) -> None:
        """Keep ``html`` under ``key``, written whole or not at all."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _temporary_name(path)
        temporary.write_text(html, encoding="utf-8")
        os.replace(temporary, path)
        self.used.add(key)
        self.present.add(key)

    def adopt(self, key: str, built: Path) -> None:
        """Keep the page a clean build wrote at ``built`` under ``key``: a hard link, so it costs
        no copy, or a copy where the file systems differ. Nothing writes into a clean build's
        pages after they are written, and a link is made whole or not at all."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _temporary_name(path)
        try:
            os.link(built, temporary)
        except OSError:
            shutil.copyfile(built, temporary)
        os.replace(temporary, path)
        self.used.add(key)
        self.present.add(key)

    def place(self, key: str, target: Path, copy: bool = False) -> None:
        """Put the cached page of ``key`` at ``target``: a hard link (unless ``copy``), or a copy
        where the file systems differ."""
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        if not copy:
            with contextlib.suppress(OSError):
                os.link(self.path(key), target)
                return
        shutil.copyfile(self.path(key), target)

    def prune(self) -> int:
        """Remove the pages this build did not use and no build used since it started (a
        concurrent build's pages are newer); return how many."""
        removed = 0
        for path in _files(self.folder):
            if path.stem not in self.used and path.stat().st_mtime < self.started:
                with contextlib.suppress(OSError):
                    path.unlink()
                    self.present.discard(path.stem)
                    removed += 1
        return removed


def _digest(*parts: str) -> str:
    """sha256 of ``parts`` kept apart by NUL; any text, lone surrogates included, can be hashed.

    >>> _digest("a", "b") != _digest("ab", "")
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _temporary_name(path: Path) -> Path:
    """A name beside ``path`` that no other process or thread writes to."""
    return path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def _files(folder: Path) -> Iterable[Path]:
    return folder.glob("*/*.html") if folder.is_dir() else ()


def distribution_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "none"


def _plain(value: Any) -> Any:
    """Configuration values JSON has no type for, as stable text (no object addresses)."""
    if isinstance(value, dict):
        return {str(key): item for key, item in value.items()}
    if hasattr(value, "items"):
        return dict(value.items())
    if isinstance(value, set | frozenset | tuple):
        return sorted(map(str, value)) if isinstance(value, set | frozenset) else list(value)
    return str(value)
