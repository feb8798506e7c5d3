"""Properties over arbitrary input: only the documented error, and no text ever lost."""

import contextlib
import html.parser
import string
from zoneinfo import ZoneInfo

import markdown
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from commentary_archive import curation, document
from commentary_archive.article import ArticleError
from commentary_archive.decoding import decode
from commentary_archive.parse import parse_article

MINSK = ZoneInfo("Europe/Minsk")
# The Markdown extensions of mkdocs.yml, configured the same way.
EXTENSIONS = ["attr_list", "md_in_html", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}
HEADER = "12- 5.06.2025, 12:36\n- 23,448\n"

MARKDOWN_HEAVY = st.sampled_from(
    [
        *string.punctuation,
        *["- ", "* ", "1. ", "# ", "> ", "---", "|", "    ", "\t", "<b>", "&amp;", "{: .x }"],
        *["[^1]", "\u201c", "\u201d", "\u2014", "\u00ab", "\u00bb", "\u0416", "\u0451", " "],
    ]
)
# Any character but line breaks and control characters (those are tested above).
CHARACTERS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"
)
WORDS = st.text(CHARACTERS, min_size=1, max_size=8)
LINE = st.lists(st.one_of(MARKDOWN_HEAVY, WORDS), max_size=25).map("".join)


class PageText(html.parser.HTMLParser):
    """The visible text of a rendered page, without the permalink anchors of headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a" and ("class", "headerlink") in attrs:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_words(body: str) -> list[str]:
    parser = PageText()
    parser.feed(markdown.markdown(body, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS))
    return " ".join(parser.parts).split()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_article_errors(data):
    with contextlib.suppress(ArticleError):
        parse_article(decode(data, "a.txt"), "a.txt", zone=MINSK)


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_article_errors(text):
    with contextlib.suppress(ArticleError):
        parse_article(decode(text.encode("utf-8"), "a.txt"), "a.txt", zone=MINSK)


@settings(max_examples=300, deadline=None)
@given(title=LINE, lines=st.lists(LINE, min_size=1, max_size=8))
def test_every_word_of_the_raw_text_shows_on_the_page_and_reconverts_identically(title, lines):
    raw = f"{title or 'T'}\n{HEADER}\n" + "\n".join(lines)
    try:
        text = decode(raw.encode("utf-8"), "a.txt")
        article = parse_article(text, "a.txt", zone=MINSK)
    except ArticleError:
        event("article error")
        return
    fresh = document.from_article(article, "settings")
    merged, _ = curation.merge(None, fresh)
    written = document.loads(document.dumps(merged), "a.md")

    body_lines = text.split("\n\n", 1)[1].split("\n")
    if article.authors or article.source:
        body_lines = body_lines[:-1]  # the attribution, which went to the front matter
    assert page_words(written.body) == " ".join(body_lines).split()
    assert written.metadata["title"] == article.title
    assert written.metadata["description"] == article.lead
    again, conflicts = curation.merge(written, fresh)
    assert document.dumps(again) == document.dumps(merged)
    assert conflicts == []
