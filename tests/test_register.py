import polars as pl

from attcli.register import year_order


def test_year_groups_sort_as_people_expect():
    frame = pl.DataFrame({"year_group": ["10", "R", "7", "N1", "11", "8", "N2", "9"]})
    assert frame.sort(year_order())["year_group"].to_list() == ["N1", "N2", "R", "7", "8", "9", "10", "11"]
