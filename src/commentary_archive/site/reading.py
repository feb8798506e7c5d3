"""The site's articles read into a catalog, one way for the plugin and the engine-free generator.

Both take the article files as MkDocs lists them (``Files``: hidden and excluded files left out),
read each with ``read_article`` (the plugin through its caches, which give what it gives), load
the vocabulary from the plugin's settings and build the ``Catalog``. So both refuse the same
files with the same messages, and warn of the same unknown tags in the same words as the
converter (``vocabulary.unknown_tag_error``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs.utils.meta import YAML_RE as FRONT_MATTER

from commentary_archive.errors import SourceError
from commentary_archive.site.catalog import Catalog
from commentary_archive.site.config import ArchiveConfig, vocabulary_path
from commentary_archive.site.entries import Entry, EntryError, read_entry
from commentary_archive.vocabulary import UnknownTagError, load_vocabulary, unknown_tag_error

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

ReadEntry = Callable[[str, str], Entry | None]
"""``read_entry`` or a cache of it: an article's path and text → its entry, None for a draft."""
ReadArticle = Callable[["File"], tuple[str, Entry | None]]
"""``read_article`` or a cache of it: an article file → its text and entry."""


class ArticlesError(ValueError):
    """Articles the site cannot read: every one of them, each message naming its file."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = errors
        super().__init__("cannot read articles:\n" + "\n".join(map(str, errors)))


@dataclass(frozen=True)
class LoadedCatalog:
    """What the site is made from: the catalog, and what it was built from."""

    catalog: Catalog
    entries: dict[str, Entry]
    """The published articles' entries by source path, in the order of the files."""
    texts: dict[str, str]
    """Every article's text by source path, drafts included."""
    problems: list[UnknownTagError]
    """Tags of published articles that the vocabulary lacks: warnings an editor can fix."""


def read_article(file: File, read: ReadEntry = read_entry) -> tuple[str, Entry | None]:
    """An article file's text as MkDocs reads it (UTF-8, a byte order mark dropped) and its entry
    (None for a draft)."""
    try:
        text = file.content_string
    except UnicodeDecodeError as error:
        raise EntryError(
            file.src_uri, None, f"is not UTF-8 text ({error.reason}).", "Save it as UTF-8."
        ) from error
    return text, read(file.src_uri, text)


def load_catalog(
    config: MkDocsConfig, archive: ArchiveConfig, files: Files, read: ReadArticle = read_article
) -> LoadedCatalog:
    """The catalog of the articles among ``files``: raise a VocabularyError if ``tags.yml`` is
    broken, an ArticlesError naming every article that cannot be read."""
    vocabulary = load_vocabulary(vocabulary_path(config, archive))
    prefix = archive.articles.strip("/") + "/"
    entries: dict[str, Entry] = {}
    texts: dict[str, str] = {}
    errors: list[SourceError] = []
    for file in files.documentation_pages():
        if not file.src_uri.startswith(prefix):
            continue
        try:
            text, entry = read(file)
        except SourceError as error:
            errors.append(error)
            continue
        texts[file.src_uri] = text
        if entry is not None:
            entries[file.src_uri] = entry
    if errors:
        raise ArticlesError(errors)
    catalog = Catalog(entries.values(), vocabulary)
    problems = [
        unknown_tag_error(entry.src_uri, tag, vocabulary, texts[entry.src_uri])
        for entry, tag in catalog.unknown_tags
    ]
    return LoadedCatalog(catalog, entries, texts, problems)


def without_front_matter(text: str) -> str:
    """The Markdown MkDocs renders of an article: its text after the front matter, exactly as
    MkDocs itself would cut it.

    >>> without_front_matter("---\\ntitle: A\\n---\\n\\nBody.\\n")
    'Body.\\n'
    """
    found = FRONT_MATTER.match(text)
    return text[found.end() :].lstrip("\n") if found else text
