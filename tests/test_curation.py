from datetime import datetime
from zoneinfo import ZoneInfo

from commentary_archive.curation import fingerprint, merge
from commentary_archive.document import Document

DATE = datetime(2025, 6, 5, 12, 36, tzinfo=ZoneInfo("Europe/Minsk"))


def fresh(**changes) -> Document:
    body = changes.pop("body", "Lead.\n{: .lead }\n\nText.")
    metadata = {
        "title": "Old Title",
        "date": DATE,
        "authors": ["Anna Example"],
        "source": "eastwatch.example",
        "comments": 1,
        "views": 10,
        "description": "Lead.",
        "tags": ["belarus"],
        "lang": "en",
        "slug": "old-title",
        "raw": {"file": "a.txt", "sha256": "1", "settings": "s"},
    }
    metadata.update(changes)
    return Document(metadata, body)


def written(**changes) -> Document:
    """What the first conversion wrote (the curator's starting point)."""
    return merge(None, fresh(**changes))[0]


def edited(document: Document, body: str | None = None, **changes) -> Document:
    metadata = {**document.metadata, **changes}
    return Document({k: v for k, v in metadata.items() if v is not None}, body or document.body)


def test_first_conversion_records_a_fingerprint_per_generated_field():
    document = written()

    assert document.metadata["raw"]["fields"] == {
        name: fingerprint(document.metadata[name] if name != "body" else document.body)
        for name in (
            "title",
            "date",
            "authors",
            "source",
            "comments",
            "views",
            "description",
            "tags",
            "lang",
            "body",
        )
    }


def test_untouched_fields_take_the_new_raw_values():
    result, conflicts = merge(written(), fresh(title="New Title", views=99, body="New body."))

    assert result.metadata["title"] == "New Title"
    assert result.metadata["views"] == 99
    assert result.body == "New body."
    assert result.metadata["slug"] == "old-title"
    assert conflicts == []


def test_curated_fields_are_kept_when_raw_did_not_change():
    curated = edited(
        written(),
        body="Curated body.",
        title="Corrected Title",
        authors=["Anna Exampleova"],
        description="A better description.",
        tags=["belarus", "lukashenko"],
        draft=True,
        featured=True,
    )
    result, conflicts = merge(curated, fresh())

    assert result.metadata == {**curated.metadata, "raw": written().metadata["raw"]}
    assert result.body == "Curated body."
    assert conflicts == []


def test_removed_tags_and_deleted_fields_stay_removed():
    curated = edited(written(), tags=[], source=None)
    result, _ = merge(curated, fresh())

    assert result.metadata["tags"] == []
    assert "source" not in result.metadata


def test_both_changed_keeps_the_curators_value_and_reports_the_field():
    curated = edited(written(), title="Corrected Title", body="Curated body.")
    result, conflicts = merge(curated, fresh(title="Raw Title Changed", body="Raw body changed."))

    assert result.metadata["title"] == "Corrected Title"
    assert result.body == "Curated body."
    assert conflicts == ["title", "body"]


def test_raw_catching_up_with_the_curator_is_no_conflict():
    curated = edited(written(), title="Corrected Title")
    result, conflicts = merge(curated, fresh(title="Corrected Title"))

    assert result.metadata["title"] == "Corrected Title"
    assert conflicts == []
    assert merge(result, fresh(title="Raw Again"))[0].metadata["title"] == "Raw Again"


def test_odd_curated_values_can_be_fingerprinted():
    looped: list = []
    looped.append(looped)
    curated = edited(written(), title={1: "a", "b": 2}, authors=looped)
    result, _ = merge(curated, fresh())

    assert result.metadata["title"] == {1: "a", "b": 2}


def test_curated_tags_are_kept_while_other_fields_update():
    curated = edited(written(), tags=["lukashenko"])
    result, conflicts = merge(curated, fresh(tags=["belarus", "russia"], comments=5))

    assert result.metadata["tags"] == ["lukashenko"]
    assert result.metadata["comments"] == 5
    assert conflicts == ["tags"]


def test_untouched_tags_are_recomputed():
    result, conflicts = merge(written(), fresh(tags=["belarus", "russia"]))

    assert result.metadata["tags"] == ["belarus", "russia"]
    assert conflicts == []


def test_merging_twice_changes_nothing():
    curated = edited(written(), title="Corrected Title", featured=True)
    once, _ = merge(curated, fresh(views=50))
    twice, conflicts = merge(once, fresh(views=50))

    assert twice == once
    assert conflicts == []


def test_key_order_is_contract_then_extras_then_raw():
    curated = Document({"featured": True, **written().metadata}, written().body)
    result, _ = merge(curated, fresh())

    assert list(result.metadata)[-3:] == ["slug", "featured", "raw"]


def test_file_without_fingerprints_counts_as_curated_but_gains_missing_fields():
    hand_written = Document({"title": "By Hand", "slug": "by-hand"}, "Hand body.")
    result, conflicts = merge(hand_written, fresh())

    assert result.metadata["title"] == "By Hand"
    assert result.metadata["slug"] == "by-hand"
    assert result.metadata["views"] == 10
    assert result.body == "Hand body."
    assert conflicts == []
