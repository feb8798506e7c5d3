"""What the benchmarks share: a checkout of the project around a corpus, and the browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def project_around(articles: Path, project: Path, search: bool, raw: Path | None = None) -> Path:
    """``project`` made afresh as a checkout of this project whose docs/articles (and raw/, if
    given) are the corpus's: the real docs pages, config, vocabulary and templates."""
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("articles"))
    (project / "docs" / "articles").symlink_to(articles.resolve(), target_is_directory=True)
    if raw is not None:
        (project / "raw").symlink_to(raw.resolve(), target_is_directory=True)
    shutil.copy2(ROOT / "tags.yml", project / "tags.yml")
    (project / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    config = f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
    if not search:
        config += "plugins:\n  - commentary-archive:\n      search: false\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def launch_chromium(playwright: Any) -> Any:
    """Headless Chromium: CHROMIUM_PATH, else the system's `chromium`."""
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "chromium"
    return playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
