"""A conversion batch: raw files in, Markdown articles out — incremental, parallel and atomic.

1. Index the existing articles by the raw file they came from (``raw.file``), reading only their
   provenance block, and note every slug in use.
2. Skip each raw file whose bytes (sha256) and conversion settings (the vocabulary's phrases, the
   time zone, the format) are those recorded in its article: a no-op re-run writes nothing.
3. Parse, tag and render the rest, in worker processes for big batches.
4. In raw-file-name order (so the result never depends on ``--jobs``): drop duplicates (the same
   title, date and text under another raw name), follow a renamed raw file to its article, give
   new articles a slug (``-2``, ``-3`` on collisions) and a path ``YYYY/MM/<slug>.md``. An
   article keeps its slug and path forever.
5. Merge each into the curator's current file (``curation``) and write it through a temporary
   file and a rename, so a killed run leaves whole files only and the next run finishes the job.

Errors never stop the batch: each becomes a failed file in the report.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from slugify import slugify
from tqdm import tqdm

from commentary_archive import curation, document
from commentary_archive.article import ArticleError
from commentary_archive.decoding import decode
from commentary_archive.errors import SourceError
from commentary_archive.parse import parse_article
from commentary_archive.tagging import Tagger, tag_errors
from commentary_archive.vocabulary import Vocabulary

FORMAT_VERSION = "1"
SLUG_MAX_LENGTH = 80
INLINE_LIMIT = 200  # below this many files, worker processes cost more than they save
FUTURE_MARGIN = timedelta(days=1)
TEMPORARY_SUFFIX = ".tmp"

Status = Literal["converted", "unchanged", "duplicate", "failed"]


@dataclass(frozen=True)
class Settings:
    """Everything a batch needs besides the files."""

    out: Path
    vocabulary: Vocabulary
    zone: ZoneInfo
    force: bool = False
    check: bool = False
    jobs: int = 1

    @property
    def fingerprint(self) -> str:
        """Changes when the output of an unchanged raw file could: new phrases, zone or format.

        Names, descriptions and groups of tags are left out, so editing them rewrites nothing.
        """
        phrases = [[key, *tag.phrases] for key, tag in self.vocabulary.tags.items()]
        return curation.fingerprint([FORMAT_VERSION, self.zone.key, phrases])


@dataclass
class Outcome:
    """What happened to one raw file."""

    raw: Path
    status: Status
    markdown: Path | None = None
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)


@dataclass(frozen=True)
class IndexEntry:
    """An existing article, as far as a batch needs to know it."""

    path: Path
    raw: dict[str, Any]

    @property
    def identity(self) -> tuple[str, ...] | None:
        fields = self.raw.get("fields")
        if not isinstance(fields, dict):
            return None
        return tuple(str(fields.get(name)) for name in ("title", "date", "body"))


@dataclass(frozen=True)
class Parsed:
    """A raw file turned into a fresh document, still without its slug."""

    raw: Path
    fresh: document.Document
    identity: tuple[str, ...]
    warnings: tuple[SourceError, ...]


def convert(sources: Iterable[Path], settings: Settings) -> list[Outcome]:
    """Convert every raw file under ``sources``; one Outcome per file, in raw-name order."""
    raw_paths = discover(sources)
    _remove_temporary_files(settings.out)
    index, slugs = read_index(settings.out)
    outcomes: dict[Path, Outcome] = {}
    pending: list[tuple[Path, bytes, str]] = []
    names: dict[str, Path] = {}
    for path in raw_paths:
        if path.name in names:
            outcomes[path] = _failed(path, _same_name(path, names[path.name]))
            continue
        names[path.name] = path
        try:
            data = path.read_bytes()
        except OSError as error:
            outcomes[path] = _failed(path, ArticleError(path, None, f"cannot be read ({error})."))
            continue
        digest = hashlib.sha256(data).hexdigest()
        entry = index.get(path.name)
        if (
            entry is not None
            and not settings.force
            and entry.raw.get("sha256") == digest
            and entry.raw.get("settings") == settings.fingerprint
        ):
            outcomes[path] = Outcome(path, "unchanged", entry.path)
        else:
            pending.append((path, data, digest))

    with _Runner(settings, len(pending)) as run:
        parsed = []
        for (path, _, _), result in zip(pending, run(_parse_task, pending), strict=True):
            if isinstance(result, SourceError):
                outcomes[path] = _failed(path, result)
            else:
                parsed.append(result)
        owners = {entry.identity: name for name, entry in index.items() if entry.identity}
        writes, duplicates = [], []
        for item in parsed:
            name, entry = item.raw.name, index.get(item.raw.name)
            owner = owners.setdefault(item.identity, name)
            if owner not in names and entry is None:
                # Its raw file was renamed: the article keeps its Markdown file.
                entry, owner = index[owner], name
                owners[item.identity] = name
            if owner == name:
                writes.append(_place(item, entry, slugs, settings.out))
            else:
                duplicates.append((item, owner))
        targets = {name: entry.path for name, entry in index.items()}
        targets.update((item.raw.name, target) for item, target, _ in writes)
        for item, owner in duplicates:
            outcomes[item.raw] = _duplicate(item, owner, targets.get(owner))
        for outcome in run(_write_task, writes):
            outcomes[outcome.raw] = outcome
    return [outcomes[path] for path in raw_paths]


def discover(sources: Iterable[Path]) -> list[Path]:
    """The raw ``*.txt`` files named or found under ``sources``, in file-name order."""
    found = set()
    for source in sources:
        if source.is_dir():
            found.update(
                path
                for path in source.rglob("*.txt")
                if path.is_file() and not path.name.startswith(".")
            )
        elif source.exists():
            found.add(source)
        else:
            raise FileNotFoundError(f"{source}: no such file or folder")
    return sorted(found, key=lambda path: (path.name, str(path)))


def read_index(out: Path) -> tuple[dict[str, IndexEntry], set[str]]:
    """Existing articles by raw file name, and every slug (file stem) in use under ``out``."""
    index: dict[str, IndexEntry] = {}
    slugs = {"index"}  # `index.md` would become the month's page, not an article
    for path in sorted(out.rglob("*.md")) if out.is_dir() else ():
        slugs.add(path.stem)
        text = path.read_text(encoding="utf-8", errors="replace")
        raw = document.read_raw_block(text)
        if raw is None:
            try:
                raw = document.loads(text, str(path)).metadata.get("raw")
            except ArticleError:
                match = re.search(r"^\s+file:\s*(\S+)\s*$", text, re.MULTILINE)
                raw = {"file": match[1]} if match else None
        if isinstance(raw, dict) and isinstance(raw.get("file"), str):
            index.setdefault(raw["file"], IndexEntry(path, raw))
    return index, slugs


class Conversion:
    """The per-file work, run inline or in a worker process (one instance per process)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tagger = Tagger(settings.vocabulary)
        self.now = datetime.now(settings.zone)

    def parse(self, path: Path, data: bytes, digest: str) -> Parsed | SourceError:
        try:
            article = parse_article(
                decode(data, str(path)), str(path), zone=self.settings.zone, raw_sha256=digest
            )
        except ArticleError as error:
            return error
        article = replace(article, tags=self.tagger.tags(article))
        fresh = document.from_article(article, self.settings.fingerprint)
        identity = tuple(
            curation.fingerprint(value)
            for value in (fresh.metadata["title"], fresh.metadata["date"], fresh.body)
        )
        warnings = ()
        if article.date > self.now + FUTURE_MARGIN:
            warnings = (
                ArticleError(
                    path,
                    None,
                    f"is dated {article.date:%Y-%m-%d %H:%M}, in the future; converted anyway.",
                    "Check the date in the header line.",
                ),
            )
        return Parsed(path, fresh, identity, warnings)

    def write(self, item: Parsed, target: Path, existing: bool) -> Outcome:
        outcome = Outcome(item.raw, "converted", target, warnings=list(item.warnings))
        try:
            old_text = target.read_text(encoding="utf-8") if existing else None
            old = None if old_text is None else document.loads(old_text, str(target))
            merged, conflicts = curation.merge(old, item.fresh)
            if errors := tag_errors(
                merged.metadata, target, old_text or "", self.settings.vocabulary
            ):
                raise errors[0]
        except (ArticleError, OSError) as error:
            return _failed(
                item.raw, error if isinstance(error, SourceError) else _io(target, error)
            )
        outcome.warnings.extend(_conflict(target, item.raw, name, old_text) for name in conflicts)
        text = document.dumps(merged)
        if text == old_text:
            outcome.status = "unchanged"
        elif not self.settings.check:
            try:
                write_atomically(target, text)
            except OSError as error:
                return _failed(item.raw, _io(target, error))
        return outcome


def write_atomically(target: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``target``, then rename it over ``target``."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
    data = text.encode("utf-8")
    try:
        try:
            temporary.write_bytes(data)
        except FileNotFoundError:  # a new month: its folder comes with its first article
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def new_slug(title: str, taken: set[str]) -> str:
    """A slug for ``title`` (transliterated, bounded), with ``-2``, ``-3``… if already taken."""
    base = slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True) or "article"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _place(
    item: Parsed, entry: IndexEntry | None, slugs: set[str], out: Path
) -> tuple[Parsed, Path, bool]:
    if entry is not None:
        slug, target = entry.path.stem, entry.path
    else:
        slug = new_slug(item.fresh.metadata["title"], slugs)
        date = item.fresh.metadata["date"]
        target = out / f"{date:%Y}" / f"{date:%m}" / f"{slug}.md"
    item.fresh.metadata["slug"] = slug
    return item, target, entry is not None


def _duplicate(item: Parsed, owner: str, target: Path | None) -> Outcome:
    where = f" ({target})" if target else ""
    warning = ArticleError(
        item.raw,
        None,
        f"is the same article as {owner}{where}: same title, date and text; not converted again.",
        "Remove one of the two raw files.",
    )
    return Outcome(item.raw, "duplicate", target, warnings=[warning])


def _conflict(target: Path, raw: Path, name: str, text: str | None) -> SourceError:
    return ArticleError(
        target,
        document.line_of(text or "", rf"^{name}:") if name != "body" else None,
        f"{name} was edited here and has also changed in {raw.name}; kept the edit.",
        "Compare the two and update the article by hand if the raw change matters.",
    )


def _same_name(path: Path, first: Path) -> ArticleError:
    return ArticleError(
        path,
        None,
        f"has the same file name as {first}; the name identifies the article.",
        "Rename one of the two raw files.",
    )


def _failed(path: Path, error: SourceError) -> Outcome:
    return Outcome(path, "failed", errors=[error])


def _io(path: Path, error: OSError) -> ArticleError:
    return ArticleError(
        path, None, f"cannot be read or written ({error}).", "Check its permissions and the disk."
    )


def _remove_temporary_files(out: Path) -> None:
    """Temporary files of a run that was killed before its renames."""
    if out.is_dir():
        for path in out.rglob(f".*{TEMPORARY_SUFFIX}"):
            path.unlink(missing_ok=True)


_worker: Conversion | None = None


def _start_worker(settings: Settings) -> None:
    global _worker
    _worker = Conversion(settings)


def _parse_task(task: tuple[Path, bytes, str]) -> Parsed | SourceError:
    assert _worker is not None
    try:
        return _worker.parse(*task)
    except Exception as error:  # a bug must fail one file, not the batch
        return _bug(task[0], error)


def _write_task(task: tuple[Parsed, Path, bool]) -> Outcome:
    assert _worker is not None
    try:
        return _worker.write(*task)
    except Exception as error:  # a bug must fail one file, not the batch
        return _failed(task[0].raw, _bug(task[0].raw, error))


def _bug(path: Path, error: Exception) -> ArticleError:
    return ArticleError(
        path,
        None,
        f"could not be converted ({type(error).__name__}: {error}).",
        "This is a bug in the converter: please report it with this raw file.",
    )


class _Runner:
    """Maps a task over items inline for small batches, else over a process pool, in order."""

    def __init__(self, settings: Settings, size: int) -> None:
        self.settings = settings
        self.parallel = settings.jobs > 1 and size >= INLINE_LIMIT
        self.pool: ProcessPoolExecutor | None = None
        self.size = size

    def __enter__(self) -> Callable[[Callable[[Any], Any], list[Any]], Iterator[Any]]:
        if self.parallel:
            self.pool = ProcessPoolExecutor(
                self.settings.jobs, initializer=_start_worker, initargs=(self.settings,)
            )
        else:
            _start_worker(self.settings)
        return self.map

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def map(self, task: Callable[[Any], Any], items: list[Any]) -> Iterator[Any]:
        if self.pool is None:
            results: Iterable[Any] = map(task, items)
        else:
            chunk = max(1, len(items) // (self.settings.jobs * 8))
            results = self.pool.map(task, items, chunksize=chunk)
        show = sys.stderr.isatty() and len(items) >= INLINE_LIMIT
        return iter(tqdm(results, total=len(items), disable=not show, unit="file", leave=False))
