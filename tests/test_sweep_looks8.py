"""What a person sees, an eighth pass (docs/decisions.md, sweep looks8).

Each test asserts the text (or the page's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import re


def test_no_command_in_the_report_breaks_at_its_hyphens_on_a_phone() -> None:
    """At 400 px (a phone, in Chromium) the staff report's banner broke its command over
    two lines at the hyphens, "attcli report ... --" / "audience governors" (looks7's
    leftover), and the footer could break its "--audience governors" so: a command read
    as two.  Every command or option in the school report is a `<code>` that never breaks
    (`white-space: nowrap`), none longer than a 320 px phone's line holds in monospace
    (24 characters): the banner's command is two of them, "attcli report ..." and
    "--audience governors", which break at the space between them alone."""
    from attcli.report.template import TEMPLATE

    assert re.search(r"\n  code \{[^}]*white-space: nowrap;", TEMPLATE)
    codes = re.findall(r"<code>(.*?)</code>", TEMPLATE)
    assert "--audience governors" in codes and "attcli report ..." in codes
    assert all(len(c) <= 24 for c in codes), [c for c in codes if len(c) > 24]
    # outside a <code>, no option is written in the page's own text
    bare = re.sub(r"<code>.*?</code>|<style>.*?</style>", "", TEMPLATE, flags=re.S)
    assert not re.findall(r"\s--[a-z]", bare)
