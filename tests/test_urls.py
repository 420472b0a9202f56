"""Addresses between pages: the links every page is full of."""

from __future__ import annotations

import posixpath

import pytest

from generator.urls import relative


@pytest.mark.parametrize("page", ["index.md", "b/index.md", "b/forces/x.md", "b/forces/y/z.md", "c/d.md"])
@pytest.mark.parametrize("target", ["index.md", "b/index.md", "b/forces/x.md", "b/forces", "b/sources/doc.md", "x.md",
                                    "b/forces/y/z.md", "b/forces/", "../up.md", "./b/x.md", "b//x.md"])
def test_a_link_between_pages_is_the_relative_path_posixpath_gives(page: str, target: str) -> None:
    """The fast path of urls.relative, which every link of every page takes, agrees with posixpath."""
    expected = "" if target == page else posixpath.relpath(target, posixpath.dirname(page) or ".")  # an anchor on the page itself
    assert relative(f"{target}#a", page) == expected + "#a"
    assert relative(target, page) == posixpath.relpath(target, posixpath.dirname(page) or ".")
