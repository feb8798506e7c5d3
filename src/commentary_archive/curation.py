"""Merging a fresh conversion into an article a curator may have edited: curation is never lost.

The ownership rule:

- The raw file owns the *generated* fields: ``title``, ``date``, ``authors``, ``source``,
  ``comments``, ``views``, ``description``, ``tags``, ``lang`` and the body. The converter owns
  the ``raw:`` block (provenance). ``slug`` is written once and then never changed by conversion.
- The curator owns every edit. Each conversion records, under ``raw.fields``, a short fingerprint
  of the value it generated for each field. On the next conversion a field whose current value
  still matches its fingerprint is untouched and takes the new raw value; a field that differs
  (edited, or deleted) was curated and is kept as it is.
- When the curator edited a field *and* the raw value changed since, the curator's value is
  kept and a conflict is reported, naming the file and the field, so someone can look.
- Keys conversion does not write (``draft``, ``featured``, anything) are always kept.
- Tags follow the same rule as a whole list: untouched tags are recomputed from the raw text and
  the vocabulary; once a curator adds or removes a tag, the curator's list is kept.
- The curator's ``# comments`` in the front matter are kept by the key they stand by.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from commentary_archive.document import FIELD_ORDER, Document

GENERATED = (*(name for name in FIELD_ORDER if name != "slug"), "body")
ABSENT = object()


def fingerprint(value: Any) -> str:
    """Eight hex digits identifying a field value (a missing field has its own fingerprint)."""
    if value is ABSENT:
        return "absent"
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)
    except (TypeError, ValueError):  # mixed-type or self-referencing YAML a curator may write
        text = repr(value)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def merge(existing: Document | None, fresh: Document) -> tuple[Document, list[str]]:
    """The document to write, and the fields where curator and raw file both changed."""
    fresh_values = {name: _value(fresh, name) for name in GENERATED}
    raw = {**fresh.metadata["raw"], "fields": {k: fingerprint(v) for k, v in fresh_values.items()}}
    if existing is None:
        return Document({**fresh.metadata, "raw": raw}, fresh.body), []
    recorded = existing.metadata.get("raw")
    recorded = recorded.get("fields") if isinstance(recorded, dict) else None
    recorded = recorded if isinstance(recorded, dict) else {}
    values: dict[str, Any] = {}
    conflicts = []
    for name in GENERATED:
        current = _value(existing, name)
        last = recorded.get(name)
        # Without a record (a file written by hand) whatever is there counts as curated.
        curated = current is not ABSENT if last is None else str(last) != fingerprint(current)
        values[name] = current if curated else fresh_values[name]
        new = raw["fields"][name]
        if curated and last is not None and str(last) != new and fingerprint(current) != new:
            conflicts.append(name)
    values["slug"] = existing.metadata.get("slug", fresh.metadata["slug"])
    metadata = {name: values[name] for name in FIELD_ORDER if values[name] is not ABSENT}
    extras = {k: v for k, v in existing.metadata.items() if k not in FIELD_ORDER and k != "raw"}
    merged = Document({**metadata, **extras, "raw": raw}, values["body"], existing.comments)
    return merged, conflicts


def _value(document: Document, name: str) -> Any:
    if name == "body":
        return document.body
    return document.metadata.get(name, ABSENT)


def _plain(value: Any) -> str:
    """JSON has no dates (fingerprinted by their ISO text, as YAML writes them) or sets."""
    return value.isoformat() if isinstance(value, date) else repr(value)
