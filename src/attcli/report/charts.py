"""Charts as inline SVG, drawn by matplotlib (no browser, no network).

Every chart reads in black and white: series differ by hatching, marker and line style,
not colour alone, and bars and points carry their value as text.  Suppressed groups are
drawn as a text note in place of a bar.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import pickle
import re
import textwrap
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")  # before any other matplotlib import: never a GUI backend

from matplotlib.figure import Figure  # noqa: E402

from attcli.output import display_text  # noqa: E402
from attcli.percent import float_text  # noqa: E402

INK = "#1b1b1b"
DARK = "#1f4e79"  # dark blue: prints as near black
LIGHT = "#9ec5e8"  # light blue: prints as light grey
MID = "#5b8fbf"
HATCHES = ("//", "..", "xx", "\\\\", "++", "oo", "--", "||")
BAND_FILLS = ("#e8f1fa", "#9ec5e8", "#5b8fbf", "#1f4e79", "#0b2740", "#cccccc")
FONT = 10
#: Most week labels under a weekly chart: more run into each other at the page's width.
WEEK_LABELS = 12

_RC = {
    # text as outlines: looks the same on every laptop (no font needed), cannot carry markup
    "svg.fonttype": "path",
    "svg.hashsalt": "attcli-report",  # deterministic ids
    "font.family": "DejaVu Sans",  # ships with matplotlib
    "font.size": FONT,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.linewidth": 0.8,
    # labels come from exports (registration groups, cohort values): "$x$" is text, never
    # mathtext (which would typeset it, or stop the report on "$\\frac$")
    "text.parse_math": False,
    # no layout engine but each chart's own tight_layout (a matplotlibrc's would lay the
    # figure out again as it is saved: _svg)
    "figure.autolayout": False,
    "figure.constrained_layout.use": False,
}
#: A label's line beside a chart's axis: a longer label wraps at its spaces onto a second.
LABEL_LINE = 24
#: Lines of a label: a longer one (a corrupt 5,000-character value would squash the axes)
#: is cut short, its second line ending in an ellipsis, and the chart says where it is whole.
LABEL_LINES = 2
#: Said under a chart that cut a label short: each chart's table (below it on the page)
#: names every group whole (sweep looks8: "English as an additional lang…" was cut at 30
#: characters, where nothing said it).
CUT_NOTE = "A label ending in “…” is cut short on the chart: the table below gives it whole."


def label(value: object) -> str:
    """A category label from an export, fit for an axis: control characters and
    bidirectional overrides dropped, wrapped at its spaces into lines of at most
    :data:`LABEL_LINE` characters, at most :data:`LABEL_LINES` of them (the last cut short
    with an ellipsis: :func:`cut`)."""
    text = " ".join(display_text(value).split())
    lines = textwrap.wrap(text, LABEL_LINE) or [""]
    if len(lines) > LABEL_LINES:
        # the last line: the text after the lines before it, as written (a word the wrap
        # broke at its hyphen is not given a space)
        end = 0
        for line in lines[: LABEL_LINES - 1]:
            end = text.index(line, end) + len(line)
        rest = text[end:].lstrip()
        lines = [*lines[: LABEL_LINES - 1], rest[: LABEL_LINE - 1].rstrip() + "\u2026"]
    return "\n".join(lines)


def cut(labels: Sequence[str]) -> bool:
    """Whether a chart's labels (:func:`label`'s) cut any short."""
    return any(x.endswith("\u2026") for x in labels)


def _with_note(svg: str, labels: Sequence[str]) -> str:
    """The chart, and :data:`CUT_NOTE` under it where a label is cut short."""
    return svg + (f'<p class="source">{CUT_NOTE}</p>' if cut(labels) else "")


def week_label(monday: dt.date) -> str:
    """A week under a weekly chart, "2 Nov" (the school's and the trust's: the trust's
    said "02 Nov": sweep looks8)."""
    return f"{monday.day} {monday:%b}"


_counter = {"n": 0}
#: Charts kept, drawn, for a call with the same arguments (:func:`_remembered`).
REMEMBERED = 32
_drawn: OrderedDict[bytes, str] = OrderedDict()


def _remembered(draw: Callable[..., str]) -> Callable[..., str]:
    """``draw``, its chart kept for a later call with the same arguments in the process
    (the least recently asked dropped past :data:`REMEMBERED`), then given ids of its own
    (:func:`_own_ids`). A chart is ~0.1 s of matplotlib; a test session draws the example
    school's same charts over and over (sweep report1). The key is the arguments pickled,
    so 0.0 and -0.0, or 1 and 1.0, are two keys, never one chart for both, with
    matplotlib's settings as they stand (what :data:`_RC` leaves: a script that restyles
    matplotlib between two reports gets its new style); what cannot be pickled is drawn
    each time."""

    @functools.wraps(draw)
    def chart(*args: Any, **kwargs: Any) -> str:
        try:  # (the settings as stored: dict.items reads them without resolving any)
            key = pickle.dumps((draw.__name__, args, kwargs, list(dict.items(matplotlib.rcParams))))
        except (pickle.PicklingError, TypeError, AttributeError):
            return _own_ids(draw(*args, **kwargs))
        text = _drawn.get(key)
        if text is None:
            text = _drawn[key] = draw(*args, **kwargs)
            if len(_drawn) > REMEMBERED:
                _drawn.popitem(last=False)
        else:
            _drawn.move_to_end(key)
        return _own_ids(text)

    return chart


def _own_ids(text: str) -> str:
    """A chart's ids made unique in the process (several SVGs share one HTML document);
    no chart ("") is left as it is."""
    if not text:
        return text
    _counter["n"] += 1
    p = f"c{_counter['n']}-"
    text = re.sub(r'\bid="', f'id="{p}', text)
    return text.replace("url(#", f"url(#{p}").replace('href="#', f'href="#{p}')


def _svg(fig: Figure, label: str) -> str:
    """The figure as an ``<svg>`` element for inlining: no XML prolog, scaled to the page
    width (its ids are made unique by :func:`_remembered`)."""
    buf = io.StringIO()
    with matplotlib.rc_context(_RC):
        # tight_layout (each chart's, done) leaves a placeholder layout engine, and for
        # any engine savefig first draws the whole figure for its layout: a second draw
        # for nothing, ~15 % of a chart (sweep report1); the SVG is byte-for-byte the same
        fig.set_layout_engine(None)
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    # the chart's size: scale with the page, keep the aspect ratio
    text = re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        lambda m: (
            f'<svg{m.group(1)} role="img" aria-label="{_attr(label)}" '
            'style="width:100%;height:auto;max-width:100%"'
        ),
        text,
        count=1,
    )
    return text


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, height), dpi=100)
    return fig


def _style(ax) -> None:  # noqa: ANN001
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=FONT)


def _floor(values: Sequence[float | None], extra: Sequence[float | None] = ()) -> float:
    """Axis start: a multiple of 5 at least 2 points below the lowest value (0 at least)."""
    vals = [v for v in (*values, *extra) if v is not None]
    if not vals:
        return 0.0
    return float(max(0, int((min(vals) - 2) // 5) * 5))


def _right(values: Sequence[float | None], extra: Sequence[float | None] = ()) -> float:
    """Axis end: room for the value labels after the highest value, 100 at most plus labels."""
    vals = [v for v in (*values, *extra) if v is not None]
    return min(101.5, max(vals or [100]) + 2.5)


@_remembered
def weekly_chart(
    labels: Sequence[str], values: Sequence[float | None], national: float | None
) -> str:
    with matplotlib.rc_context(_RC):
        fig = _figure(11, 3.8)
        ax = fig.add_subplot()
        xs = list(range(len(values)))
        # a week with no figure (the exports miss it) is a break in the line
        ys = [float("nan") if v is None else v for v in values]
        ax.plot(xs, ys, color=DARK, marker="o", markersize=6, linewidth=2, label="This school")
        for x, v in zip(xs, values, strict=True):
            if v is not None and len(values) <= 26:
                ax.annotate(
                    float_text(v), (x, v), textcoords="offset points", xytext=(0, 8),
                    ha="center", fontsize=FONT - 1, color=INK,
                )  # fmt: skip
        if national is not None:
            ax.axhline(
                national,
                color=INK,
                linestyle="--",
                linewidth=1.2,
                label=f"National {float_text(national)} %",
            )
        low = _floor(values, [national])
        ax.set_ylim(low, 101.5)
        ax.set_ylabel("attendance %")
        # at most WEEK_LABELS labels: 22 weeks' ran together ("7 Sep14 Sep21 Sep")
        step = max(1, -(-len(labels) // WEEK_LABELS))
        ax.set_xticks(xs[::step], [labels[i] for i in xs[::step]], rotation=0)
        ax.set_xlabel("week commencing")
        ax.grid(axis="y", color="#bbbbbb", linewidth=0.6, linestyle=":")
        ax.legend(loc="lower left", frameon=False, fontsize=FONT)
        _style(ax)
        fig.tight_layout()
        return _svg(fig, "Weekly attendance: line chart of attendance % per school week")


@_remembered
def hbar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    national: float | None = None,
    suppressed_text: str = "not shown",
    width: float = 6.0,
) -> str:
    """Horizontal bars (one hatch), value at the end of each bar; a None value prints a note.
    No chart ("") when every value is None: a chart of no bar, each row "not shown: see the
    table" over a table that shows none either (sweep looks5)."""
    if all(v is None for v in values):
        return ""
    n = max(1, len(labels))
    with matplotlib.rc_context(_RC):
        fig = _figure(width, 1.0 + 0.36 * n)
        ax = fig.add_subplot()
        ys = list(range(n))[::-1]
        low = _floor(values, [national])
        shown = [(y, v) for y, v in zip(ys, values, strict=True) if v is not None]
        ax.barh(
            [y for y, _ in shown], [v - low for _, v in shown], left=low, height=0.62,
            color=LIGHT, edgecolor=INK, hatch="//", linewidth=0.8,
        )  # fmt: skip
        for y, v in zip(ys, values, strict=True):
            if v is None:
                ax.text(
                    low + 0.3, y, suppressed_text, va="center", fontsize=FONT - 1, style="italic"
                )
            else:
                ax.text(v + 0.3, y, float_text(v), va="center", fontsize=FONT - 1)
        if national is not None:
            ax.axvline(national, color=INK, linestyle="--", linewidth=1.2)
            ax.text(national, n - 0.35, f" national {float_text(national)}", fontsize=FONT - 1, va="bottom")
        shown_labels = [label(x) for x in labels]
        ax.set_yticks(ys, shown_labels)
        ax.set_xlim(low, _right(values, [national]))
        ax.set_ylim(-0.6, n - 0.1 + (0.5 if national is not None else 0))
        ax.set_xlabel(f"attendance % (axis starts at {low:g})")
        ax.grid(axis="x", color="#bbbbbb", linewidth=0.6, linestyle=":")
        _style(ax)
        fig.tight_layout()
        return _with_note(_svg(fig, title), shown_labels)


@_remembered
def paired_chart(
    labels: Sequence[str],
    first: Sequence[float | None],
    second: Sequence[float | None],
    *,
    names: tuple[str, str],
    title: str,
    xlabel: str,
    national: float | None = None,
    suppressed_text: str = "not shown",
    floor: float | None = None,
) -> str:
    """Two horizontal bars per label (hatched ``//`` dark and ``..`` light), values printed;
    no chart ("") when every value is None (as :func:`hbar_chart`)."""
    if all(v is None for v in (*first, *second)):
        return ""
    n = max(1, len(labels))
    with matplotlib.rc_context(_RC):
        fig = _figure(11, 1.1 + 0.62 * n)
        ax = fig.add_subplot()
        ys = [float(y) for y in range(n)][::-1]
        low = _floor([*first, *second], [national]) if floor is None else floor
        top = max([v for v in (*first, *second) if v is not None] or [100])
        right = _right([*first, *second], [national]) if floor is None else top * 1.15 + 1
        h = 0.36
        styles = ((DARK, "//", "white", +h / 2), (LIGHT, "..", INK, -h / 2))
        for vals, (color, hatch, _, dy), name in zip((first, second), styles, names, strict=True):
            pts = [(y + dy, v) for y, v in zip(ys, vals, strict=True) if v is not None]
            ax.barh(
                [y for y, _ in pts], [v - low for _, v in pts], left=low, height=h,
                color=color, edgecolor=INK, hatch=hatch, linewidth=0.8, label=name,
            )  # fmt: skip
            for y, v in pts:
                ax.text(v + (right - low) * 0.005, y, float_text(v), va="center", fontsize=FONT - 1)
        for y, a, b in zip(ys, first, second, strict=True):
            if a is None and b is None:
                ax.text(low + (right - low) * 0.005, y, suppressed_text, va="center",
                        fontsize=FONT - 1, style="italic")  # fmt: skip
        if national is not None:
            ax.axvline(
                national, color=INK, linestyle="--", linewidth=1.2, label=f"National {float_text(national)}"
            )
        shown_labels = [label(x) for x in labels]
        ax.set_yticks(ys, shown_labels)
        ax.set_ylim(-0.75, n - 0.25)
        ax.set_xlim(low, right)
        ax.set_xlabel(xlabel if low == 0 else f"{xlabel} (axis starts at {low:g})")
        ax.grid(axis="x", color="#bbbbbb", linewidth=0.6, linestyle=":")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, frameon=False, fontsize=FONT)
        _style(ax)
        fig.tight_layout()
        return _with_note(_svg(fig, title), shown_labels)


@_remembered
def weekday_chart(
    days: Sequence[str],
    am: Sequence[float | None],
    pm: Sequence[float | None],
    national: float | None,
) -> str:
    """Grouped vertical bars: AM (``//``, dark) and PM (``..``, light) per weekday."""
    with matplotlib.rc_context(_RC):
        fig = _figure(11, 3.6)
        ax = fig.add_subplot()
        low = _floor([*am, *pm], [national])
        xs = list(range(len(days)))
        w = 0.38
        for vals, dx, color, hatch, name in (
            (am, -w / 2, DARK, "//", "AM"),
            (pm, w / 2, LIGHT, "..", "PM"),
        ):
            pts = [(x + dx, v) for x, v in zip(xs, vals, strict=True) if v is not None]
            ax.bar(
                [x for x, _ in pts], [v - low for _, v in pts], bottom=low, width=w,
                color=color, edgecolor=INK, hatch=hatch, linewidth=0.8, label=name,
            )  # fmt: skip
            for x, v in pts:
                ax.text(x, v + 0.3, float_text(v), ha="center", va="bottom", fontsize=FONT - 1)
        if national is not None:
            ax.axhline(
                national, color=INK, linestyle="--", linewidth=1.2, label=f"National {float_text(national)}"
            )
        ax.set_xticks(xs, [label(x) for x in days])
        ax.set_ylim(low, _right([*am, *pm], [national]))
        ax.set_ylabel(f"attendance % (axis from {low:g})")
        ax.grid(axis="y", color="#bbbbbb", linewidth=0.6, linestyle=":")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, frameon=False, fontsize=FONT)
        _style(ax)
        fig.tight_layout()
        return _svg(fig, "Attendance by weekday, morning and afternoon sessions")


@_remembered
def band_chart(bands: Sequence[str], counts: Sequence[int], shares: Sequence[float | None]) -> str:
    """Vertical bars of pupils per band, each band its own hatch and shade, labelled."""
    with matplotlib.rc_context(_RC):
        fig = _figure(6, 3.4)
        ax = fig.add_subplot()
        xs = list(range(len(bands)))
        for i, (x, c) in enumerate(zip(xs, counts, strict=True)):
            fill = BAND_FILLS[i % len(BAND_FILLS)]
            ax.bar(x, c, width=0.6, color=fill, edgecolor=INK, hatch=HATCHES[i % len(HATCHES)],
                   linewidth=0.8)  # fmt: skip
        top = max([*counts, 1])
        for x, c, s in zip(xs, counts, shares, strict=True):
            text = f"{c}" if s is None else f"{c} ({float_text(s)} %)"
            ax.text(x, c + top * 0.02, text, ha="center", va="bottom", fontsize=FONT)
        shown_labels = [label(x) for x in bands]
        ax.set_xticks(xs, shown_labels)
        ax.set_ylim(0, top * 1.18)
        ax.set_ylabel("pupils")
        ax.grid(axis="y", color="#bbbbbb", linewidth=0.6, linestyle=":")
        _style(ax)
        fig.tight_layout()
        return _with_note(_svg(fig, "Pupils in each attendance band"), shown_labels)


#: line styles and markers for several series (black-and-white safe: each series differs in
#: both)
LINE_STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


@_remembered
def lines_chart(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], national: float | None
) -> str:
    """Several weekly series on one chart (the trust report: one line a school)."""
    with matplotlib.rc_context(_RC):
        fig = _figure(11, 4.2)
        ax = fig.add_subplot()
        xs = list(range(len(labels)))
        everything: list[float | None] = []
        shown_labels = [label(name) for name, _ in series]
        many = len(series) > 9  # past 8 schools and the trust: no line can be told apart
        for i, (_, values) in enumerate(series):
            everything += list(values)
            last = i == len(series) - 1  # the trust, drawn last and strongest
            if many and not last:
                ax.plot(xs, values, color="#9a9a9a", linewidth=0.8,
                        label="each school" if i == 0 else None)  # fmt: skip
                continue
            ax.plot(
                xs, values, color=DARK if i % 2 == 0 or last else MID,
                linestyle="-" if last else LINE_STYLES[i % len(LINE_STYLES)],
                marker=MARKERS[i % len(MARKERS)], markersize=5, linewidth=2.4 if last else 1.6,
                label=shown_labels[i],
            )  # fmt: skip
        if national is not None:
            ax.axhline(national, color=INK, linestyle=":", linewidth=1.2,
                       label=f"National {float_text(national)} %")  # fmt: skip
        ax.set_ylim(_floor(everything, [national]), 101.5)
        ax.set_ylabel("attendance %")
        step = max(1, -(-len(labels) // 10))
        ax.set_xticks(xs[::step], [labels[i] for i in xs[::step]], rotation=0)
        ax.set_xlabel("week commencing")
        ax.grid(axis="y", color="#bbbbbb", linewidth=0.6, linestyle=":")
        ax.legend(loc="lower left", frameon=False, fontsize=FONT - 1, ncol=3)
        _style(ax)
        fig.tight_layout()
        return _with_note(_svg(fig, "Weekly attendance by school: one line a school"), shown_labels)
