"""A conversion batch: raw files in, Markdown articles out — incremental, parallel and atomic.

1. Index every article in the output folder by the raw file it came from (``raw.file``), reading
   only its provenance block, and note every slug in use. An article that cannot be read is
   indexed with its error, so its raw file fails instead of getting a second article.
2. Skip each raw file whose bytes (sha256) and conversion settings (the vocabulary's phrases, the
   time zone, the format) are those recorded in its article: a no-op re-run writes nothing.
3. Parse, tag and render the rest, in worker processes for big batches.
4. In raw-file-name order (so the result never depends on ``--jobs``), decide each new raw name's
   identity against every article in the output folder (``Identities``), never only against the
   files named on this run: the same title, date and text as an article whose raw file is still
   in the inbox is a duplicate; as an article whose raw file is gone, a rename; the same title
   and date, or nearly the same text, as an article whose raw file is gone, a rename with edits.
   Where two articles could be meant, the file fails naming both. New articles get a slug
   (``-2``, ``-3`` on collisions) and a path ``YYYY/MM/<slug>.md``; an article keeps both forever.
5. Merge each into the curator's current file (``curation``) and write it through a temporary
   file and a rename, so a killed run leaves whole files only and the next run finishes the job.

Errors never stop the batch: each becomes a failed file in the report.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from slugify import slugify
from tqdm import tqdm

from commentary_archive import curation, document
from commentary_archive.article import ArticleError
from commentary_archive.decoding import decode
from commentary_archive.errors import SourceError
from commentary_archive.parse import DateBounds, parse_article
from commentary_archive.tagging import Tagger
from commentary_archive.vocabulary import Vocabulary, tag_errors

FORMAT_VERSION = "1"
SLUG_MAX_LENGTH = 80
INLINE_LIMIT = 200  # below this many files, worker processes cost more than they save
FUTURE_MARGIN = timedelta(days=1)
TEMPORARY_SUFFIX = ".tmp"
SIMILAR_TEXT = 85  # rapidfuzz ratio (0-100) from which two bodies are one article, lightly edited
MIN_SHARED = 40  # characters a paragraph needs to link two articles for a text comparison
IDENTITY_FIELDS = ("title", "date", "description", "body")  # the body holds the lead too

Status = Literal["converted", "unchanged", "duplicate", "failed", "orphaned"]


class MissingSourceError(Exception):
    """A raw file or folder named on the command line does not exist."""


@dataclass(frozen=True)
class Settings:
    """Everything a batch needs besides the files."""

    out: Path
    vocabulary: Vocabulary
    zone: ZoneInfo
    force: bool = False
    check: bool = False
    jobs: int = 1
    inbox: Path | None = None
    """The raw inbox: an article whose raw file is not in it (nor among the sources) is orphaned."""
    earliest_year: int = 1900
    days_ahead: int = 366
    """Dates before ``earliest_year`` or more than ``days_ahead`` days from today are refused."""

    @functools.cached_property
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
    """An existing article, as far as a batch needs to know it; ``error`` if it cannot be read."""

    path: Path
    raw: dict[str, Any]
    error: SourceError | None = None

    @property
    def identity(self) -> tuple[str, ...] | None:
        fields = self.raw.get("fields")
        if not isinstance(fields, dict):
            return None
        return tuple(str(fields.get(name)) for name in IDENTITY_FIELDS)


@dataclass
class Index:
    """Every article in the output folder: by raw file name, the slugs in use, and the articles
    that cannot be read and name no raw file (they block a new article at their path)."""

    entries: dict[str, IndexEntry] = field(default_factory=dict)
    slugs: set[str] = field(default_factory=lambda: {"index"})  # `index.md`: a month's page
    unowned: dict[Path, SourceError] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    """A raw file turned into a fresh document, still without its slug."""

    raw: Path
    fresh: document.Document
    identity: tuple[str, ...]
    warnings: tuple[SourceError, ...]


def convert(sources: Iterable[Path], settings: Settings) -> list[Outcome]:
    """Convert every raw file under ``sources``; one Outcome per file, in raw-name order.

    When a folder is converted, articles whose raw file is in no folder of the run or the inbox
    are reported as ``orphaned`` (kept, with a warning), after the raw files.
    """
    sources = list(sources)
    raw_paths = discover(sources)
    if not settings.check:
        _remove_temporary_files(settings.out)
    index = read_index(settings.out)
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
        entry = index.entries.get(path.name)
        if entry is not None and entry.error is not None:
            outcomes[path] = _failed(path, entry.error)
        elif (
            entry is not None
            and not settings.force
            and entry.raw.get("sha256") == digest
            and entry.raw.get("settings") == settings.fingerprint
        ):
            outcomes[path] = Outcome(path, "unchanged", entry.path)
        else:
            pending.append((path, data, digest))

    identities = Identities(index, inbox_names(sources, raw_paths, settings.inbox), settings.out)
    with _Runner(settings, len(pending)) as run:
        writes = []
        for (path, _, _), result in zip(pending, run(_parse_task, pending), strict=True):
            if isinstance(result, SourceError):
                outcomes[path] = _failed(path, result)
                continue
            decision: IndexEntry | Outcome | tuple[Parsed, Path, bool] | None
            decision = identities.decide(result)
            if not isinstance(decision, Outcome):
                decision = _place(result, decision, index, settings.out)
            if isinstance(decision, Outcome):
                outcomes[path] = decision
            else:
                writes.append(decision)
                identities.record(result, decision[1])
        for outcome in run(_write_task, writes):
            outcomes[outcome.raw] = outcome
    orphans = identities.orphans() if any(source.is_dir() for source in sources) else []
    return [outcomes[path] for path in raw_paths] + orphans


def discover(sources: Iterable[Path]) -> list[Path]:
    """The raw ``*.txt`` files named or found under ``sources``, in file-name order."""
    found: set[Path] = set()
    for source in sources:
        if source.is_dir():
            found.update(_raw_files(source))
        elif source.exists():
            found.add(source)
        else:
            raise MissingSourceError(f"{source}: no such file or folder")
    return sorted(found, key=lambda path: (path.name, str(path)))


def inbox_names(sources: Iterable[Path], raw_paths: Iterable[Path], inbox: Path | None) -> set[str]:
    """The name of every raw file that exists now: in the inbox, the folders converted and the
    folders of the files converted. An article whose raw file is not among them is an orphan."""
    converted = {source.resolve() for source in sources if source.is_dir()}
    folders = {source.parent for source in sources if not source.is_dir()}
    if inbox is not None and inbox.is_dir():
        folders.add(inbox)
    names = {path.name for path in raw_paths}
    for folder in folders:
        if folder.resolve() in converted:
            continue  # its files are among raw_paths already
        names.update(path.name for path in _raw_files(folder))
    return names


def _raw_files(folder: Path) -> Iterator[Path]:
    return (
        path for path in folder.rglob("*.txt") if path.is_file() and not path.name.startswith(".")
    )


RAW_FILE_LINE = re.compile(r"^[ ]+file:[ ]*(?P<q>['\"]?)(?P<name>.+?)(?P=q)[ ]*$", re.MULTILINE)


def read_index(out: Path) -> Index:
    """Every article under ``out``: by raw file name, with every slug (file stem) in use.

    An article whose front matter is broken is still indexed under the raw file its ``raw:``
    block names, with the error; one whose raw file cannot be told, or that cannot be read at
    all (a dangling link), is kept in ``unowned``. Anything else named ``*.md`` (a folder) only
    takes its slug.
    """
    index = Index()
    for path in sorted(out.rglob("*.md")) if out.is_dir() else ():
        index.slugs.add(path.stem)
        if path.is_dir():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            index.unowned[path] = _io(path, error)
            continue
        raw, problem = document.read_raw_block(text), None
        if raw is None:
            try:
                raw = document.loads(text, str(path)).metadata.get("raw")
            except ArticleError as error:
                match = RAW_FILE_LINE.search(text)
                raw, problem = ({"file": match["name"]} if match else None), error
        if isinstance(raw, dict) and isinstance(raw.get("file"), str):
            index.entries.setdefault(raw["file"], IndexEntry(path, raw, problem))
        elif problem is not None:
            index.unowned[path] = problem
    return index


class Identities:
    """Decides, in raw-name order, which article a converted raw file is (see the module's 4.).

    Two articles are alike when they share two of title, date and lead, or nearly their text.
    Everything is looked up in dictionaries, and texts are compared only between articles that
    share a paragraph word for word and are dated within a month of each other (an article folder
    is read when a raw file of its month or a neighbouring one is new), so a batch stays linear.
    """

    def __init__(self, index: Index, alive: set[str], out: Path) -> None:
        self.entries = dict(index.entries)
        self.alive = alive
        self.out = out
        self.claimed: set[str] = set()  # raw names whose article a new name took over
        self.owners: dict[tuple[str, ...], str] = {}  # exact identity → raw name
        self.alike: dict[tuple[str, ...], list[str]] = {}  # two of title, date, lead → raw names
        self.paths = {name: entry.path for name, entry in self.entries.items()}
        self.names = {entry.path: name for name, entry in self.entries.items()}
        self.bodies: dict[Path, str] = {}  # article → body, for the months read so far
        self.sharing: dict[int, set[Path]] = {}  # hash of a paragraph → articles holding it
        self.months_read: set[Path] = set()
        self.folders: dict[Path, list[Path]] = {}  # month folder → its articles
        for name, entry in self.entries.items():
            self.folders.setdefault(entry.path.parent, []).append(entry.path)
            if entry.identity:
                self._remember(name, entry.identity)

    def decide(self, item: Parsed) -> IndexEntry | Outcome | None:
        """The article ``item`` updates, None for a new one, or the Outcome that ends it."""
        name = item.raw.name
        entry = self.entries.get(name)
        if entry is not None:
            return entry
        owner = self.owners.get(item.identity, name)
        if owner != name:
            if self._orphaned(owner):
                return self._take_over(name, owner)
            return _duplicate(item, owner, self.paths.get(owner))
        alike = [other for key in _alike_keys(item.identity) for other in self.alike.get(key, ())]
        candidates = [o for o in dict.fromkeys([*alike, *self._similar(item)]) if o != name]
        if len(candidates) == 1 and self._orphaned(candidates[0]):
            return self._take_over(name, candidates[0])
        if candidates:
            return _failed(item.raw, self._ambiguous(item, candidates))
        return None

    def record(self, item: Parsed, target: Path) -> None:
        """``item`` is written to ``target``: later files of the batch are compared with it too."""
        name = item.raw.name
        if name in self.entries:
            return
        self.paths[name], self.names[target] = target, name
        self._remember(name, item.identity)
        if target.parent in self.months_read:
            self._add_body(target, item.fresh.body)

    def orphans(self) -> list[Outcome]:
        """Articles whose raw file is gone and that no raw file took over."""
        return [
            Outcome(
                Path(name),
                "orphaned",
                entry.path,
                warnings=[
                    ArticleError(
                        entry.path,
                        None,
                        f"was converted from {name}, which is no longer in the raw inbox; "
                        "the article is kept as it is.",
                        "Put the raw file back (renamed if need be), or delete the article "
                        "if it should go.",
                    )
                ],
            )
            for name, entry in sorted(self.entries.items())
            if self._orphaned(name)
        ]

    def _orphaned(self, name: str) -> bool:
        return name in self.entries and name not in self.alive and name not in self.claimed

    def _remember(self, name: str, identity: tuple[str, ...]) -> None:
        self.owners.setdefault(identity, name)
        for key in _alike_keys(identity):
            self.alike.setdefault(key, []).append(name)

    def _take_over(self, name: str, owner: str) -> IndexEntry:
        """A raw file renamed (and maybe edited): its article now answers to the new name."""
        entry = self.entries.pop(owner)
        self.claimed.add(owner)
        self.entries[name] = entry
        self.paths[name], self.names[entry.path] = entry.path, name
        if entry.identity:
            self.owners[entry.identity] = name
            for key in _alike_keys(entry.identity):
                names = self.alike[key]
                names[names.index(owner)] = name
        return entry

    def _similar(self, item: Parsed) -> list[str]:
        """Raw names of the articles within a month of ``item`` whose text is nearly its text."""
        written = item.fresh.metadata["date"]
        for step in (-1, 0, 1):
            year, month = divmod(written.year * 12 + written.month - 1 + step, 12)
            self._read_month(self.out / f"{year:04d}" / f"{month + 1:02d}")
        body = item.fresh.body
        shared = {
            path
            for paragraph in _paragraphs(body)
            for path in self.sharing.get(hash(paragraph), ())
        }
        return [
            self.names[path]
            for path in sorted(shared)
            if path in self.names
            and fuzz.ratio(self.bodies[path], body, score_cutoff=SIMILAR_TEXT) > 0
        ]

    def _read_month(self, folder: Path) -> None:
        if folder in self.months_read:
            return
        self.months_read.add(folder)
        for path in self.folders.get(folder, ()):
            entry = self.entries.get(self.names[path])
            if entry is None or entry.error is not None:
                continue
            try:
                self._add_body(path, document.read_body(path.read_text(encoding="utf-8")))
            except OSError:
                continue

    def _add_body(self, path: Path, body: str) -> None:
        self.bodies[path] = body
        for paragraph in _paragraphs(body):
            self.sharing.setdefault(hash(paragraph), set()).add(path)

    def _ambiguous(self, item: Parsed, candidates: list[str]) -> ArticleError:
        described = "; ".join(
            f"{self.paths[other]} (from {other}, "
            + ("no longer in the inbox)" if self._orphaned(other) else "still in the inbox)")
            for other in candidates
        )
        return ArticleError(
            item.raw,
            None,
            "has two of the title, date and lead, or nearly the text, of an article already "
            f"converted: {described}. Not converted, so that no article is written twice.",
            "If it replaces that article's raw file, remove the old raw file (or give this one "
            "its name); if it is another article, make its title or date differ.",
        )


def _paragraphs(body: str) -> list[str]:
    """The body's paragraphs long enough to tell one article from another."""
    return [paragraph for paragraph in body.split("\n\n") if len(paragraph) >= MIN_SHARED]


def _alike_keys(identity: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Keys under which two articles that share two of title, date and lead meet."""
    title, date_, lead = identity[:3]
    return [("title+date", title, date_), ("title+lead", title, lead), ("date+lead", date_, lead)]


class Conversion:
    """The per-file work, run inline or in a worker process (one instance per process)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tagger = Tagger(settings.vocabulary)
        self.now = datetime.now(settings.zone)
        self.bounds = DateBounds(
            earliest=date(settings.earliest_year, 1, 1),
            latest=(self.now + timedelta(days=settings.days_ahead)).date(),
        )

    def parse(self, path: Path, data: bytes, digest: str) -> Parsed | SourceError:
        try:
            decoded = decode(data, str(path))
            article = parse_article(
                decoded.text,
                str(path),
                zone=self.settings.zone,
                raw_sha256=digest,
                bounds=self.bounds,
            )
        except ArticleError as error:
            return error
        article = replace(article, tags=self.tagger.tags(article))
        fresh = document.from_article(article, self.settings.fingerprint)
        identity = tuple(
            curation.fingerprint(fresh.body if name == "body" else fresh.metadata[name])
            for name in IDENTITY_FIELDS
        )
        warnings = (*decoded.warnings, *article.warnings)
        if article.date > self.now + FUTURE_MARGIN:
            warnings += (
                ArticleError(
                    path,
                    None,
                    f"is dated {article.date:%Y-%m-%d}, in the future; converted anyway.",
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
        except (SourceError, OSError) as error:
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


def slug_base(title: str) -> str:
    """``title`` transliterated to a bounded slug."""
    return slugify(title, max_length=SLUG_MAX_LENGTH, word_boundary=True) or "article"


def new_slug(title: str, taken: set[str]) -> str:
    """A slug for ``title`` (transliterated, bounded), with ``-2``, ``-3``… if already taken."""
    base = slug_base(title)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _place(
    item: Parsed, entry: IndexEntry | None, index: Index, out: Path
) -> tuple[Parsed, Path, bool] | Outcome:
    """Where ``item`` is written: its article's file, or a new path (if no unreadable article
    stands where the new one would go: that one may be this raw file's, its owner unknown)."""
    if entry is not None:
        slug, target = entry.path.stem, entry.path
    else:
        written = item.fresh.metadata["date"]
        folder = out / f"{written:%Y}" / f"{written:%m}"
        blocking = index.unowned.get(folder / f"{slug_base(item.fresh.metadata['title'])}.md")
        if blocking is not None:
            return _failed(item.raw, blocking)
        slug = new_slug(item.fresh.metadata["title"], index.slugs)
        target = folder / f"{slug}.md"
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
    """Temporary files of a run that was killed before its renames (one that cannot be removed,
    in a read-only folder, is harmless: no reader looks at it)."""
    if out.is_dir():
        for path in out.rglob(f".*{TEMPORARY_SUFFIX}"):
            with contextlib.suppress(OSError):
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


@functools.cache
def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a server process that has imported the converter: as quick to start
    as a plain fork, which Python warns may deadlock a process with threads (tqdm's monitor)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


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
                self.settings.jobs,
                mp_context=_worker_context(),
                initializer=_start_worker,
                initargs=(self.settings,),
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
