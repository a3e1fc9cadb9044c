"""Charts for reports: a dyad's cooperation and conflict over time, and an event timeline.

Convention in both: cooperation above the axis, conflict below, so a reader sees relations
warm or sour at a glance. Each function returns the matplotlib ``Figure`` (tests and notebooks
inspect it) and writes PNG or SVG when given ``out``. The Agg backend is used so charts are
made on servers without a display.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..errors import DatelineError  # noqa: E402
from .query import Ask, country_name, quad_name  # noqa: E402

QUAD_COLOURS = {1: "#9ccf8a", 2: "#2e7d32", 3: "#f4a259", 4: "#c0392b"}
FORMATS = (".png", ".svg")
PERIOD_WORDS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
BAR_DAYS = {"D": 0.8, "W": 5, "M": 20, "Q": 60, "Y": 250}


def actor_label(ask: Ask, key: str) -> str:
    """A display name for an actor key: the country's name, else a name the events use."""
    country = country_name(key)
    if country:
        return country
    row = ask.conn.execute(
        "SELECT source_name FROM clusters WHERE source_key = ? AND source_name IS NOT NULL LIMIT 1", (key,)
    ).fetchone() or ask.conn.execute(
        "SELECT target_name FROM clusters WHERE target_key = ? AND target_name IS NOT NULL LIMIT 1", (key,)
    ).fetchone()
    return row[0] if row else key


def dyad_chart(ask: Ask, a: str, b: str, *, freq: str = "M", out: str | Path | None = None,
               **filters: Any) -> Figure:
    """Stacked bars per period, one panel per direction: cooperation up, conflict down."""
    series = ask.dyad_series(a, b, freq=freq, **filters)
    a, b = a.upper(), b.upper()
    names = {a: actor_label(ask, a), b: actor_label(ask, b)}
    freq = series.attrs.get("freq", freq.upper())
    fig, axes = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True, constrained_layout=True)
    for ax, (source, target) in zip(axes, ((a, b), (b, a))):
        rows = series[series["direction"] == f"{source}->{target}"] if len(series) else series
        ax.set_title(f"{names[source]} → {names[target]}", loc="left", fontsize=11)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylabel(f"events per {PERIOD_WORDS[freq]}\n(cooperation + / conflict −)")
        ax.grid(axis="y", alpha=0.3)
        if not len(rows):
            ax.text(0.5, 0.5, "no events", transform=ax.transAxes, ha="center", color="grey")
            continue
        when = rows["period"].dt.to_timestamp(how="start")
        if freq in ("M", "Q", "Y"):
            when = when + pd.Timedelta(days=BAR_DAYS[freq] / 2)
        width = BAR_DAYS[freq]
        up = [0.0] * len(rows)
        for quad, column in ((1, "verbal_coop"), (2, "material_coop")):
            ax.bar(when, rows[column], width=width, bottom=up, color=QUAD_COLOURS[quad], label=quad_name(quad))
            up = [u + v for u, v in zip(up, rows[column])]
        down = [0.0] * len(rows)
        for quad, column in ((3, "verbal_conflict"), (4, "material_conflict")):
            values = [-v for v in rows[column]]
            ax.bar(when, values, width=width, bottom=down, color=QUAD_COLOURS[quad], label=quad_name(quad))
            down = [d + v for d, v in zip(down, values)]
        limit = max(1.0, max(up), -min(down))
        ax.set_ylim(-limit * 1.15, limit * 1.15)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    axes[0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False)
    axes[-1].set_xlabel("date")
    _date_axis(axes[-1])
    coarse = series.attrs.get("too_coarse", 0)
    fig.suptitle(
        f"{names[a]} – {names[b]}: deduplicated events per {PERIOD_WORDS[freq]}"
        + (f"  ({coarse} dated too coarsely to place)" if coarse else ""),
        fontsize=13,
    )
    _save(fig, out)
    return fig


def timeline_chart(ask: Ask, *, out: str | Path | None = None, labels: int = 12,
                   title: str | None = None, **filters: Any) -> Figure:
    """One stem per deduplicated event at its date, as high as its Goldstein score.

    Denied (``negated``) events are left out: they did not happen.
    Marker size grows with the number of outlets that reported the event; the most reported
    events are labelled with who did what.
    """
    frame = ask.timeline(**filters)
    # A denied event did not happen: it has no place above or below the axis.
    frame = frame[frame["date"].notna() & (frame["modality"] != "negated")].copy()
    fig, ax = plt.subplots(figsize=(12, 6), constrained_layout=True)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_ylabel("Goldstein scale\n(cooperation + / conflict −)")
    ax.set_xlabel("date")
    ax.set_title(title or _describe(filters), fontsize=13)
    ax.grid(axis="y", alpha=0.3)
    if frame.empty:
        ax.text(0.5, 0.5, "no dated events", transform=ax.transAxes, ha="center", color="grey")
        _save(fig, out)
        return fig
    frame["when"] = pd.to_datetime(frame["date"].str.slice(0, 10), format="ISO8601", errors="coerce")
    frame = frame[frame["when"].notna()]
    frame["height"] = [
        g if pd.notna(g) else (1.0 if q in (1, 2) else -1.0 if q in (3, 4) else 0.0)
        for g, q in zip(frame["goldstein"], frame["quad_class"])
    ]
    colours = [QUAD_COLOURS.get(int(q), "grey") if pd.notna(q) else "grey" for q in frame["quad_class"]]
    if len(frame) <= 2000:
        ax.vlines(frame["when"], 0, frame["height"], colors=colours, linewidth=1.0, alpha=0.7)
    sizes = [20 + 25 * (s ** 0.5) for s in frame["sources"].fillna(1)]
    ax.scatter(frame["when"], frame["height"], s=sizes, c=colours, edgecolors="black", linewidths=0.4, zorder=3)
    for quad in (1, 2, 3, 4):
        ax.scatter([], [], c=QUAD_COLOURS[quad], s=40, label=quad_name(quad))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False,
              title="marker size: outlets")
    limit = max(1.0, float(frame["height"].abs().max()))
    levels = 5
    step = limit * 0.11
    top = frame.assign(weight=frame["sources"].fillna(1) * 10 + frame["height"].abs())
    chosen = top.nlargest(labels, "weight").sort_values("when")
    first, last = frame["when"].min(), frame["when"].max()
    span = max((last - first).total_seconds(), 1.0)
    # Labels sit in rows beyond the highest stem (above for cooperation, below for conflict);
    # each takes the first row where it does not overlap a label already placed, judged
    # from its length in characters (about 0.6% of the axis width each at this size).
    taken: dict[tuple[bool, int], list[tuple[float, float]]] = {}
    for _, row in chosen.iterrows():
        above = row["height"] >= 0
        text = f"{row['date']}  {row['actors']}: {row['event']}"
        x = (row["when"] - first).total_seconds() / span
        right_side = x > 0.6
        width = len(text) * 0.0062
        interval = (x - width, x) if right_side else (x, x + width)
        level = next(
            (n for n in range(levels)
             if all(interval[1] < a or interval[0] > b for a, b in taken.get((above, n), []))),
            None,
        )
        if level is None:
            continue
        taken.setdefault((above, level), []).append(interval)
        y = (limit * 1.08 + level * step) * (1 if above else -1)
        ax.annotate(
            text, (row["when"], row["height"]), xytext=(row["when"], y), textcoords="data",
            fontsize=7.5, ha="right" if right_side else "left", va="center",
            arrowprops={"arrowstyle": "-", "color": "grey", "linewidth": 0.5},
        )
    reach = limit * 1.08 + levels * step
    ax.set_ylim(-reach, reach)
    ticks = [t for t in (-10, -5, 0, 5, 10) if abs(t) <= limit] or [0]
    ax.set_yticks(ticks)
    _date_axis(ax)
    _save(fig, out)
    return fig


def _describe(filters: dict[str, Any]) -> str:
    parts = []
    if filters.get("dyad"):
        parts.append(" – ".join(filters["dyad"]))
    if filters.get("actor"):
        parts.append(str(filters["actor"]))
    if filters.get("place"):
        parts.append(f"at {filters['place']}")
    if filters.get("since") or filters.get("until"):
        parts.append(f"{filters.get('since') or '…'} to {filters.get('until') or '…'}")
    return "Event timeline" + (": " + ", ".join(parts) if parts else "") + " (deduplicated)"


def _date_axis(ax: Any) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _save(fig: Figure, out: str | Path | None) -> None:
    if out is None:
        return
    path = Path(out)
    if path.suffix.lower() not in FORMATS:
        plt.close(fig)
        raise DatelineError(f"{path}: write charts as .png or .svg")
    try:
        fig.savefig(path, dpi=150)
    except OSError as exc:
        raise DatelineError(f"{path}: cannot write: {exc.strerror}") from exc
