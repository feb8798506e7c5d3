"""Build the site with an engine unless ``site/`` is already what the build would make: what
`make site` runs (``ENGINE=mkdocs``, ``properdocs`` or ``zensical``).

MkDocs and ProperDocs (a continuation of MkDocs 1.x) run the plugin; Zensical runs no plugins,
so ``commentary_archive.site.zensical`` prepares its sources and finishes its output.

A build is skipped when its inputs and its output are both as the last successful build left
them. The inputs are the build's fingerprint (the configuration as loaded with the environment
it reads, the theme's custom folder, the code and the versions it builds with: see
``cache.build_fingerprint``), the engine, Pagefind's version, the vocabulary, and every file
under ``docs/``
by path, size and modification time; the output is every file under ``site/`` by the same.

The inputs are read before MkDocs starts and recorded with the output only once the build has
succeeded, so a file saved during a build is seen as changed by the next one, a failed build is
never taken for a good one, and a file edited, added or removed in ``site/`` is rebuilt. With no
cache configured (``cache: ""``) every build runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from commentary_archive.site.cache import build_fingerprint, distribution_version
from commentary_archive.site.config import ArchiveConfig, cache_path, vocabulary_path

STAMP = "site.json"
ENGINES = ("mkdocs", "properdocs", "zensical")


def file_states(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under ``folder`` (links followed, as MkDocs follows them) as its path relative
    to ``folder``, its size and its modification time in nanoseconds, sorted by path."""
    states = []
    for parent, _, names in os.walk(folder, followlinks=True):
        for name in names:
            path = os.path.join(parent, name)
            try:
                status = os.stat(path)
            except OSError:  # a dangling link: MkDocs fails on it, so it must count as a change
                states.append((os.path.relpath(path, folder), -1, -1))
                continue
            states.append((os.path.relpath(path, folder), status.st_size, status.st_mtime_ns))
    return sorted(states)


def inputs_digest(config: MkDocsConfig, archive: ArchiveConfig, engine: str) -> str:
    """A digest of everything the site is built from (see the module's docstring)."""
    digest = hashlib.sha256(build_fingerprint(config, dict(archive)).encode())
    for name in (engine, "pagefind"):
        digest.update(f"{name} {distribution_version(name)}\0".encode())
    vocabulary = vocabulary_path(config, archive)
    digest.update(vocabulary.read_bytes() if vocabulary.is_file() else b"\0no vocabulary")
    digest.update(json.dumps(file_states(Path(config.docs_dir))).encode())
    return digest.hexdigest()


def outputs_digest(site: Path) -> str:
    """A digest of the files in ``site`` (none at all is a digest too: of an empty site)."""
    return hashlib.sha256(json.dumps(file_states(site)).encode()).hexdigest()


def build(config_file: str, engine: str = "mkdocs") -> int:
    """A strict build with ``engine`` unless the site is fresh; its exit code (0 when skipped)."""
    config = load_config(config_file, strict=True)
    archive = config.plugins["commentary-archive"].config
    site = Path(config.site_dir)
    folder = cache_path(config, archive)
    stamp = folder / STAMP if folder else None
    inputs = inputs_digest(config, archive, engine)
    if stamp and _recorded(stamp) == {"inputs": inputs, "site": outputs_digest(site)}:
        print(f"{site} is up to date: nothing changed since it was built.")
        return 0
    if stamp:
        stamp.unlink(missing_ok=True)
    code = run_engine(engine, config_file)
    if code == 0 and stamp:
        _record(stamp, {"inputs": inputs, "site": outputs_digest(site)})
    return code


def run_engine(engine: str, config_file: str) -> int:
    """Build once with ``engine``; its exit code."""
    if engine == "zensical":
        from commentary_archive.site import zensical

        return zensical.build(config_file)
    return subprocess.call(
        [sys.executable, "-m", engine, "build", "--strict", "--config-file", config_file]
    )


def _recorded(stamp: Path) -> object:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _record(stamp: Path, digests: dict[str, str]) -> None:
    """Write ``digests`` whole or not at all."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    temporary = stamp.with_name(f"{stamp.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(digests), encoding="utf-8")
    os.replace(temporary, stamp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/build_site.py",
        description="Build site/ with an engine (`mkdocs build --strict` by default), unless "
        "nothing changed since the last successful build.",
    )
    parser.add_argument("--config-file", default="mkdocs.yml", help="MkDocs config (mkdocs.yml)")
    parser.add_argument("--engine", choices=ENGINES, default="mkdocs", help="(mkdocs)")
    args = parser.parse_args(argv)
    return build(args.config_file, args.engine)
