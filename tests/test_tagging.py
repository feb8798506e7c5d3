from datetime import datetime
from zoneinfo import ZoneInfo

from commentary_archive.article import Article, Block
from commentary_archive.tagging import Tagger
from commentary_archive.vocabulary import loads_vocabulary

VOCABULARY = loads_vocabulary(
    """
groups: {people: People, places: Places, topics: Topics}
tags:
  lukashenko:
    {name: Alexander Lukashenko, group: people, description: d., phrases: [Lukashenko, Лукашенк*]}
  belarus: {name: Belarus, group: places, description: d., phrases: [Belarus, Belarusian]}
  eu: {name: European Union, group: places, description: d., phrases: [European Union, EU]}
  sanctions: {name: Sanctions, group: topics, description: d., phrases: [sanction*]}
  energy: {name: Energy, group: topics, description: d., phrases: [energy, power grid*]}
"""
)
TAGGER = Tagger(VOCABULARY)


def article(title="A title", lead="A lead.", *paragraphs: str) -> Article:
    return Article(
        title=title,
        date=datetime(2025, 6, 5, tzinfo=ZoneInfo("Europe/Minsk")),
        authors=(),
        source=None,
        comments=None,
        views=None,
        lead=lead,
        blocks=tuple(Block("paragraph", text) for text in paragraphs),
        lang="en",
        raw_file="a.txt",
        raw_sha256="",
    )


def test_title_mention_is_enough():
    assert TAGGER.tags(article("Lukashenko Goes Fishing")) == ("lukashenko",)


def test_one_body_mention_is_not_enough_but_three_are():
    assert TAGGER.tags(article("T", "L.", "The EU met.")) == ()
    assert TAGGER.tags(article("T", "L.", "The EU met.", "The EU ate.", "The EU left.")) == ("eu",)


def test_lead_and_body_mention_together_are_enough():
    assert TAGGER.tags(article("T", "Energy prices rose.", "Energy is dear.")) == ("energy",)


def test_whole_words_only_and_case_insensitive():
    assert TAGGER.tags(article("Belarusians Meet Eunuchs")) == ()
    assert TAGGER.tags(article("BELARUS-watchers meet")) == ("belarus",)


def test_prefix_phrases_match_word_forms():
    assert TAGGER.tags(article("Лукашенко и Лукашенку", "L.")) == ("lukashenko",)
    assert TAGGER.tags(article("New Sanctions", "L.")) == ("sanctions",)


def test_multi_word_phrases():
    assert TAGGER.tags(article("The European Union", "L.")) == ("eu",)
    assert TAGGER.tags(article("The European", "Union.")) == ()
    assert TAGGER.tags(article("Power Grids Fail", "L.")) == ("energy",)


def test_tags_are_listed_in_vocabulary_order_whatever_the_text_order():
    result = TAGGER.tags(article("Sanctions on Belarus hit Lukashenko", "L."))
    assert result == ("lukashenko", "belarus", "sanctions")


def test_overlapping_phrases_of_one_tag_count_once():
    assert TAGGER.matches(["lukashenko"]) == {"lukashenko": 1}
