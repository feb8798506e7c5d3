"""The examples in every module's docstrings run, and hold."""

import doctest
import importlib
import pkgutil

import pytest

import commentary_archive

# Every module of the package, so that a new module's examples run without being listed here.
MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(commentary_archive.__path__, "commentary_archive.")
)


def test_every_module_is_found():
    assert {"commentary_archive.escape", "commentary_archive.site.search"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failures, _ = doctest.testmod(importlib.import_module(name))
    assert failures == 0
