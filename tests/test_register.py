import polars as pl

from attcli.register import year_order


def test_year_groups_sort_as_people_expect():
    frame = pl.DataFrame({"year_group": ["10", "R", "7", "N1", "11", "8", "N2", "9"]})
    assert frame.sort(year_order())["year_group"].to_list() == ["N1", "N2", "R", "7", "8", "9", "10", "11"]


def test_early_years_come_first_and_x_after_the_numbered_years():
    frame = pl.DataFrame({"year_group": ["X", "7", "R", "E2", "N1", "14", "E1", None]})
    assert frame.sort(year_order(), nulls_last=True)["year_group"].to_list() == [
        "E1", "E2", "N1", "R", "7", "14", "X", None,
    ]  # fmt: skip
