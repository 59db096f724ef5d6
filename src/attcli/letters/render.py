"""A letter as HTML: the same dict the PDF is typeset from (:mod:`attcli.pdf`), every
value escaped."""

from __future__ import annotations

import html
from typing import Any

from attcli.letters.templates import runs_html as _runs_html
from attcli.output import CSP_META

_CSS = """
body { font-family: "FiraGO", "Segoe UI", "Noto Sans", Arial, sans-serif; font-size: 11pt;
       color: #111; max-width: 170mm; margin: 12mm auto; line-height: 1.4;
       overflow-wrap: anywhere; padding: 0 16px; }
/* (16 px either side: on a phone the auto margins are nothing, and the letter touched the
   screen's edges, sweep looks7) */
.letterhead { display: flex; justify-content: space-between; align-items: center;
              border-bottom: 2px solid #1f3a5f; padding-bottom: 4px; }
.letterhead .school { color: #1f3a5f; margin: 0; font-size: 18pt; font-weight: bold; }
.letterhead address { font-style: normal; text-align: right; font-size: 9pt; color: #333;
                      overflow-wrap: normal; margin-left: auto; }
/* (the school's email whole: on a phone the name beside it squeezed the address until
   "...@oakfield.example.o" broke over "rg"; a line too long goes under the name: looks8) */
.letterhead { flex-wrap: wrap; column-gap: 12px; }
.top { display: flex; justify-content: space-between; margin: 14mm 0 10mm; }
.recipient { white-space: normal; }
.date { text-align: right; }
.ref { color: #555; }
h1 { font-size: 11.5pt; margin: 1.2em 0; }
table.figures { border-collapse: collapse; width: 100%; margin: 1em 0 0.3em; }
table.figures thead th, table.figures thead td { background: #eef2f7;
    border-bottom: 2px solid #1f3a5f; text-align: right; padding: 4px 8px; }
table.figures td, table.figures tbody th { border-bottom: 1px solid #ccc; padding: 4px 8px;
    text-align: right; }
table.figures tbody th { font-weight: normal; text-align: left; }
/* a heading's date and half term whole ("4 December 2026", "Autumn 2", joined by no-break
   spaces): the body's "anywhere" broke them on a phone, "4 December 2" over "026)" (looks11);
   under 360 px the table is wider than the screen with them whole, and a heading breaks
   where it must rather than a column of figures go past the screen's edge */
table.figures th, table.figures td { overflow-wrap: normal; }
@media (max-width: 360px) { table.figures thead th { overflow-wrap: anywhere; } }
.note { color: #555; }
/* read by a screen reader, not shown: the table's caption */
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
      overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.signature { margin-top: 1.5em; }
.signature .name { margin-top: 3em; font-weight: bold; }
/* the school's phone number on one line, never "01632" over "960000" */
.tel { white-space: nowrap; }
footer { margin-top: 3em; font-size: 8pt; color: #666; text-align: center; }
@media print { body { margin: 0 auto; padding: 0; } }
"""


def _lines(lines: list[str]) -> str:
    return "<br>".join(html.escape(x) for x in lines)


def letter_html(doc: dict[str, Any]) -> str:
    """A standalone HTML page of the letter (for email, or to read on screen)."""
    e = html.escape
    school = doc["school"]
    contact = [*school["address"]]
    if school["phone"]:
        contact.append(f"Tel: {school['phone']}")
    if school["email"]:
        contact.append(school["email"])
    body: list[str] = []
    phone = e(school["phone"]).strip()

    def runs_html(runs: Any) -> str:  # (the phone number in a template's text, kept whole)
        out = _runs_html(runs)
        return out.replace(phone, f'<span class="tel">{phone}</span>') if phone else out

    for b in doc["blocks"]:
        if b["kind"] == "subject":
            body.append(f"<h1>{runs_html(b['runs'])}</h1>")
        elif b["kind"] == "para":
            body.append(f"<p>{runs_html(b['runs'])}</p>")
        elif b["kind"] == "list":
            tag = "ol" if b["ordered"] else "ul"
            items = "".join(f"<li>{runs_html(i)}</li>" for i in b["items"])
            body.append(f"<{tag}>{items}</{tag}>")
        elif b["kind"] == "figures" and doc["figures"]["rows"]:
            f = doc["figures"]
            # (a screen reader reads each figure with its column's and its row's header;
            # the corner cell, which heads nothing, is no header)
            head = "".join(
                f'<th scope="col">{e(c)}</th>' if c else "<td></td>" for c in f["columns"]
            )
            rows = "".join(
                f'<tr><th scope="row">{e(str(r[0]))}</th>'
                + "".join(f"<td>{e(str(c))}</td>" for c in r[1:])
                + "</tr>"
                for r in f["rows"]
            )
            body.append(
                '<table class="figures"><caption class="vh">Attendance figures</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
            if f["note"]:
                body.append(f'<p class="note">{e(f["note"])}</p>')
    sig = doc["signatory"]
    sig_lines = [x for x in (sig["role"], sig["school"]) if x]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"{CSP_META}\n"
        f"<title>{e(doc['title'])}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header class="letterhead"><p class="school">{e(school["name"])}</p>'
        f"<address>{_lines(contact)}</address></header>\n"
        # (the letter itself a landmark a screen reader goes to, past the letterhead)
        f'<main>\n<div class="top"><div class="recipient">{_lines(doc["recipient"])}</div>'
        f'<div class="date">{e(doc["date"])}<br><span class="ref">{e(doc["reference"])}</span>'
        "</div></div>\n"
        f"<p>{e(doc['salutation'])}</p>\n" + "\n".join(body) + "\n"
        f'<div class="signature"><p>{e(doc["closing"])}</p>'
        f'<p class="name">{e(sig["name"])}'
        + (f"<br><span>{_lines(sig_lines)}</span>" if sig_lines else "")
        + "</p></div>\n</main>\n"
        f"<footer>{e(doc['footer'])}</footer>\n</body>\n</html>\n"
    )
