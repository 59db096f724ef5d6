"""The penalty-notice request packs made (history version 18), and those a register
correction has changed since (DOMAIN.md 5, 12).

A penalty-notice pack goes to the local authority with the unauthorised sessions of its
window; the LA issues the notice weeks later.  A correction in between (an `O` made `I`:
the illness found later) leaves the request resting on figures no longer true, and
nothing said so until the notice itself was recorded (`pn record`).  So `attcli evidence
--for penalty-notice` (not a draft) records the pack: the pupil, the parent, the day made,
its window, the sessions it counted and the window's every mark (as a letter keeps its
marks, :mod:`attcli.letter_marks`); `check`, `pupil` and `evidence` compare them with the
register now.  A session the pack counted whose mark changed is named, with the count then
and now and whether the threshold is still met (below it: withdraw the request; still met:
send the LA the corrected figures); so is a session of the window not counted then (not a
penalty-notice code) that is one now.  A session the rules left out then (a notice's, before
compulsory school age) stays out.  A change outside the window changes nothing the pack
said, and is not said.  Once the notice is on record (`pn record`: a notice to the parent
covering the pack's sessions) the notice's own line says the correction (`check`), not the
pack's.  A session the exports no longer reach is not compared, and that is said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from attcli.letter_marks import (
    MAX_LISTED,
    _frame,
    kept_days,
    kept_json,
    marks_now,
    read,
    sessions_text,
)

if TYPE_CHECKING:
    from attcli.engine import Evaluation
    from attcli.store import EvidencePack, History


def keep(ev: Evaluation, school: str, upn: str, window: tuple[dt.date, dt.date]) -> str:
    """The window's marks of the pupil, as :func:`attcli.letter_marks.keep` keeps a
    letter's (read back by :func:`attcli.letter_marks.read`)."""
    days = kept_days(_frame(ev, [(school, upn)], *window))
    first, last = window
    return kept_json(first, first, first, last, next(iter(days.values()), {}))


def reprint_of(
    store: History,
    school: str,
    upn: str,
    parent_key: str,
    window: tuple[dt.date, dt.date],
    threshold: int,
    sessions: Sequence[tuple[dt.date, str, str]],
    marks: str,
) -> EvidencePack | None:
    """The pack on record that a pack made now repeats, or None: the same pupil, parent,
    window, threshold, sessions and marks (the JSON for the LA's portal after the PDF, a
    copy printed again next day) is the same request, not a second one.  A pack for
    another window is a new request; so is one for the same window whose marks were
    corrected since (the corrected request the LA must have)."""
    kept = read(marks, what="the pack made now").marks
    for p in reversed(store.evidence_packs(upn)):  # (the newest of the window's first)
        if (p.school, p.parent_key, p.window) != (school, parent_key, window):
            continue
        same = (
            p.threshold == threshold
            and list(p.sessions) == list(sessions)
            and read(p.marks, what=f"evidence pack {p.id}").marks == kept
        )
        return p if same else None
    return None


def repeats(
    store: History,
    school: str,
    upn: str,
    parent_key: str,
    window: tuple[dt.date, dt.date],
    sessions: Sequence[tuple[dt.date, str, str]],
) -> str | None:
    """The line saying that a request recorded now rests on sessions an earlier request
    on record to the same parent about the same pupil counted, or None.  A pack for a new
    window is a new request (:func:`reprint_of`), but the window moves a week with each
    export while the offences stay: P's request as of 27/11 and again as of 04/12 counted
    the same 10 sessions, two requests to the LA for one offence, unsaid (DOMAIN.md 5: a
    session that has supported one notice must not support another; sweep blind8).  The
    first such request on record is named.  A pack of the same window is the corrected
    request (its marks changed since), said by :func:`correction_lines`; a pack to
    another parent is theirs (a notice goes to each parent).  Sessions are compared on
    their date and AM/PM (a code corrected between `O` and `G` is the same session)."""
    mine = {(d, s) for d, s, _ in sessions}
    if not mine:
        return None
    for p in store.evidence_packs(upn):  # (the first request for them first)
        if (p.school, p.parent_key) != (school, parent_key) or p.window == window:
            continue
        both = mine & {(d, s) for d, s, _ in p.sessions}
        if not both:
            continue
        n = len(mine)
        how = (
            f"all {n} unauthorised sessions"
            if len(both) == n
            else f"{len(both)} of the {n} unauthorised sessions"
        )
        return (
            f"{how} of this request (window {window[0]:%d/%m/%Y} to {window[1]:%d/%m/%Y}) "
            f"were counted by penalty-notice pack {p.id} about {upn}, made "
            f"{p.made_on:%d/%m/%Y} (to {p.parent}, window {p.window[0]:%d/%m/%Y} to "
            f"{p.window[1]:%d/%m/%Y}): if that request went to the local authority, this one "
            "asks again for the same sessions; send the LA one request for them (a session "
            "supports one notice)"
        )
    return None


@dataclass
class ChangedPack:
    pack: EvidencePack
    #: (date, session, mark then, mark now); "" now: no row of the pupil's any more
    sessions: list[tuple[dt.date, str, str, str]]
    then: int
    now: int
    #: sessions the pack counted that the exports no longer reach (not compared)
    unseen: int = 0

    def line(self) -> str:
        p, k = self.pack, len(self.sessions)
        shown = sessions_text(self.sessions)
        met = self.now >= p.threshold
        unseen = (
            f" ({self.unseen} of its sessions are before or after what the exports hold now, "
            "not compared)"
            if self.unseen
            else ""
        )
        return (
            f"{p.pupil_name or p.upn} ({p.upn}): the penalty-notice pack made "
            f"{p.made_on:%d/%m/%Y} (window {p.window[0]:%d/%m/%Y} to {p.window[1]:%d/%m/%Y}, "
            f"to {p.parent}) rests on marks changed since: {k} session{'s' if k != 1 else ''} "
            f"({shown}); it counted {self.then} unauthorised sessions, the register now gives "
            f"{self.now}{unseen}, "
            + (
                f"still meeting the threshold of {p.threshold}: if the request went to the "
                "local authority, send it the corrected figures"
                if met
                else f"below the threshold of {p.threshold}: if the request went to the local "
                "authority, withdraw it"
            )
        )


def _in_view(
    ev: Evaluation, packs: Sequence[EvidencePack], out_of_view: Collection[str] = ()
) -> list[EvidencePack]:
    """The packs as of the run (made on figures to its date at the latest), of pupils in
    the exports, the newest of each pupil, parent and window (a corrected pack as of the
    Saturday after replaces the Friday's: the same window, the same request)."""
    if not packs:  # (nothing to choose: every pupil's key not read, issue 15)
        return []
    here = {(s or "", u) for s, u in ev.pupils.select("school", "upn").iter_rows()}
    newest: dict[tuple[str, str, str, tuple[dt.date, dt.date]], EvidencePack] = {}
    for p in packs:
        if p.as_of > ev.as_of or (p.school, p.upn) not in here or p.upn in out_of_view:
            continue
        newest[(p.school, p.upn, p.parent_key, p.window)] = p  # (oldest first: the last wins)
    return list(newest.values())


def changed_packs(
    ev: Evaluation, store: History, packs: Sequence[EvidencePack]
) -> list[ChangedPack]:
    """The packs among ``packs`` whose window the register now marks otherwise (a session
    it counted, or one that would count now), but not one whose notice is on record."""
    if not packs:
        return []
    codes = set(ev.config.pn_codes)
    cov = ev.coverage
    lo = cov.data_start if cov is not None else min(p.window[0] for p in packs)
    hi = cov.data_end if cov is not None else max(p.window[1] for p in packs)
    # (a pack whose window the exports do not reach at all, last year's: nothing to compare)
    packs = [p for p in packs if p.window[0] <= hi and lo <= p.window[1]]
    if not packs:
        return []
    now_all = marks_now(
        ev,
        [(p.school, p.upn) for p in packs],
        min(p.window[0] for p in packs),
        max(p.window[1] for p in packs),
    )
    out: list[ChangedPack] = []
    for p in packs:
        counted = {(d, s): m for d, s, m in p.sessions}
        # the notice issued on it: a notice to the parent (not void) covering its sessions
        # (`check` names the notice; the pack's request is done)
        noticed = False
        for n in store.notices(p.upn):
            if n.void or n.parent_key != p.parent_key:
                continue
            if any((d, s) in counted for d, s, _ in store.notice_sessions(n.id)):
                noticed = True
                break
        if noticed:
            continue
        kept = read(p.marks, what=f"evidence pack {p.id}").marks
        now_marks = now_all.get((p.school, p.upn), {})
        sessions: list[tuple[dt.date, str, str, str]] = []
        unseen = 0
        now = len(counted)
        for s in sorted(set(kept) | set(now_marks) | set(counted)):
            if not p.window[0] <= s[0] <= p.window[1]:
                continue
            if not lo <= s[0] <= hi:
                unseen += s in counted
                continue
            was = kept.get(s, ("", "missing"))
            is_ = now_marks.get(s, ("", "not_possible"))
            if s in counted:
                if is_[0] != counted[s]:
                    sessions.append((s[0], s[1], counted[s], is_[0]))
                    now -= is_[0] not in codes
            elif was[0] not in codes and was[1] != "missing" and is_[0] in codes:
                # (not a penalty-notice code then, one now; a session marked with one then
                # and not counted was left out by the rules, and stays out)
                sessions.append((s[0], s[1], was[0], is_[0]))
                now += 1
        if sessions:
            out.append(ChangedPack(p, sessions, len(counted), now, unseen))
    return out


def correction_lines(
    ev: Evaluation,
    store: History,
    out_of_view: Collection[str] = (),
    packs: Sequence[EvidencePack] | None = None,
) -> list[str]:
    """The lines `check`, `pupil` and `evidence` say of the packs on record (``packs``:
    every one by default) that rest on marks changed since."""
    chosen = _in_view(ev, store.evidence_packs() if packs is None else packs, out_of_view)
    out = [c.line() for c in changed_packs(ev, store, chosen)]
    if len(out) > MAX_LISTED:
        out = out[:MAX_LISTED] + [
            f"and {len(out) - MAX_LISTED} more penalty-notice packs resting on marks changed since"
        ]
    return out


