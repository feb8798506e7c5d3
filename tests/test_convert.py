import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from commentary_archive import convert as convert_module
from commentary_archive import document
from commentary_archive.convert import Settings, convert, new_slug
from commentary_archive.corpus import generate_corpus
from commentary_archive.vocabulary import load_vocabulary

FIXTURES = Path(__file__).parent / "fixtures"
TAGS = FIXTURES / "tags.yml"
STANDARD = (FIXTURES / "raw" / "standard.txt").read_text(encoding="utf-8")
GOLDEN = FIXTURES / "converted" / "2025" / "06" / "minsk-counts-the-cost-of-the-summer-harvest.md"


def settings(out: Path, **changes) -> Settings:
    values = {
        "out": out,
        "vocabulary": load_vocabulary(TAGS),
        "zone": ZoneInfo("Europe/Minsk"),
    }
    return Settings(**(values | changes))


def article(title: str, header: str = "3- 7.10.2024, 09:05", lead: str = "A lead.") -> str:
    return "\n".join(
        [
            title,
            header,
            "- 1,000",
            "",
            lead,
            "A paragraph long enough to follow a subheading, with twelve words or more in it.",
            "Anna Example, eastwatch.example.",
        ]
    )


@pytest.fixture
def tree(tmp_path):
    """A raw inbox and an (empty) articles folder."""
    raw = tmp_path / "raw"
    raw.mkdir()
    return raw, tmp_path / "docs" / "articles"


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_golden_conversion(tree):
    raw, out = tree
    shutil.copy(FIXTURES / "raw" / "standard.txt", raw / "001_standard.txt")

    [outcome] = convert([raw], settings(out))

    assert outcome.status == "converted"
    assert outcome.markdown == out / GOLDEN.relative_to(FIXTURES / "converted")
    assert outcome.markdown.read_bytes() == GOLDEN.read_bytes()


def test_second_run_writes_nothing(tree, monkeypatch):
    raw, out = tree
    for number in range(3):
        (raw / f"00{number}.txt").write_text(article(f"Title {number}"), encoding="utf-8")
    convert([raw], settings(out))
    before = snapshot(out)
    monkeypatch.setattr(convert_module, "write_atomically", pytest.fail)

    outcomes = convert([raw], settings(out))

    assert [o.status for o in outcomes] == ["unchanged"] * 3
    assert snapshot(out) == before


def test_force_rewrites_nothing_when_output_is_the_same(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Title"), encoding="utf-8")
    convert([raw], settings(out))
    before = snapshot(out)

    [outcome] = convert([raw], settings(out, force=True))

    assert outcome.status == "unchanged"
    assert snapshot(out) == before


def test_check_writes_nothing_and_reports_what_would_change(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Title A"), encoding="utf-8")
    (raw / "b.txt").write_text(article("Title B"), encoding="utf-8")
    convert([raw], settings(out))
    assert [o.status for o in convert([raw], settings(out, check=True))] == ["unchanged"] * 2

    (raw / "b.txt").write_text(article("Title B", lead="A new lead."), encoding="utf-8")
    (raw / "c.txt").write_text(article("Title C"), encoding="utf-8")
    before = snapshot(out)
    outcomes = convert([raw], settings(out, check=True))

    assert [o.status for o in outcomes] == ["unchanged", "converted", "converted"]
    assert snapshot(out) == before


def test_curation_round_trip(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Minsk Harvest", lead="Minsk counts."), encoding="utf-8")
    [first] = convert([raw], settings(out))
    path = first.markdown
    curated = document.loads(path.read_text(encoding="utf-8"), str(path))
    assert curated.metadata["tags"] == ["minsk", "harvest"]
    curated.metadata.update(
        title="Minsk Counts Its Harvest",
        authors=["Anna Example-Corrected"],
        description="A curated description.",
        tags=["belarus", "minsk"],
        draft=True,
        featured=True,
    )
    curated = document.Document(curated.metadata, curated.body + "\n\nA curator's note.")
    path.write_text(document.dumps(curated), encoding="utf-8")

    changed = article("Minsk Harvest", "40- 7.10.2024, 09:05", lead="Minsk counts.")
    (raw / "a.txt").write_text(changed.replace("1,000", "2,500"), encoding="utf-8")
    [second] = convert([raw], settings(out))
    result = document.loads(path.read_text(encoding="utf-8"), str(path))

    assert second.status == "converted"
    assert second.warnings == []
    assert result.metadata["comments"] == 40
    assert result.metadata["views"] == 2500
    for key in ("title", "authors", "description", "tags", "draft", "featured"):
        assert result.metadata[key] == curated.metadata[key]
    assert result.body == curated.body
    assert convert([raw], settings(out, force=True))[0].status == "unchanged"


def test_curator_and_raw_both_changed_keeps_the_edit_and_warns(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Old Title"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    text = first.markdown.read_text(encoding="utf-8")
    first.markdown.write_text(text.replace("title: Old Title", "title: Curated Title"), "utf-8")
    (raw / "a.txt").write_text(article("New Raw Title"), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert outcome.markdown == first.markdown
    [warning] = outcome.warnings
    assert warning.path == str(first.markdown)
    assert warning.line == 2
    assert "title was edited here and has also changed in a.txt" in str(warning)
    assert "title: Curated Title\n" in first.markdown.read_text(encoding="utf-8")


def test_slug_and_path_stay_when_the_title_changes(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("First Title"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    (raw / "a.txt").write_text(article("Second Title", "3- 9.11.2025, 10:00"), encoding="utf-8")

    [second] = convert([raw], settings(out))

    assert second.markdown == first.markdown == out / "2024/10/first-title.md"
    metadata = document.loads(second.markdown.read_text(encoding="utf-8"), "a.md").metadata
    assert (metadata["title"], metadata["slug"]) == ("Second Title", "first-title")
    assert metadata["date"].isoformat() == "2025-11-09T10:00:00+03:00"
    assert [p.name for p in out.rglob("*.md")] == ["first-title.md"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_title_on_other_dates_gets_numbered_slugs_in_raw_name_order(tree, monkeypatch, jobs):
    monkeypatch.setattr(convert_module, "INLINE_LIMIT", 0)
    raw, out = tree
    (raw / "b.txt").write_text(article("Same Title", "1- 2.01.2025, 10:00"), encoding="utf-8")
    (raw / "a.txt").write_text(article("Same Title", "1- 1.02.2025, 10:00"), encoding="utf-8")
    (raw / "c.txt").write_text(article("Same Title", "1- 3.01.2025, 10:00"), encoding="utf-8")

    outcomes = convert([raw], settings(out, jobs=jobs))

    assert [o.markdown.relative_to(out).as_posix() for o in outcomes] == [
        "2025/02/same-title.md",
        "2025/01/same-title-2.md",
        "2025/01/same-title-3.md",
    ]


def test_new_slug_transliterates_and_bounds_length():
    taken: set[str] = set()
    assert (
        new_slug("Почему Минск снова считает урожай", taken)
        == "pochemu-minsk-snova-schitaet-urozhai"
    )
    assert len(new_slug("word " * 100, taken)) <= 80
    assert new_slug("!!!", taken) == "article"
    assert new_slug("!!!", taken) == "article-2"


def test_same_article_under_two_raw_names_becomes_one(tree):
    raw, out = tree
    text = article("Twice Told")
    (raw / "001_a.txt").write_text(text, encoding="utf-8")
    (raw / "002_b.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))

    first, second = convert([raw], settings(out))

    assert (first.status, second.status) == ("converted", "duplicate")
    assert second.markdown == first.markdown
    [warning] = second.warnings
    assert "002_b.txt" in str(warning)
    assert "same article as 001_a.txt" in str(warning)
    assert [p.name for p in out.rglob("*.md")] == ["twice-told.md"]
    before = snapshot(out)
    assert [o.status for o in convert([raw], settings(out))] == ["unchanged", "duplicate"]
    assert snapshot(out) == before


def test_broken_files_fail_alone(tree):
    raw, out = tree
    (raw / "01_empty.txt").write_text("  \n", encoding="utf-8")
    (raw / "02_binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (raw / "03_title.txt").write_text("Only a Title", encoding="utf-8")
    (raw / "04_date.txt").write_text(article("Bad Date", "1- 31.02.2025, 10:00"), "utf-8")
    (raw / "05_count.txt").write_text(article("Bad Count", "x- 1.02.2025, 10:00"), "utf-8")
    (raw / "06_good.txt").write_text(article("Good"), encoding="utf-8")

    outcomes = convert([raw], settings(out))

    assert [o.status for o in outcomes] == ["failed"] * 5 + ["converted"]
    lines = [(Path(o.errors[0].path).name, o.errors[0].line) for o in outcomes[:5]]
    assert lines == [
        ("01_empty.txt", 1),
        ("02_binary.txt", 1),
        ("03_title.txt", 1),
        ("04_date.txt", 2),
        ("05_count.txt", 2),
    ]


def test_future_date_converts_with_a_warning(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Ahead", "1- 1.02.2999, 10:00"), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert outcome.status == "converted"
    [warning] = outcome.warnings
    assert "is dated 2999-02-01 10:00, in the future" in str(warning)


def test_unknown_tag_in_an_article_is_an_error_with_a_suggestion(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Minsk Harvest"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    text = first.markdown.read_text(encoding="utf-8")
    first.markdown.write_text(text.replace("- harvest\n", "- harvset\n"), encoding="utf-8")

    [outcome] = convert([raw], settings(out, force=True))

    assert outcome.status == "failed"
    [error] = outcome.errors
    assert (error.path, error.line) == (
        str(first.markdown),
        text.split("\n").index("- harvest") + 1,
    )
    assert "tag 'harvset', which is not in the tag vocabulary" in str(error)
    assert "Did you mean 'harvest'?" in str(error)


def test_a_changed_vocabulary_retags(tree, tmp_path):
    raw, out = tree
    (raw / "a.txt").write_text(article("Minsk Harvest"), encoding="utf-8")
    convert([raw], settings(out))
    smaller = tmp_path / "tags.yml"
    smaller.write_text(TAGS.read_text(encoding="utf-8").split("  harvest:")[0], encoding="utf-8")

    [outcome] = convert([raw], settings(out, vocabulary=load_vocabulary(smaller)))

    assert outcome.status == "converted"
    assert "tags:\n- minsk\nlang:" in outcome.markdown.read_text(encoding="utf-8")


def test_editing_tag_names_or_descriptions_rewrites_nothing(tree, tmp_path):
    raw, out = tree
    (raw / "a.txt").write_text(article("Minsk Harvest"), encoding="utf-8")
    convert([raw], settings(out))
    renamed = tmp_path / "tags.yml"
    text = TAGS.read_text(encoding="utf-8").replace("name: Minsk", "name: Minsk City")
    renamed.write_text(text.replace("The capital of Belarus.", "Capital."), encoding="utf-8")

    [outcome] = convert([raw], settings(out, vocabulary=load_vocabulary(renamed)))

    assert outcome.status == "unchanged"


def test_a_failed_rename_leaves_no_partial_file_and_the_next_run_finishes(tree, monkeypatch):
    raw, out = tree
    for name in "abc":
        (raw / f"{name}.txt").write_text(article(f"Title {name}"), encoding="utf-8")
    real_replace = os.replace
    calls = []

    def replace_failing_second(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(convert_module.os, "replace", replace_failing_second)
    outcomes = convert([raw], settings(out))
    monkeypatch.setattr(convert_module.os, "replace", real_replace)

    assert [o.status for o in outcomes] == ["converted", "failed", "converted"]
    assert "disk full" in str(outcomes[1].errors[0])
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["title-a.md", "title-c.md"]
    assert [o.status for o in convert([raw], settings(out))] == [
        "unchanged",
        "converted",
        "unchanged",
    ]


def test_leftover_temporary_files_are_removed(tree):
    raw, out = tree
    (out / "2024" / "10").mkdir(parents=True)
    leftover = out / "2024" / "10" / ".title.md.1234.tmp"
    leftover.write_text("partial", encoding="utf-8")
    (raw / "a.txt").write_text(article("Title"), encoding="utf-8")

    convert([raw], settings(out))

    assert not leftover.exists()


def test_parallel_and_inline_runs_write_the_same_files(tmp_path, monkeypatch):
    monkeypatch.setattr(convert_module, "INLINE_LIMIT", 0)
    raw = tmp_path / "raw"
    generate_corpus(raw, 40, seed=5)

    inline = convert([raw], settings(tmp_path / "one", jobs=1))
    parallel = convert([raw], settings(tmp_path / "two", jobs=2))

    assert [o.status for o in inline] == [o.status for o in parallel]
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_missing_source_is_reported():
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        convert([Path("no-such-folder")], settings(Path("unused")))


def test_a_renamed_raw_file_keeps_its_article(tree):
    raw, out = tree
    (raw / "001_old.txt").write_text(article("Renamed"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    (raw / "001_old.txt").rename(raw / "002_new.txt")

    [outcome] = convert([raw], settings(out))

    assert (outcome.status, outcome.markdown) == ("converted", first.markdown)
    assert "  file: 002_new.txt\n" in first.markdown.read_text(encoding="utf-8")
    assert [p.name for p in out.rglob("*.md")] == ["renamed.md"]
    assert convert([raw], settings(out))[0].status == "unchanged"


def test_two_raw_files_with_one_name_fail_the_second(tree):
    raw, out = tree
    (raw / "inbox").mkdir()
    (raw / "a.txt").write_text(article("First"), encoding="utf-8")
    (raw / "inbox" / "a.txt").write_text(article("Second"), encoding="utf-8")

    first, second = convert([raw], settings(out))

    assert (first.status, second.status) == ("converted", "failed")
    assert "has the same file name as" in str(second.errors[0])


def test_an_article_saved_with_windows_line_endings_is_still_unchanged(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Title"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    crlf = first.markdown.read_bytes().replace(b"\n", b"\r\n")
    first.markdown.write_bytes(crlf)

    assert convert([raw], settings(out))[0].status == "unchanged"
    assert convert([raw], settings(out, force=True))[0].status == "unchanged"
    assert first.markdown.read_bytes() == crlf


@pytest.mark.parametrize("stage", ["parse_article", "merge"])
def test_an_unexpected_exception_fails_one_file_not_the_batch(tree, monkeypatch, stage):
    raw, out = tree
    (raw / "a.txt").write_text(article("Fine"), encoding="utf-8")
    (raw / "b.txt").write_text(article("Boom"), encoding="utf-8")
    owner = convert_module if stage == "parse_article" else convert_module.curation
    real = getattr(owner, stage)

    def fragile(*args, **kwargs):
        if "Boom" in str(args):
            raise RuntimeError("unforeseen")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, stage, fragile)
    first, second = convert([raw], settings(out))

    assert (first.status, second.status) == ("converted", "failed")
    assert "b.txt: could not be converted (RuntimeError: unforeseen)" in str(second.errors[0])


def test_no_article_is_called_index(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Index"), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert outcome.markdown == out / "2024/10/index-2.md"
