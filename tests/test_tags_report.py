from pathlib import Path

from commentary_archive import document
from commentary_archive.tags_report import main

TAGS = Path(__file__).parent / "fixtures" / "tags.yml"


def write(out: Path, name: str, tags: list[str], body: str = "Body.") -> Path:
    path = out / "2025" / "06" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document.dumps(document.Document({"title": name, "tags": tags}, body)))
    return path


def test_counts_every_tag_and_lists_untagged_articles(tmp_path, capsys):
    write(tmp_path, "a", ["lukashenko", "belarus"])
    write(tmp_path, "b", ["belarus"])
    untagged = write(tmp_path, "c", [])

    assert main(["--out", str(tmp_path), "--tags", str(TAGS)]) == 0

    assert capsys.readouterr().out == (
        "People:\n"
        "  lukashenko      1  Alexander Lukashenko\n"
        "Places:\n"
        "  belarus         2  Belarus\n"
        "  minsk           0  Minsk\n"
        "Topics:\n"
        "  harvest         0  Harvest\n"
        "4 tags (2 in use), 3 articles, 1 untagged:\n"
        f"  {untagged}  suggested: none\n"
    )


def test_untagged_articles_come_with_the_tags_their_text_suggests_and_scores(tmp_path, capsys):
    write(tmp_path, "a", ["belarus"])
    body = f"Grain prices in Minsk.\n{document.LEAD_MARK}\n\n## The harvest\n\nThe harvest is late."
    untagged = write(tmp_path, "Урожай", [], body)

    assert main(["--out", str(tmp_path), "--tags", str(TAGS)]) == 0

    assert capsys.readouterr().out.endswith(
        "4 tags (1 in use), 2 articles, 1 untagged:\n"
        f"  {untagged}  suggested: minsk (2), harvest (7)\n"
    )


def test_unknown_tag_fails_naming_file_line_and_suggestion(tmp_path, capsys):
    path = write(tmp_path, "a", ["belarus", "lukashenka"])

    assert main(["--out", str(tmp_path), "--tags", str(TAGS)]) == 1

    assert capsys.readouterr().err == (
        f"error: {path}:5: has tag 'lukashenka', which is not in the tag vocabulary. "
        "Did you mean 'lukashenko'? Use a key from tags.yml, or add the tag there.\n"
    )
