"""Which of the theme's files the site ships, and the names templates know them by.

Shared by the plugin, which filters MkDocs' files, and the Zensical build, which ships Material's
files as MkDocs would (Zensical has its own, which the site does not use).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Theme files no page of ours loads: Material's own search (we use Pagefind) and source maps.
UNUSED_THEME_FILES = re.compile(r"assets/javascripts/(lunr|workers)/|\.map$")
# Material's stylesheets and script carry a hash of their content in their names, new with each
# version of Material: `assets/stylesheets/main.57a0d79d.min.css` is `main.min.css` to templates.
HASHED_THEME_ASSET = re.compile(r"(assets/\w+/\w+)\.[0-9a-f]{8}(\.min\.(?:css|js))")
# The line naming a script's source map, which the site leaves out.
SOURCE_MAP_LINE = re.compile(r"^//# sourceMappingURL=.*\n?", re.MULTILINE)


def is_shipped(src_uri: str) -> bool:
    """Whether the theme file ``src_uri`` goes into the site.

    >>> is_shipped("assets/javascripts/bundle.a5f9d56c.min.js")
    True
    >>> is_shipped("assets/javascripts/lunr/min/lunr.de.min.js"), is_shipped("x.min.js.map")
    (False, False)
    """
    return not UNUSED_THEME_FILES.search(src_uri)


def without_source_map(text: str) -> str:
    """A script without the line naming its source map (left out of the site), so that no
    browser asks for a file that is not there.

    >>> without_source_map("f();\\n//# sourceMappingURL=bundle.js.map\\n")
    'f();\\n'
    """
    return SOURCE_MAP_LINE.sub("", text)


def hashed_assets(src_uris: Iterable[str]) -> dict[str, str]:
    """The theme's hashed files by the names templates use, the hash left out.

    >>> hashed_assets(["assets/stylesheets/main.57a0d79d.min.css", "assets/archive.css"])
    {'assets/stylesheets/main.min.css': 'assets/stylesheets/main.57a0d79d.min.css'}
    """
    return {
        match[1] + match[2]: src_uri
        for src_uri in src_uris
        if (match := HASHED_THEME_ASSET.fullmatch(src_uri))
    }
