"""Shared fixtures: the project's site built once, served on 127.0.0.1 under a sub-path, a browser.

The site is served under ``/REPO/`` the way GitHub Pages serves a project page, so every browser
test also proves that links, assets and the search bundle follow ``site_url``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "site" / "docs"
SUBPATH = "REPO"
CHROMIUM_CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
# Chromium must not phone home: this machine's network is closed, and readers' privacy is tested.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy_project(destination: Path) -> Path:
    """Copy what a site build reads (config, vocabulary, templates, docs) and the test articles."""
    destination.mkdir(parents=True, exist_ok=True)
    for config in ROOT.glob("*.yml"):
        shutil.copy2(config, destination / config.name)
    for folder in ("overrides", "docs"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, destination / folder, dirs_exist_ok=True)
    if FIXTURE_DOCS.is_dir():
        shutil.copytree(FIXTURE_DOCS, destination / "docs", dirs_exist_ok=True)
    return destination


def build_site(project: Path, site_dir: Path, site_url: str) -> subprocess.CompletedProcess[str]:
    """A strict MkDocs build like `make site` does, with ``site_url`` from the environment."""
    env = {**os.environ, "SITE_URL": site_url}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    served_root = tmp_path_factory.mktemp("served")
    site_dir = served_root / SUBPATH
    result = build_site(project, site_dir, f"http://127.0.0.1/{SUBPATH}/")
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site_dir


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like GitHub Pages: a missing path gets the site's 404 page, status 404."""

    site_dir: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found_page = self.site_dir / "404.html"
        if code != 404 or not not_found_page.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="session")
def serve_site() -> Iterator[Callable[[Path], str]]:
    """Serve built sites on 127.0.0.1 until the session ends, each under its folder's name
    (``/REPO/``): ``serve_site(site_dir)`` returns its URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(site_dir: Path) -> str:
        handler = type("SiteHandler", (PagesHandler,), {"site_dir": site_dir})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir.parent))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/{site_dir.name}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site: Path, serve_site: Callable[[Path], str]) -> str:
    return serve_site(built_site)


def find_chromium() -> str | None:
    """CHROMIUM_PATH, else a system Chromium or Chrome: the tests never download a browser."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = find_chromium()
    if executable is None:
        message = (
            "No Chromium found for the browser tests. Install one (Debian/Ubuntu: "
            "`sudo apt-get install chromium`; macOS: `brew install --cask chromium`) "
            "or set CHROMIUM_PATH to a Chromium or Chrome binary."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of ``page``; a test asserts it stays empty."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
