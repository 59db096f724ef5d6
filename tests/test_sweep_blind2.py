"""Registers and answers worked from DOMAIN.md alone (sweep blind2): the LA's files, the
evidence pack, the ladder and the trust view, run as an outsider would, every answer worked
by hand before the run.  Kept here: the fault found, and the boundaries no other test pins
(docs/decisions.md, "... (sweep of 6 December (sixth), blind2)")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdf

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]

CONTACTS = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Lives With Pupil,Court Order,Address Line 1,Town,Postcode\n"
    "FOST,F1,Ms,Fay,Foster,Foster Carer,1,N,Y,,5 Elm Road,Anytown,AN1 5AB\n"
    "BIO,B1,Mrs,Bea,Io,Mother,1,Y,Y,,1 Oak Road,Anytown,AN1 1AB\n"
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _looked_after_school(tmp_path: Path) -> tuple[Path, Path, Path]:
    """FOST (the register's Looked After column Y, the foster carer the only contact) and
    BIO (column N, a mother): 10 school weeks from Mon 7 Sep 2026 to Fri 20 Nov (the half
    term 26-30 Oct no school week), the first 4 present Monday to Thursday and `O` all
    Friday (8 unauthorised sessions), 5 weeks present, then `O` all Mon 16 Nov: 10, the
    threshold (DOMAIN.md 5) met on 16 Nov; then a week present to Fri 27 Nov."""
    marks = " ".join(["/ / / / O"] * 4 + ["/ / / / /"] * 5 + ["O / / / /", "/ / / / /"])
    reg = register({"FOST": marks, "BIO": marks}, start=D(2026, 9, 7), holidays=HOLIDAY)
    path = write_long_csv(reg, tmp_path / "export.csv", dob=True)  # born 1 Oct 2014: of age
    lines = path.read_text("utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",Looked After"]
                  + [x + (",Y" if x.startswith("FOST") else ",N") for x in lines[1:]]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS, encoding="utf-8")
    return path, contacts, make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_the_penalty_notice_pack_quotes_no_fine_for_a_looked_after_pupil(tmp_path: Path) -> None:
    """FOST, looked after (the register's Looked After column), 10 `O` sessions in the 10
    school weeks 07/09/2026 to 20/11/2026, no notice on record.  `attcli check` says "next notice: none quoted: looked after ...: a notice
    to a carer is the local authority's to decide", and README says the evidence pack reads
    the looked-after column so that "no fine is quoted for one".  The pack printed, under
    its own "Looked after" line saying the same, "This would be the first notice to this
    parent about this pupil within 3 years: £80 if paid within 21 days, £160 within 28"
    (JSON `this_notice` "first"): a fine quoted to a foster carer in the request the LA
    reads, where the check quoted none.  Now the pack quotes none, as the check does (one
    rule, :func:`attcli.store.looked_after_quote`).  BIO, the same marks, column N: the
    first notice and its amounts, as before."""
    export, contacts, config = _looked_after_school(tmp_path)
    common = ("--for", "penalty-notice", "--contacts", contacts, "--as-of", "2026-11-20",
              "-c", config)  # fmt: skip
    for upn, looked_after in (("FOST", True), ("BIO", False)):
        out = tmp_path / f"{upn}.json"
        code, _, err = run_cli("evidence", upn, export, *common, "-f", "json", "-o", out)
        assert code == 0, err
        pack = json.loads(out.read_text("utf-8"))
        assert pack["complete"], pack["problems"]
        assert len(pack["window"]["unauthorised_sessions"]) == 10
        assert pack["window"]["first_met"] == "2026-11-16"
        assert pack["this_notice"] == ("none quoted: looked after" if looked_after else "first")
        pdf = tmp_path / f"{upn}.pdf"
        code, _, err = run_cli("evidence", upn, export, *common, "-o", pdf)
        assert code == 0, err
        first = _flat(pypdf.PdfReader(pdf).pages[0].extract_text())
        assert ("£80" in first) is not looked_after, first
        if looked_after:
            assert "No penalty notice or fine is quoted: the pupil is looked after" in first
            # the LA's part said once on the page, the row answering its label, the line
            # under the notices pointing to it (it was said twice: sweep looks12, whose
            # test is here to share this pack's PDF)
            assert "Looked after yes (the register's Looked After column): no penalty" in first
            assert "looked after (the register's" not in first, first
            assert first.count("Virtual School Head") == 1, first
            assert (
                'the pupil is looked after (see "Looked after" under The pupil).' in first
            ), first
        else:
            assert "This would be the first notice to this parent" in first
    code, out, err = run_cli("check", export, "--as-of", "2026-11-20", "-c", config, width=400)
    assert code == 0, err
    assert "next notice: none quoted: looked after" in _flat(out)  # (unchanged: the same rule)


def test_a_pack_refused_as_the_window_moved_on_says_when_the_threshold_was_met(
    tmp_path: Path,
) -> None:
    """BIO: 10 `O` sessions, the threshold met on Mon 16 Nov (window 07/09/2026 to
    16/11/2026).  The officer makes the request on Fri 27 Nov: the 10 school weeks to that
    day are 14/09/2026 to 27/11/2026 and hold 8 (Fri 11 Sep's two have left it), so the
    pack is refused, rightly (DOMAIN.md 5: the window up to the as-of date).  But the
    refusal said only "the threshold is not met: 8 unauthorised sessions ..., fewer than
    10", where DOMAIN.md 5 has the first date the threshold was met reported with the
    window: read alone it says there was no offence, when there was one 11 days before.  It
    now says when it was met and how to make the pack of that window, which is then
    complete (10 sessions, 07/09/2026 to 16/11/2026)."""
    export, contacts, config = _looked_after_school(tmp_path)
    common = ("BIO", export, "--for", "penalty-notice", "--contacts", contacts, "-c", config,
              "-f", "json")  # fmt: skip
    code, _, err = run_cli("evidence", *common, "--as-of", "2026-11-27", "-o", tmp_path / "a.json")
    assert code == 1
    said = _flat(err)
    assert (
        "the threshold is not met: 8 unauthorised sessions in the 10 school weeks 14/09/2026 "
        "to 27/11/2026, fewer than 10" in said
    ), said
    assert (
        "it was met on 16/11/2026, in the 10 school weeks to that day: give --as-of "
        "2026-11-16 to make the request of that window" in said  # (sweep looks12's words)
    ), said
    out = tmp_path / "b.json"
    code, _, err = run_cli("evidence", *common, "--as-of", "2026-11-16", "-o", out)
    assert code == 0, err
    window = json.loads(out.read_text("utf-8"))["window"]
    assert (window["start"], window["end"], len(window["unauthorised_sessions"])) == (
        "2026-09-07", "2026-11-16", 10,
    )
