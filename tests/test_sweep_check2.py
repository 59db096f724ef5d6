"""Sweep check2 (issue 15, the weekly check after its rules): the hold test looking up its
few codes, and the history's path worked out once a run; the same words and the same
paths as before, worked out here by hand."""

from __future__ import annotations

from fractions import Fraction


def test_the_hold_test_counts_a_code_listed_twice_once_and_names_the_most_first() -> None:
    """Codes I, M (I listed twice), held over 50 %: 3 I, 3 M and 1 O are 6 of 7 absence
    sessions (86 %): held, the two named most first and, equal, by code (I before M); I
    counted once though listed twice (9 of 7 would be nonsense).  Over 90 %: 6 * 100 = 600
    is not over 90 * 7 = 630, not held.  A listed code at 0 and none other held: not held."""
    from attcli.absence import hold_reason

    codes = ("I", "M", "I")
    by_code = {"O": 1, "M": 3, "I": 3}
    assert hold_reason(by_code, codes, Fraction(50)) == (
        "6 of 7 absence sessions this school year are I or M: "
        "3 I (illness), 3 M (medical or dental appointment)"
    )
    assert hold_reason({"O": 1, "M": 2, "I": 4}, codes, Fraction(50), "since joining") == (
        "6 of 7 absence sessions since joining are I or M: "
        "4 I (illness), 2 M (medical or dental appointment)"
    )
    assert hold_reason(by_code, codes, Fraction(90)) is None
    assert hold_reason({"I": 0, "O": 2}, codes, Fraction(50)) is None
    assert hold_reason({"M": 5}, codes, Fraction(50)) == (
        "5 of 5 absence sessions this school year are M (medical or dental appointment)"
    )


def test_the_history_path_worked_out_once_inside_one_reader_and_again_after(tmp_path) -> None:
    """A workspace whose ``[history] path`` is ``records/h.db``: inside one_reader(config)
    history_path gives records/h.db however often asked, the folder removed meanwhile too
    (worked out once, at the start of the run); another config (no [history] path: the
    default name) gets its own; after the ``with`` it is worked out again and the folder's
    absence refused (nothing kept from the run)."""
    import pytest

    from attcli.config import load_config
    from attcli.errors import ConfigError
    from attcli.store import DEFAULT_NAME, history_path, one_reader

    (tmp_path / "records").mkdir()
    (tmp_path / "attcli.toml").write_text('[history]\npath = "records/h.db"\n', "utf-8")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "attcli.toml").write_text("", "utf-8")
    config = load_config(tmp_path / "attcli.toml")
    other = load_config(tmp_path / "other" / "attcli.toml")
    with one_reader(config):
        assert history_path(config) == tmp_path / "records" / "h.db"
        assert history_path(other) == tmp_path / "other" / DEFAULT_NAME
        (tmp_path / "records").rmdir()
        assert history_path(config) == tmp_path / "records" / "h.db"
    with pytest.raises(ConfigError, match="does not exist"):
        history_path(config)
