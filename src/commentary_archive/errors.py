"""One error type for broken input: it says which file, which line, what was wrong and what to do.

Parsing and loading raise it; only the edges (the command line, the site plugin) print it.
"""

from __future__ import annotations

import reprlib
from datetime import date
from pathlib import Path
from typing import Any


class SourceError(ValueError):
    """Broken input at ``path:line``: ``problem`` says what is wrong, ``hint`` what to do."""

    def __init__(self, path: str | Path, line: int | None, problem: str, hint: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}" + (f" {self.hint}" if self.hint else "")

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, int | None, str, str]]:
        """Survive the trip back from a worker process with every attribute intact."""
        return type(self), (self.path, self.line, self.problem, self.hint)

    def github_annotation(self, level: str = "error") -> str:
        """The message as a GitHub Actions workflow command, so it shows on the file in a PR."""
        place = f"file={self.path}" + ("" if self.line is None else f",line={self.line}")
        text = str(self).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} {place}::{text}"


class _ShortRepr(reprlib.Repr):
    """Values as error messages quote them: cut short (a front matter value can be megabytes
    long, or a list nested a thousand deep), dates as they are written in YAML."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxlist, self.maxdict = 2, 3, 3
        self.maxstring = self.maxother = 60

    def repr_date(self, value: date, level: int) -> str:
        return value.isoformat()

    repr_datetime = repr_date


SHORT = _ShortRepr()


def shown(value: Any) -> str:
    """A value quoted for an error message, cut to a few dozen characters.

    >>> shown("x" * 100)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxx'"
    >>> shown([[1, 2, 3, 4], 5, 6, 7])
    '[[1, 2, 3, ...], 5, 6, ...]'
    """
    return SHORT.repr(value)
