"""Decoding and parsing stay linear on pathological raw files: python scripts/bench_parse.py.

Each input is a raw article with one pathological line (a long run of spaces, digits, dashes,
dots, commas or letters in the title, the header, the views line, the attribution or the body),
or bytes that push the decoder (many stray bytes, a legacy encoding). For each it times
``decode`` + ``parse_article`` at 100 KB and at 1 MB and prints seconds per MB at both sizes: the
two numbers stay about equal when the work is linear (a quadratic step makes the 1 MB figure ten
times the 100 KB one). Target: under 1 s per MB for every input. An ArticleError is an outcome
too (a 1 MB header line is refused): it is timed like a success.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from commentary_archive.article import ArticleError
from commentary_archive.decoding import decode
from commentary_archive.parse import parse_article

ZONE = ZoneInfo("Europe/Minsk")
TITLE = "A Title of Ordinary Length"
HEADER = "12- 5.06.2025, 12:36"
LEAD = "The lead, one ordinary sentence."
PARAGRAPH = (
    "An ordinary paragraph of a dozen words or more, written to fill the body of the article."
)
ATTRIBUTION = "Anna Example, eastwatch.example."
RUSSIAN_SENTENCE = "Минский горсовет снова обсудил цены на хлеб, и никто не удивился. "


def article(
    title: str = TITLE,
    header: str = HEADER,
    views: str | None = "- 23,448",
    body: str = PARAGRAPH,
    attribution: str = ATTRIBUTION,
) -> bytes:
    lines = [title, header, *([views] if views is not None else []), "", LEAD, body, attribution]
    return "\n".join(lines).encode("utf-8")


def with_body(body: bytes) -> bytes:
    """An article whose body paragraph is ``body``, bytes in any encoding."""
    return article(body="\0").replace(b"\0", body)


def run(size: int, unit: str) -> str:
    """``unit`` repeated to ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


# name → (size in bytes → raw file bytes)
PATHOLOGICAL: dict[str, Callable[[int], bytes]] = {
    "title: spaces": lambda n: article(title="T" + run(n, " ") + "x"),
    "title: spaces, then a date": lambda n: article(title="1" + run(n, " ") + "- 5.06.2025"),
    "title: digits": lambda n: article(title=run(n, "1")),
    "title: dashes": lambda n: article(title=run(n, "-")),
    "title: dots": lambda n: article(title=run(n, ".")),
    "title: date, then spaces": lambda n: article(title="5.06.2025," + run(n, " ") + "x"),
    "header: spaces before the date": lambda n: article(header="12-" + run(n, " ") + "5.06.2025"),
    "header: spaces after the date": lambda n: article(header="12- 5.06.2025" + run(n, " ") + "x"),
    "header: digits": lambda n: article(header=run(n, "1") + "- 5.06.2025"),
    "header: digits and commas": lambda n: article(header=run(n, "1,") + "- 5.06.2025"),
    "views: spaces": lambda n: article(views="-" + run(n, " ") + "x y"),
    "views: digits": lambda n: article(views="- " + run(n, "1")),
    "views: digit groups": lambda n: article(views="- " + run(n, "111 ") + "x"),
    "views: digits and commas": lambda n: article(views="- " + run(n, "1,")),
    "views: dashes": lambda n: article(views=run(n, "-")),
    "body: letters": lambda n: article(body=run(n, "a")),
    "body: words": lambda n: article(body=run(n, "word ")),
    "body: dots": lambda n: article(body=run(n, ".")),
    "body: short lines": lambda n: article(body=run(n, "Short line\n")),
    "attribution: spaces in the name": lambda n: article(
        attribution="Anna" + run(n, " ") + "Example, eastwatch.example."
    ),
    "attribution: commas": lambda n: article(attribution="Anna" + run(n, ",") + " Example."),
    "attribution: names": lambda n: article(attribution=run(n, "Anna Example and ") + "X."),
    "attribution: spaces after Source:": lambda n: article(
        attribution="Source:" + run(n, " ") + "x"
    ),
    "attribution: dots": lambda n: article(attribution="Anna Example" + run(n, ".")),
    "decode: stray bytes in UTF-8": lambda n: with_body(
        run(n // 4, "Suwa\u0142ki \u2014 ").encode().replace(b"\xe2\x80\x94", b"\x96", 20)
    ),
    "decode: 1% stray bytes in UTF-8": lambda n: with_body(
        run(n, "\u0416\u0443\u043a " * 33 + "\udc96").encode("utf-8", "surrogateescape")
    ),
    "decode: Windows-1251": lambda n: (
        article(body=run(n, RUSSIAN_SENTENCE)).decode().encode("cp1251")
    ),
    "decode: ASCII and one stray byte": lambda n: with_body(run(n, "a ").encode() + b"\x96"),
}


def seconds(data: bytes) -> float:
    start = time.perf_counter()
    try:
        text, _ = decode(data, "bench.txt")
        parse_article(text, "bench.txt", zone=ZONE)
    except ArticleError:
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated sizes in bytes")
    args = parser.parse_args()
    sizes = [int(text) for text in args.sizes.split(",")]
    print("seconds per MB (decode + parse), best of 3, at each size:")
    print(f"{'input':<36}" + "".join(f"{size // 1000:>10} KB" for size in sizes))
    worst = 0.0
    for name, make in PATHOLOGICAL.items():
        figures = []
        for size in sizes:
            data = make(size)
            best = min(seconds(data) for _ in range(3))
            figures.append(best / (len(data) / 1e6))
        worst = max(worst, *figures)
        print(f"{name:<36}" + "".join(f"{figure:>13.3f}" for figure in figures))
    print(f"worst: {worst:.3f} s per MB")


if __name__ == "__main__":
    main()
