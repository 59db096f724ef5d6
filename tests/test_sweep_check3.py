"""Sweep check3 (issue 15, the weekly check after its rules, a fourth pass): the JSON
written to a file as bytes made without the text; answers worked out by hand."""

from __future__ import annotations

import json


def test_the_json_document_as_bytes_is_the_text_s_utf8_byte_for_byte() -> None:
    """A document with a long list given as a Polars Series of lines (names beyond ASCII,
    an emoji beyond the BMP), an empty one (written ``[]``, as an empty list is) and a
    list of dicts: the bytes are the text's UTF-8, and the text is the one written out
    below by hand."""
    import polars as pl

    from attcli.output import json_document, json_document_bytes

    doc = {
        "as_of": "2026-10-16",
        "summary": {"pupils": 2},
        "data_quality": pl.Series([], dtype=pl.String),
        "corrections": [{"upn": "A1", "was": "é"}],
        "pupils": pl.Series(['{"upn": "A1", "surname": "Núñez"}', '{"upn": "B2", "x": "中😀"}']),
    }
    lists = ("data_quality", "corrections", "pupils")
    want = (
        '{\n  "as_of": "2026-10-16",\n  "summary": {\n    "pupils": 2\n  },\n'
        '  "data_quality": [],\n'
        '  "corrections": [\n    {"upn": "A1", "was": "é"}\n  ],\n'
        '  "pupils": [\n    {"upn": "A1", "surname": "Núñez"},\n'
        '    {"upn": "B2", "x": "中😀"}\n  ]\n}\n'
    )
    assert json_document(doc, lists) == want
    assert json_document_bytes(doc, lists) == want.encode("utf-8")
    assert json.loads(want)["pupils"][0]["surname"] == "Núñez"


def test_the_check_s_json_bytes_are_its_text_s_for_a_register_with_a_flagged_pupil(
    monkeypatch,  # noqa: ANN001
) -> None:
    """Two pupils, ten school days: A1 present at all 20 sessions; B2 (Núñez, a name beyond
    ASCII) away unauthorised (O) the first five days, 10 of 20 sessions: 50.0 %, severe
    (absence 50 % or more, DOMAIN.md 3), with the evidence of a flagged pupil.  The bytes
    `check -o FILE.json` writes are the text's UTF-8, and say so; the summary counts each
    group's pupils in one query, no filter of the pupils a group (counted, not timed)."""
    import polars as pl

    from attcli.check import CheckResult, check_register
    from attcli.config import parse_config
    from attcli.report_check import to_json, to_json_bytes
    from builders import count_calls, register

    reg = register({"A1": " ".join(["/"] * 10), "B2": " ".join(["O"] * 5 + ["/"] * 5)})
    reg = reg.with_columns(
        pl.when(pl.col("upn") == "B2").then(pl.lit("Núñez")).otherwise("surname").alias("surname")
    )
    result = check_register(reg, parse_config(""))
    filters = count_calls(monkeypatch, CheckResult, "members")
    data = to_json_bytes(result)
    assert not filters
    assert data == to_json(result).encode("utf-8")
    pupils = {p["upn"]: p for p in json.loads(data)["pupils"]}
    a1, b2 = pupils["A1"], pupils["B2"]
    assert (a1["possible"], a1["attended"], a1["unauthorised"]) == (20, 20, 0)
    assert (b2["surname"], b2["possible"], b2["attended"], b2["unauthorised"]) == ("Núñez", 20, 10, 10)
    assert (b2["attendance_pct"], b2["band"]) == (50.0, "severe")
    assert "band:severe" in b2["groups"] and "evidence" in b2 and not a1["groups"]
    # the summary's count of each group: B2 in each of its groups, A1 in none, and the
    # groups no pupil is in at 0, every group of the check named, in its order
    counts = json.loads(data)["summary"]["groups"]
    assert list(counts) == [g.key for g in result.groups]
    assert counts == {g.key: int(g.key in b2["groups"]) for g in result.groups}
    assert counts["band:severe"] == 1 and counts["band:red"] == 0
