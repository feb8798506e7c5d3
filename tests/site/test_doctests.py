"""The examples in the site modules' docstrings run, and hold."""

import doctest

import pytest

from commentary_archive.site import collections, entries, feeds, markup, plugin, search, seo


@pytest.mark.parametrize("module", [collections, entries, feeds, markup, plugin, search, seo])
def test_docstring_examples(module):
    failures, tried = doctest.testmod(module)
    assert (failures, tried > 0) == (0, True)
