import doctest
import html
import re

import markdown
import pytest

from commentary_archive import escape as escape_module
from commentary_archive.escape import escape

# The extensions of mkdocs.yml: the escaping must hold for exactly these.
EXTENSIONS = ["attr_list", "md_in_html", "toc"]


def rendered_text(source: str) -> str:
    page = markdown.markdown(source, extensions=EXTENSIONS)
    return html.unescape(re.sub(r"<[^>]+>", "", page)).strip()


HOSTILE = [
    "- a list item",
    "+ another",
    "* a star item",
    "# a heading",
    "## a heading ##",
    "> a quote",
    "1. ordered",
    "2024. A year at the start",
    "---",
    "***",
    "===",
    "| a | table |",
    "`code` and ``more``",
    "<b>bold</b> <script>alert(1)</script>",
    "<!-- a comment -->",
    "[link](http://example.org) and ![image](x.png)",
    "[ref]: http://example.org",
    "[^1] and [^1]: a footnote",
    "*[HTML]: abbreviation",
    "snake_case, *stars*, __dunder__ and 2*3*4",
    "&amp; &copy; &#169; & alone",
    ": a definition",
    "{: .lead } and {#id}",
    "text {: #id .cls }",
    "<http://example.org> and http://example.org",
    "a backslash \\ and \\*",
    "trailing backslash \\",
    "\u201cTypographic\u201d \u2014 dashes \u2013 and \u00abguillemets\u00bb",
    "!important (brackets) ~tilde~ ==mark== ^caret^ $math$",
    "<div markdown>inside</div>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_character_renders_literally(text):
    assert rendered_text(escape(text)) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_as_a_heading_too(text):
    page = markdown.markdown("## " + escape(text), extensions=EXTENSIONS)

    assert page.startswith("<h2")
    assert html.unescape(re.sub(r"<[^>]+>", "", page)).strip() == text


def test_indentation_and_surrounding_spaces_are_dropped():
    assert escape("    indented code?  ") == "indented code?"


def test_plain_text_stays_readable():
    text = "Ordinary prose, with commas (and brackets) - dashes, 12.5 percent and a question?"
    assert escape(text) == text


def test_docstring_examples():
    assert doctest.testmod(escape_module) == (0, 2)
