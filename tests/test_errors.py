import pickle
from datetime import datetime

from commentary_archive.errors import SourceError, shown


def test_message_names_file_line_problem_and_hint():
    error = SourceError("raw/a.txt", 2, "has an impossible date.", "Correct it.")

    assert str(error) == "raw/a.txt:2: has an impossible date. Correct it."
    assert str(SourceError("raw/a.txt", None, "is empty.")) == "raw/a.txt: is empty."


def test_github_annotation():
    error = SourceError("raw/a.txt", 2, "bad 100% of\nthe time.", "Fix it.")

    assert error.github_annotation() == (
        "::error file=raw/a.txt,line=2::raw/a.txt:2: bad 100%25 of%0Athe time. Fix it."
    )
    assert SourceError("a.txt", None, "odd.").github_annotation("warning") == (
        "::warning file=a.txt::a.txt: odd."
    )


def test_survives_pickling_for_worker_processes():
    error = SourceError("raw/a.txt", 2, "problem.", "hint.")
    copy = pickle.loads(pickle.dumps(error))

    assert (copy.path, copy.line, copy.problem, copy.hint) == ("raw/a.txt", 2, "problem.", "hint.")


def test_shown_cuts_values_short_and_writes_dates_as_yaml_does():
    assert len(shown("y" * 10_000)) < 70
    assert shown(datetime(2025, 6, 5, 12, 36)) == "2025-06-05T12:36:00"
    assert shown([[[[["deep"]]]]]) == "[[[...]]]"
