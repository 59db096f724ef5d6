"""The letters' bundled fonts (FiraGO, from the pymupdf-fonts wheel) are unpacked once a
user into their cache folder, not once a run into a temporary folder: a run killed
before its exit handlers (a kill, a power cut) left a temporary folder of 2 MB behind
each time, which nothing ever removed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pymupdf_fonts
import pytest

from attcli import pdf as render


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(render, "_font_dir", None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(render.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME is Linux's")
def test_the_fonts_are_unpacked_once_into_the_users_cache(fresh: Path) -> None:
    folder = render.bundled_font_dir()
    assert folder.parent == fresh / "cache" / "attcli"
    assert sorted(p.name for p in folder.iterdir()) == sorted(render._PYMUPDF_FONTS.values())
    for code, name in render._PYMUPDF_FONTS.items():
        assert (folder / name).read_bytes() == pymupdf_fonts.myfont(code)
    assert list((fresh / "tmp").iterdir()) == []  # no temporary folder to leave behind
    stamp = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    render._font_dir = None  # the next run
    assert render.bundled_font_dir() == folder
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamp  # not rewritten


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME is Linux's")
def test_the_font_cache_folders_attcli_makes_are_owner_only_its_parents_too(fresh: Path) -> None:
    """Every folder attcli makes is 0700, its parents too (docs/decisions.md): the cache's
    ``attcli`` folder was made with the umask's mode (0755) by ``mkdir(parents=True)``."""
    old = os.umask(0o022)
    try:
        folder = render.bundled_font_dir()
    finally:
        os.umask(old)
    for made in (fresh / "cache", fresh / "cache" / "attcli", folder):
        assert made.stat().st_mode & 0o777 == 0o700, made


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME is Linux's")
def test_a_damaged_cached_font_is_unpacked_again(fresh: Path) -> None:
    folder = render.bundled_font_dir()
    name = next(iter(render._PYMUPDF_FONTS.values()))
    (folder / name).write_bytes(b"half a font")
    render._font_dir = None
    assert render.bundled_font_dir() == folder
    code = next(iter(render._PYMUPDF_FONTS))
    assert (folder / name).read_bytes() == pymupdf_fonts.myfont(code)


@pytest.mark.skipif(sys.platform != "linux" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_cache_folder_that_cannot_be_written_falls_back_to_a_temporary_one(
    fresh: Path,
) -> None:
    (fresh / "cache").mkdir()
    (fresh / "cache").chmod(0o500)
    try:
        folder = render.bundled_font_dir()
    finally:
        (fresh / "cache").chmod(0o700)
    assert folder.parent == fresh / "tmp" and folder.name.startswith("attcli-fonts-")
    assert len(list(folder.iterdir())) == len(render._PYMUPDF_FONTS)


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_CACHE_HOME is Linux's")
def test_a_cache_path_that_is_a_file_falls_back_to_a_temporary_one(fresh: Path) -> None:
    """(The check runs as root in CI, where no folder is read-only: a file where the
    cache folder should be stands for any cache that cannot be written.)"""
    (fresh / "cache").mkdir()
    (fresh / "cache" / "attcli").write_text("not a folder")
    folder = render.bundled_font_dir()
    assert folder.parent == fresh / "tmp" and folder.name.startswith("attcli-fonts-")
    assert len(list(folder.iterdir())) == len(render._PYMUPDF_FONTS)
