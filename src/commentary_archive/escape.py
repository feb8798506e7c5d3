"""Plain text to Markdown that shows every character literally, whatever the text contains.

The site renders Markdown with Python-Markdown (``attr_list``, ``md_in_html``, ``toc``). A line of
raw text must come out as exactly that text, never as a list, a heading, a link, emphasis, an
attribute list or raw HTML. So:

- ``&``, ``<`` and ``>`` become entities: raw HTML and autolinks never pass through, and an entity
  written in the raw text (``&amp;``) shows as written;
- each character Python-Markdown reads as inline syntax gets a backslash: `` \\ ` * _ { } [ ] # ``;
- what is structure only at the start of a line is escaped only there: ``-`` and ``+`` (lists,
  rules), ``1.`` (ordered lists), ``:`` (definition lists);
- surrounding whitespace is dropped, so indentation never makes a code block.

Typographic quotes, dashes and Cyrillic are left alone; ``(``, ``)``, ``!``, ``|`` and ``=`` need no
escape once the brackets are escaped and each paragraph is a single line.

>>> escape("- 1 * 2 = <b>2</b> & [link](x)")
'\\\\- 1 \\\\* 2 = &lt;b&gt;2&lt;/b&gt; &amp; \\\\[link\\\\](x)'
>>> escape("1. Not a list")
'1\\\\. Not a list'
"""

from __future__ import annotations

import re

ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
INLINE = re.compile(r"[\\`*_{}\[\]#&<>]")
LINE_START = re.compile(r"^(?:[-+]|\d+(?=\.)|:)")


def escape(text: str) -> str:
    """One line of raw text as Markdown that renders to the same text."""
    text = INLINE.sub(_escape_char, text.strip())
    match = LINE_START.match(text)
    if match is None:
        return text
    if match[0] == ":":
        return "&#58;" + text[1:]
    if match[0][0].isdigit():
        return match[0] + "\\" + text[match.end() :]
    return "\\" + text


def _escape_char(match: re.Match[str]) -> str:
    char = match[0]
    return ENTITIES.get(char) or "\\" + char
