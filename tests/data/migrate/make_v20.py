"""Make tests/data/migrate/history-v20.sqlite3 with main's code of then (history version 20)
and the answers main's code gives of it (history-v20.json): run with main's src of
548e8a6a on PYTHONPATH, ``python make_v20.py OUT_FOLDER``."""
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

from attcli.store import SCHEMA_VERSION, History

assert SCHEMA_VERSION == 20
out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
path = out / "history-v20.sqlite3"
path.unlink(missing_ok=True)
D = dt.date
def pupils(school, upns):
    return [(school, u, 10, 12, None, "", None, None, 2) for u in upns]
def n(school, *rows):
    return [(school, u, D.fromisoformat(d), s) for u, d, s in rows]
with History(path, write=True) as h:
    # a run from before the N sessions were kept (history version 9): n_kept 0
    h.db.execute("INSERT INTO snapshots (as_of, taken_at, taken_by, exports, school, n_kept) "
                 "VALUES ('2026-09-04', '2026-09-04T16:00:00', 'old', 'e0.csv', '', 0)")
    A1 = ("A", "2026-09-14", "AM")
    B1 = ("B", "2026-09-15", "PM")
    T1 = ("T", "2026-09-16", "AM")
    weeks = [D(2026, 9, 11) + dt.timedelta(weeks=w) for w in range(6)]
    for w, day in enumerate(weeks):
        rows = [A1] if w >= 1 else []
        if w in (1, 2, 4, 5):
            rows.append(B1)  # resolved in week 4's run, N again from week 5's
        rows += [("C", (day - dt.timedelta(days=k)).isoformat(), "PM") for k in range(0, w + 1, 2)]
        if w >= 1:
            rows.append(T1)
        ups = ["A", "B", "C", "T"] + (["P"] if w == 4 else [])  # week 5: the child under both
        if w == 4:
            rows.append(("P", "2026-09-16", "AM"))
        h.add_snapshot(day, f"e{w}.csv", pupils("", ups), by="t", n_sessions=n("", *rows))
        # a trust's other school's run between (its ids interleave with this school's)
        h.add_snapshot(day, f"n{w}.csv", pupils("north", ["A", "Z"]), by="t", school="north",
                       n_sessions=n("north", *([A1, ("Z", "2026-09-18", "PM")] if w % 2 else [A1])))
    # a past week run again: recorded last, as of an earlier date
    h.add_snapshot(weeks[2], "again.csv", pupils("", ["A", "B", "C"]), by="t",
                   n_sessions=n("", A1, ("C", "2026-09-21", "AM")))
    for i, (upn, start) in enumerate([("A", "2026-09-01"), ("B", "2026-09-01"), ("C", "2026-11-02")]):
        lid = h.begin_letter(school="", upn=upn, template="amber", band="amber",
                             half_term="Autumn 1" if start < "2026-11" else "Autumn 2",
                             half_term_start=D.fromisoformat(start), academic_year=2026,
                             recipient=f"C{upn}", stage=1, letter_date=D(2026, 10, 1 + i),
                             out_dir="letters", file=f"{upn}.pdf", pupil_name=f"Pupil {upn}",
                             contact_name="Mrs P", address="1 Road", email="",
                             attended=10, possible=12, as_of=D(2026, 9, 30))
        h.letter_written(lid, "0" * 64)
        h.send_letters({lid: "print.pdf"})
def answers(p):
    with History(p) as h:
        ids = [r[0] for r in h.db.execute("SELECT id FROM snapshots ORDER BY id")]
        return {
            "n_sessions": {str(i): (None if (x := h.snapshot_n_sessions(i)) is None else
                                    [[s, u, d.isoformat(), ss] for s, u, d, ss in x]) for i in ids},
            "sent_for": {d: sorted(r.id for r in h.sent_for(D.fromisoformat(d)))
                         for d in ("2026-09-01", "2026-11-02", "2027-01-04")},
        }
expected = {"stored": answers(path)}
merged = out / "merged.sqlite3"
shutil.copyfile(path, merged)
with History(merged, write=True) as h:
    expected["merge"] = h.merge_pupil("T", "P", by="t")
expected["merged"] = answers(merged)
forgot = out / "forgot.sqlite3"
shutil.copyfile(path, forgot)
with History(forgot, write=True) as h:
    f = h.forget(upns=["A"], today=D(2026, 12, 1), by="t", force=True)
    expected["forget_A"] = f.counts
expected["forgot"] = answers(forgot)
merged.unlink()
forgot.unlink()
(out / "history-v20.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
print(json.dumps(expected)[:1500])
