"""A synthetic raw corpus in the real shape, for benchmarks and load tests; same seed, same files.

Each article: a title line; ``<comments>- <d.mm.yyyy>, <HH:MM>``; ``- <views>`` with a
thousands comma; a blank line; a one-line lead; one paragraph per line with a few short subheading
lines; a closing ``Author Name, outlet.`` line; no final newline. About one article in ten is in
Russian, and a few drop the comment count, the views line or the attribution, as real input does.
The words come from the package's own lists (``corpus_words.yml``), with the region's names
sprinkled in so tagging has something to find.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

import yaml

WORDS = yaml.safe_load(files("commentary_archive").joinpath("corpus_words.yml").read_text("utf-8"))
ENGLISH_WORDS, RUSSIAN_WORDS = WORDS["english"].split(), WORDS["russian"].split()
ENGLISH_NAMES, RUSSIAN_NAMES = WORDS["english_names"].split(), WORDS["russian_names"].split()
FIRST_NAMES, LAST_NAMES = WORDS["first_names"].split(), WORDS["last_names"].split()
OUTLETS = WORDS["outlets"]


def generate_corpus(out: Path, count: int, seed: int) -> list[Path]:
    """Write ``count`` raw articles into ``out``; return their paths in name order."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        path = out / f"{number:05d}_{rng.getrandbits(64):016x}.txt"
        path.write_text(generate_article(rng), encoding="utf-8", newline="")
        paths.append(path)
    return paths


def generate_article(rng: random.Random) -> str:
    """One raw article as text, drawn from ``rng``."""
    russian = rng.random() < 0.1
    words, names = (RUSSIAN_WORDS, RUSSIAN_NAMES) if russian else (ENGLISH_WORDS, ENGLISH_NAMES)
    lines = [_phrase(rng, words, names, rng.randint(4, 9)).title(), *_header(rng), ""]
    lines.append(_sentence(rng, words, names))
    for _section in range(rng.randint(0, 3)):
        lines.extend(_paragraph(rng, words, names) for _ in range(rng.randint(3, 5)))
        lines.append(_capitalized(_phrase(rng, words, names, rng.randint(2, 5))))
    lines.extend(_paragraph(rng, words, names) for _ in range(rng.randint(3, 5)))
    attribution = _attribution(rng)
    if attribution:
        lines.append(attribution)
    return "\n".join(lines)


def _header(rng: random.Random) -> list[str]:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2015, 2025)
    stamp = f"{day}.{month:02d}.{year}, {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    roll = rng.random()
    comments = "" if roll < 0.05 else "0" if roll < 0.15 else str(rng.randint(1, 400))
    header = [f"{comments}- {stamp}"]
    if rng.random() > 0.03:
        header.append(f"- {rng.randint(50, 250_000):,}")
    return header


def _attribution(rng: random.Random) -> str | None:
    roll = rng.random()
    author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    outlet = rng.choice(OUTLETS)
    if roll < 0.05:
        return None
    if roll < 0.10:
        return f"Source: {outlet}"
    if roll < 0.15:
        return f"{author} and {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, {outlet}."
    return f"{author}, {outlet}."


def _phrase(rng: random.Random, words: Sequence[str], names: Sequence[str], length: int) -> str:
    chosen = rng.choices(words, k=length)
    chosen[rng.randrange(length)] = rng.choice(names)
    return " ".join(chosen)


def _sentence(rng: random.Random, words: Sequence[str], names: Sequence[str]) -> str:
    return _capitalized(_phrase(rng, words, names, rng.randint(8, 22))) + rng.choice(".....?!")


def _paragraph(rng: random.Random, words: Sequence[str], names: Sequence[str]) -> str:
    return " ".join(_sentence(rng, words, names) for _ in range(rng.randint(3, 7)))


def _capitalized(text: str) -> str:
    return text[0].upper() + text[1:]


def converted_corpus(work: Path, count: int, tags: Path, seed: int = 1) -> Path:
    """``count`` synthetic articles converted into ``work/articles-<count>``; reused when present.

    The benchmarks share it, so each size is generated and converted once.
    """
    from commentary_archive import cli  # imported here: the converter never needs the corpus

    articles = work / f"articles-{count}"
    if articles.is_dir() and sum(1 for _ in articles.rglob("*.md")) >= count * 0.95:
        return articles
    raw = work / f"raw-{count}"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(articles, ignore_errors=True)
    generate_corpus(raw, count, seed)
    code = cli.main([str(raw), "--out", str(articles), "--tags", str(tags)])
    if code not in (0, 1):
        raise SystemExit(f"conversion of {count} synthetic articles failed (exit {code})")
    return articles
