import os
import random
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

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


FILLER = [
    "quiet",
    "long",
    "window",
    "paper",
    "stone",
    "garden",
    "yellow",
    "morning",
    "table",
    "letter",
    "cloud",
    "street",
]


def paragraph(seed: str) -> str:
    """Twenty words of filler that no tag matches, other for every seed (articles that share
    their text are one article to the converter)."""
    words = random.Random(seed).choices(FILLER, k=20)
    return " ".join(words).capitalize() + "."


def article(title: str, header: str = "3- 7.10.2024, 09:05", lead: str = "", text: str = "") -> str:
    """A raw article; unless told, its lead and text differ from every other's, as real ones do."""
    return "\n".join(
        [
            title,
            header,
            "- 1,000",
            "",
            lead or f"A lead about {title.lower()}, {header}.",
            paragraph(text or title + header.partition("- ")[2]),
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
    ahead = datetime.now(ZoneInfo("Europe/Minsk")) + timedelta(days=30)
    (raw / "a.txt").write_text(article("Ahead", f"1- {ahead:%d.%m.%Y}, 10:00"), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert outcome.status == "converted"
    [warning] = outcome.warnings
    assert f"is dated {ahead:%Y-%m-%d}, in the future; converted anyway." in str(warning)


@pytest.mark.parametrize(
    ("header", "changes", "expected"),
    [
        ("1- 3.06.1024, 08:05", {}, "expected a date between 1900-01-01 and "),
        ("1- 1.02.2999, 10:00", {}, "expected a date between 1900-01-01 and "),
        ("1- 3.06.1950, 08:05", {"earliest_year": 1960}, "expected a date between 1960-01-01 and "),
        ("1- 3.06.2027, 08:05", {"days_ahead": 1}, "expected a date between 1900-01-01 and 2026"),
    ],
)
def test_implausible_dates_are_refused_with_the_bounds_in_settings(tree, header, changes, expected):
    raw, out = tree
    (raw / "a.txt").write_text(article("Far Away", header), encoding="utf-8")

    [outcome] = convert([raw], settings(out, **changes))

    assert outcome.status == "failed"
    [error] = outcome.errors
    assert (error.path, error.line) == (str(raw / "a.txt"), 2)
    assert expected in error.problem
    assert not out.exists()


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
    with pytest.raises(convert_module.MissingSourceError, match="no-such-folder"):
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


def body(
    sentence: str,
    title: str = "Border Harvest",
    header: str = "3- 7.10.2024, 09:05",
    text: str = "border",
) -> str:
    """A raw article whose lead ends in ``sentence`` and whose text is the same whatever the
    title and date (long enough to compare texts)."""
    lead = "The lead of an article about the border, the harvest and the budget of the year."
    return article(title, header, lead=f"{lead} {sentence}", text=text)


def curate(path: Path, **changes) -> None:
    curated = document.loads(path.read_text(encoding="utf-8"), str(path))
    curated.metadata.update(changes)
    path.write_text(document.dumps(curated), encoding="utf-8")


def test_a_copy_converted_alone_is_a_duplicate_and_never_takes_over(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Original"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    curate(first.markdown, title="Original, Curated")
    shutil.copy(raw / "a.txt", raw / "b.txt")

    [copy] = convert([raw / "b.txt"], settings(out))

    assert (copy.status, copy.markdown) == ("duplicate", first.markdown)
    assert f"is the same article as a.txt ({first.markdown})" in str(copy.warnings[0])
    assert "  file: a.txt\n" in first.markdown.read_text(encoding="utf-8")
    (raw / "a.txt").write_text(article("Original", lead="A corrected lead."), encoding="utf-8")
    assert [o.status for o in convert([raw], settings(out))] == ["converted", "duplicate"]
    assert [p.name for p in out.rglob("*.md")] == ["original.md"]
    metadata = document.loads(first.markdown.read_text(encoding="utf-8"), "a.md").metadata
    assert (metadata["title"], metadata["description"]) == (
        "Original, Curated",
        "A corrected lead.",
    )


@pytest.mark.parametrize(
    "changed",
    [
        lambda text: text.replace("of the year.", "of the year, as corrected."),  # same title
        lambda text: text.replace("Border Harvest", "The Border Harvest"),  # same text
    ],
    ids=["edited-text", "edited-title"],
)
def test_a_renamed_and_edited_raw_file_updates_its_article_in_place(tree, changed):
    raw, out = tree
    (raw / "c.txt").write_text(body("One sentence."), encoding="utf-8")
    [first] = convert([raw], settings(out))
    curate(first.markdown, tags=["belarus"], featured=True)
    (raw / "c.txt").rename(raw / "e.txt")
    (raw / "e.txt").write_text(changed(body("One sentence.")), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert (outcome.status, outcome.markdown) == ("converted", first.markdown)
    assert [p.name for p in out.rglob("*.md")] == [first.markdown.name]
    text = first.markdown.read_text(encoding="utf-8")
    assert "  file: e.txt\n" in text
    assert "tags:\n- belarus\n" in text and "featured: true\n" in text
    assert convert([raw], settings(out))[0].status == "unchanged"


def test_a_file_like_two_articles_fails_and_names_both(tree):
    raw, out = tree
    (raw / "c.txt").write_text(body("First text.", text="other"), encoding="utf-8")
    (raw / "d.txt").write_text(
        body("Second text.", "Another Title", "2- 8.10.2024, 10:00"), encoding="utf-8"
    )
    first, second = convert([raw], settings(out))
    (raw / "c.txt").unlink()
    (raw / "d.txt").unlink()
    # c's title and date, d's text:
    (raw / "e.txt").write_text(body("Second text."), encoding="utf-8")

    outcomes = convert([raw], settings(out))

    assert [o.status for o in outcomes] == ["failed", "orphaned", "orphaned"]
    message = str(outcomes[0].errors[0])
    assert f"{first.markdown} (from c.txt, no longer in the inbox)" in message
    assert f"{second.markdown} (from d.txt, no longer in the inbox)" in message
    assert len(list(out.rglob("*.md"))) == 2


def test_same_title_and_date_as_an_article_still_in_the_inbox_fails(tree):
    raw, out = tree
    (raw / "a.txt").write_text(body("First text."), encoding="utf-8")
    [first] = convert([raw], settings(out))
    (raw / "b.txt").write_text(body("Quite another text, about something else."), "utf-8")

    [_, second] = convert([raw], settings(out))

    assert second.status == "failed"
    assert f"{first.markdown} (from a.txt, still in the inbox)" in str(second.errors[0])
    assert len(list(out.rglob("*.md"))) == 1


def test_an_orphaned_article_is_reported_and_kept(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Gone"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    (raw / "a.txt").unlink()

    [orphan] = convert([raw], settings(out))

    assert (orphan.status, orphan.markdown) == ("orphaned", first.markdown)
    assert "was converted from a.txt, which is no longer in the raw inbox" in str(
        orphan.warnings[0]
    )
    assert first.markdown.exists()


def test_unreadable_front_matter_fails_its_raw_file_and_writes_no_twin(tree):
    raw, out = tree
    (raw / "a b.txt").write_text(article("Spaced Name"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    broken = first.markdown.read_text(encoding="utf-8").replace(
        "title: Spaced Name", "title: 'Spaced Name"
    )
    first.markdown.write_text(broken, encoding="utf-8")

    for raw_text in (article("Spaced Name"), article("Spaced Name", lead="A new lead.")):
        (raw / "a b.txt").write_text(raw_text, encoding="utf-8")
        [outcome] = convert([raw], settings(out))

        assert outcome.status == "failed"
        [error] = outcome.errors
        assert error.path == str(first.markdown)
        assert error.line is not None and "not valid YAML" in error.problem
    assert [p.name for p in out.rglob("*.md")] == ["spaced-name.md"]
    assert first.markdown.read_text(encoding="utf-8") == broken


def test_an_unreadable_article_naming_no_raw_file_blocks_a_new_one_at_its_path(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Blocked"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    first.markdown.write_text("---\ntitle: 'Blocked\n---\nA curator's text.\n", encoding="utf-8")
    (raw / "a.txt").rename(raw / "b.txt")

    [outcome] = convert([raw], settings(out))

    assert outcome.status == "failed"
    assert outcome.errors[0].path == str(first.markdown)
    assert [p.name for p in out.rglob("*.md")] == ["blocked.md"]


def test_yaml_comments_of_the_curator_survive_a_reconversion(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Commented"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    text = first.markdown.read_text(encoding="utf-8")
    text = text.replace("---\ntitle:", "---\n# Title checked against the print edition.\ntitle:", 1)
    text = text.replace("lang: en", "lang: en  # confirmed")
    first.markdown.write_text(text, encoding="utf-8")
    (raw / "a.txt").write_text(article("Commented", lead="A new lead."), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert outcome.status == "converted"
    written = first.markdown.read_text(encoding="utf-8")
    assert "---\n# Title checked against the print edition.\ntitle: Commented\n" in written
    assert "\nlang: en  # confirmed\n" in written
    assert "\ndescription: A new lead.\n" in written


def test_a_header_without_a_time_writes_the_date_alone_and_warns(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Undated Hour", "12- 5.06.2025"), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert outcome.status == "converted"
    assert "\ndate: 2025-06-05\n" in outcome.markdown.read_text(encoding="utf-8")
    [warning] = outcome.warnings
    assert (warning.path, warning.line) == (str(raw / "a.txt"), 2)
    assert "has no time in the header line" in warning.problem
    assert convert([raw], settings(out))[0].status == "unchanged"


def test_an_offset_with_seconds_is_written_in_whole_minutes(tree):
    """Liberia kept -00:44:30 until 1972; ISO 8601 and YAML have no seconds in an offset."""
    raw, out = tree
    (raw / "a.txt").write_text(article("Old Monrovia", "1- 3.06.1960, 08:05"), encoding="utf-8")

    [outcome] = convert([raw], settings(out, zone=ZoneInfo("Africa/Monrovia")))

    text = outcome.markdown.read_text(encoding="utf-8")
    assert "\ndate: 1960-06-03T08:05:00-00:44\n" in text
    assert document.loads(text, "a.md").metadata["date"].utcoffset() == timedelta(minutes=-44)


def test_aliases_in_curated_front_matter_fail_with_one_line(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Aliased"), encoding="utf-8")
    [first] = convert([raw], settings(out))
    laughs = "".join(f"x{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 9)}]\n" for n in range(1, 9))
    text = first.markdown.read_text(encoding="utf-8")
    first.markdown.write_text(text.replace("lang: en\n", f"x0: &x0 lol\n{laughs}lang: en\n"))
    (raw / "a.txt").write_text(article("Aliased", lead="Changed."), encoding="utf-8")

    [outcome] = convert([raw], settings(out))

    assert outcome.status == "failed"
    [error] = outcome.errors
    assert (error.path, error.line) == (
        str(first.markdown),
        text.count("\n", 0, text.index("lang:")) + 1,
    )
    assert "\n" not in str(error) and len(str(error)) < 300


def test_odd_entries_in_the_output_folder_never_stop_the_batch(tree, monkeypatch):
    raw, out = tree
    month = out / "2024" / "10"
    month.mkdir(parents=True)
    (month / "folder.md").mkdir()
    (month / "link.md").symlink_to(month / "nowhere.md")
    stale = month / ".stale.md.999.tmp"
    stale.write_text("partial", encoding="utf-8")
    real_unlink = Path.unlink
    monkeypatch.setattr(
        Path,
        "unlink",
        lambda self, missing_ok=False: (
            (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
            if self == stale
            else real_unlink(self, missing_ok=missing_ok)
        ),
    )
    (raw / "a.txt").write_text(article("Folder"), encoding="utf-8")
    (raw / "b.txt").write_text(article("Fine", "3- 8.10.2024, 09:05"), encoding="utf-8")

    outcomes = convert([raw], settings(out))

    assert [(o.raw.name, o.status) for o in outcomes] == [
        ("a.txt", "converted"),
        ("b.txt", "converted"),
    ]
    assert outcomes[0].markdown == month / "folder-2.md"
    assert stale.exists()


def test_check_removes_no_temporary_file(tree):
    raw, out = tree
    (raw / "a.txt").write_text(article("Title"), encoding="utf-8")
    convert([raw], settings(out))
    leftover = out / "2024" / "10" / ".title.md.1234.tmp"
    leftover.write_text("partial", encoding="utf-8")
    before = snapshot(out)

    convert([raw], settings(out, check=True, force=True))

    assert snapshot(out) == before


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["rename", "copy", "edit", "retitle", "rename-and-edit", "rename-and-retitle", "delete"]
        ),
        st.integers(0, 2),
        st.booleans(),  # convert the whole inbox, or only the file just touched
    ),
    min_size=1,
    max_size=6,
)


@hypothesis.settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_no_sequence_of_copies_renames_and_edits_loses_or_twins_an_article(tmp_path, operations):
    """Whatever a curator does to raw files, each article stays one file with its curation."""
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    raw, out = root / "raw", root / "docs" / "articles"
    raw.mkdir()
    texts = [article(f"Story {n}", lead=f"The lead of story {n} of the year.") for n in range(3)]
    for n, text in enumerate(texts):
        (raw / f"{n}.txt").write_text(text, encoding="utf-8")
    for outcome in convert([raw], settings(out, inbox=raw)):
        curate(outcome.markdown, note=f"curated {outcome.raw.name}")
    names = {n: f"{n}.txt" for n in range(3)}
    for step, (operation, n, whole) in enumerate(operations):
        path = raw / names[n]
        if operation.startswith("rename"):
            names[n] = f"{n}-{step}.txt"
            path = path.rename(raw / names[n])
        if operation == "copy":
            shutil.copy(path, raw / f"copy-{step}.txt")
            path = raw / f"copy-{step}.txt"
        if operation.endswith("edit"):
            texts[n] = texts[n].replace("of the year", f"of the year {step}", 1)
        if operation.endswith("retitle"):
            texts[n] = texts[n].replace(f"Story {n}", f"Story {n}{step}", 1)
        if operation.endswith(("edit", "retitle")):
            path.write_text(texts[n], encoding="utf-8")
        if operation == "delete":  # and restore after a conversion
            path.unlink()
            convert([raw], settings(out, inbox=raw))
            path.write_text(texts[n], encoding="utf-8")

        outcomes = convert([raw] if whole else [path], settings(out, inbox=raw))

        assert {o.status for o in outcomes} <= {"converted", "unchanged", "duplicate", "failed"}
        articles = sorted(out.rglob("*.md"))
        assert len(articles) == 3
        notes = sorted(
            document.loads(p.read_text(encoding="utf-8"), str(p)).metadata["note"] for p in articles
        )
        assert notes == ["curated 0.txt", "curated 1.txt", "curated 2.txt"]
