import re
from pathlib import Path

from commentary_archive.corpus import converted_corpus, generate_corpus

TAGS = Path(__file__).resolve().parents[1] / "tags.yml"

HEADER = re.compile(r"(\d*)- \d{1,2}\.\d{2}\.\d{4}, \d{2}:\d{2}")
VIEWS = re.compile(r"- \d{1,3}(,\d{3})*")


def test_same_seed_writes_the_same_files(tmp_path):
    first = generate_corpus(tmp_path / "a", 20, seed=7)
    second = generate_corpus(tmp_path / "b", 20, seed=7)
    other = generate_corpus(tmp_path / "c", 20, seed=8)

    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_articles_have_the_raw_shape(tmp_path):
    paths = generate_corpus(tmp_path, 200, seed=1)

    assert len(paths) == 200
    word_counts = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        assert not text.endswith("\n")
        assert lines[0].strip()
        assert HEADER.fullmatch(lines[1])
        blank = lines.index("")
        assert blank in (2, 3)
        if blank == 3:
            assert VIEWS.fullmatch(lines[2])
        assert all(line.strip() for line in lines[blank + 1 :])
        word_counts.append(len(text.split()))
    assert 600 < sum(word_counts) / len(word_counts) < 1000


def test_corpus_has_the_variants(tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in generate_corpus(tmp_path, 300, seed=2)]

    assert any(text.split("\n")[1].startswith("- ") for text in texts)
    assert any(text.split("\n")[1].startswith("0- ") for text in texts)
    assert any(not text.split("\n")[0].isascii() for text in texts)
    assert any(not text.rsplit("\n", 1)[1].endswith(".") for text in texts)
    assert any(" and " in text.rsplit("\n", 1)[1] for text in texts)
    assert sum("Lukashenko" in text for text in texts) > 30


def test_converted_corpus_is_converted_once_then_reused(tmp_path):
    articles = converted_corpus(tmp_path, 12, TAGS)
    written = sorted(articles.rglob("*.md"))
    stamps = [path.stat().st_mtime_ns for path in written]

    again = converted_corpus(tmp_path, 12, TAGS)

    assert again == tmp_path / "articles-12"
    assert len(written) == 12
    assert sorted(again.rglob("*.md")) == written
    assert [path.stat().st_mtime_ns for path in written] == stamps
