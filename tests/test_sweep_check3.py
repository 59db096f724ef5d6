"""Sweep check3 (issue 15, the weekly check after its rules, a fourth pass): the JSON
written to a file as bytes made without the text; answers worked out by hand."""

from __future__ import annotations

import json


def test_the_json_document_as_bytes_is_the_text_s_utf8_byte_for_byte() -> None:
    """A document with a long list given as a Polars Series of lines (names beyond ASCII,
    an emoji beyond the BMP), an empty one (written ``[]``, as an empty list is), a list
    of dicts and an Encoded list: the bytes are the text's UTF-8, and the text is the one
    written out below by hand."""
    import polars as pl

    from attcli.output import Encoded, json_document, json_document_bytes

    doc = {
        "as_of": "2026-10-16",
        "summary": {"pupils": 2},
        "data_quality": pl.Series([], dtype=pl.String),
        "corrections": [{"upn": "A1", "was": "é"}],
        "pupils": pl.Series(['{"upn": "A1", "surname": "Núñez"}', '{"upn": "B2", "x": "中😀"}']),
        "notes": Encoded(['{"k": 1}']),
    }
    lists = ("data_quality", "corrections", "pupils", "notes")
    want = (
        '{\n  "as_of": "2026-10-16",\n  "summary": {\n    "pupils": 2\n  },\n'
        '  "data_quality": [],\n'
        '  "corrections": [\n    {"upn": "A1", "was": "é"}\n  ],\n'
        '  "pupils": [\n    {"upn": "A1", "surname": "Núñez"},\n'
        '    {"upn": "B2", "x": "中😀"}\n  ],\n'
        '  "notes": [\n    {"k": 1}\n  ]\n}\n'
    )
    assert json_document(doc, lists) == want
    assert json_document_bytes(doc, lists) == want.encode("utf-8")
    assert json.loads(want)["pupils"][0]["surname"] == "Núñez"
