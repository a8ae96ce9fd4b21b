"""`kbgen misses report --format html`: the help center's health dashboard, one self-contained file.

Weekly charts (searches and their outcomes, the share that opened an article, self-service, contacts
to a person), the articles opened most and voted No most, and the two work lists ("write these",
"fix these") with their trends. Charts are inline SVG with a data table each; the page has no
external resource (a Content-Security-Policy forbids any), follows the reader's light or dark
scheme and prints every table. Every value from the database is escaped: queries and comments are
visitors' text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from importlib.resources import files
from string import Template

from kbgen.signals.analysis.activity import Activity, Week, week_label, week_range
from kbgen.signals.analysis.fixes import ArticleFix
from kbgen.signals.analysis.report import Group, day
from kbgen.signals.analysis.verdicts import ADD_WORDS, WRITE
from kbgen.signals.analysis.worklists import WorkLists
from kbgen.signals.intake.events import CHANNELS, ORIGINS
from kbgen.signals.output.charts import Series, legend, lines, meter, stacked_columns
from kbgen.signals.output.html import render_lists

ORIGIN_NAMES = {
    "no": "after a No vote",
    "article": "from an article",
    "miss": "after a search that found nothing",
    "page": "from another page",
}
ORIGIN_COLOURS = dict(zip(ORIGINS, ("s5", "s3", "s4", "s2"), strict=True))


def render_dashboard(lists: WorkLists) -> str:
    """The whole page; it needs the lists' weekly activity (`build_worklists(with_activity=True)`)."""
    if lists.activity is None:
        raise ValueError("the HTML dashboard needs the weekly activity (build_worklists(with_activity=True))")
    groups, window, fixes, activity = lists.write, lists.window, lists.fix, lists.activity
    weeks = activity.weeks
    labels = [week_label(week.start) + ("*" if week.days < 7 else "") for week in weeks]
    sections = [
        _searches(weeks, labels, activity.clicks_collected),
        _self_service(weeks, labels),
        _contacts(weeks, labels, activity.channels),
        _articles(activity, fixes, lists.titles),
        render_lists(lists),
    ]
    kpi_title, kpis = _kpis(weeks, groups, fixes, activity.clicks_collected)
    template = Template(files("kbgen.signals.output").joinpath("dashboard.html").read_text(encoding="utf-8"))
    return template.substitute(
        period=f"{day(window.since)} to {day(window.until)}",
        audience=escape(f" · {window.audience} only") if window.audience else " · both help centers",
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        partial="; * marks a week only partly inside the period" if any(w.days < 7 for w in weeks) else "",
        kpi_title=kpi_title,
        kpis=kpis,
        sections="\n".join(sections),
    )


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _kpis(
    weeks: list[Week], groups: Sequence[Group], fixes: Sequence[ArticleFix], clicks: bool
) -> tuple[str, str]:
    """The last complete week (else the last week) against the one before."""
    full = [week for week in weeks if week.days == 7] or weeks
    last = full[-1]
    before = full[-2] if len(full) > 1 else None

    def change(now: int, then: int | None) -> str:
        if then is None:
            return ""
        delta = now - then
        return f"{'+' if delta >= 0 else '−'}{abs(delta):,} on the week before"

    def rate_change(now: float | None, then: float | None) -> str:
        if now is None or then is None:
            return ""
        points = round(100 * (now - then))
        return f"{'+' if points >= 0 else '−'}{abs(points)} points on the week before"

    opened_word = "opened an article" if clicks else "opened an article (estimate)"
    verdicts = Counter(group.verdict for group in groups)
    cards = [
        (
            f"{last.searches(clicks):,}",
            "searches",
            change(last.searches(clicks), before and before.searches(clicks)),
        ),
        (
            _percent(last.opened(clicks), last.searches(clicks)),
            f"of searches {opened_word}",
            rate_change(
                _share(last.opened(clicks), last.searches(clicks)),
                before and _share(before.opened(clicks), before.searches(clicks)),
            ),
        ),
        (
            _percent(last.self_served, last.visits),
            "of visits ended without contacting a person",
            rate_change(
                _share(last.self_served, last.visits),
                before and _share(before.self_served, before.visits),
            ),
        ),
        (
            f"{last.contacted:,}",
            "visits contacted a person",
            change(last.contacted, before and before.contacted),
        ),
        (
            f"{verdicts[WRITE]:,}",
            "groups of searches to write an article for",
            f"{verdicts[ADD_WORDS]:,} vocabulary gaps",
        ),
        (
            f"{sum(fix.failed > 0 for fix in fixes):,}",
            "articles that failed readers",
            f"{sum(fix.no for fix in fixes):,} No votes in the period",
        ),
    ]
    items = "".join(
        f'<li class="kpi"><b>{escape(value)}</b><span>{escape(name)}</span>'
        + (f"<span>{escape(note)}</span>" if note else "")
        + "</li>"
        for value, name, note in cards
    )
    return f"Week of {escape(week_range(last.start))}", items


def _data_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(
        f'<th scope="col"{" class=n" if i else ""}>{escape(h)}</th>' for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{escape(str(cell))}</th>' if i == 0 else f"<td class=n>{escape(str(cell))}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<details><summary>Data table: {escape(caption)}</summary>"
        f"<table><caption class=muted>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></details>"
    )


def _figure(chart_id: str, title: str, caption: str, chart: str, series: Sequence[Series], table: str) -> str:
    return (
        f'<figure aria-labelledby="{chart_id}-h"><h3 id="{chart_id}-h">{escape(title)}</h3>'
        f"{chart}{legend(series)}<figcaption>{caption}</figcaption>{table}</figure>"
    )


def _section(anchor: str, heading: str, figures: str, intro: str = "") -> str:
    return (
        f'<section aria-labelledby="{anchor}-s"><h2 id="{anchor}-s">{heading}</h2>{intro}'
        f'<div class="grid2" id="{anchor}">{figures}</div></section>'
    )


def _searches(weeks: list[Week], labels: list[str], clicks: bool) -> str:
    opened_name = "opened an article" if clicks else "article readings with a vote (estimate)"
    series = [
        Series(opened_name, [w.opened(clicks) for w in weeks], "s1"),
        Series("good results, none opened (no-click)", [w.noclick for w in weeks], "s4"),
        Series("weak results", [w.weak for w in weeks], "s3"),
        Series("nothing found (zero)", [w.zero for w in weeks], "s5"),
    ]
    source = (
        "Opened: a click on a search result."
        if clicks
        else "The sites do not send clicks on results yet, so searches that opened an article are "
        "estimated by article readings that left a vote (a lower bound: most readers do not vote). "
        "Once click beacons arrive, this chart counts them instead."
    )
    rows = [
        (week_range(w.start), w.searches(clicks), w.opened(clicks), w.noclick, w.weak, w.zero) for w in weeks
    ]
    searches = _figure(
        "searches",
        "Searches per week, by outcome",
        f"A search counts once per query per page view, when it settles. {source}",
        stacked_columns(
            "searches-c",
            "Searches per week, by outcome",
            f"Stacked columns, one per week: {', '.join(s.name for s in series)}.",
            labels,
            series,
        ),
        series,
        _data_table("searches per week", ("Week", "Searches", "Opened", "No-click", "Weak", "Zero"), rows),
    )
    opened = [(w.opened(clicks), w.searches(clicks)) for w in weeks]
    nothing = [(w.zero + w.weak, w.searches(clicks)) for w in weeks]
    share = [
        Series("searches that ended with an article opened", [_share(*pair) for pair in opened], "s1"),
        Series("searches that found nothing (zero or weak)", [_share(*pair) for pair in nothing], "s5"),
    ]
    share_rows = [
        (week_range(w.start), _percent(*o), _percent(*n))
        for w, o, n in zip(weeks, opened, nothing, strict=True)
    ]
    shares = _figure(
        "opened",
        "Share of searches that ended with an article opened",
        "Of all searches of the week, the share that opened an article, and the share that found nothing"
        " useful (zero or weak results).",
        lines(
            "opened-c",
            "Share of searches that opened an article",
            "Two lines, percent per week.",
            labels,
            share,
        ),
        share,
        _data_table("share of searches per week", ("Week", "Opened", "Found nothing"), share_rows),
    )
    return _section("searches", "Searches", searches + shares)


def _self_service(weeks: list[Week], labels: list[str]) -> str:
    series = [
        Series("visits that ended without contacting a person", [w.self_served for w in weeks], "s1"),
        Series("visits that contacted a person", [w.contacted for w in weeks], "s5"),
    ]
    rate = [Series("deflection estimate", [_share(w.self_served, w.visits) for w in weeks], "s1")]
    rows = [
        (week_range(w.start), w.visits, w.self_served, w.contacted, _percent(w.self_served, w.visits))
        for w in weeks
    ]
    visits = _figure(
        "visits",
        "Visits per week: self-served or sent to a person",
        "A visit is one visitor's day on a help center that left any trace (a search, a click, a vote or a"
        " contact).",
        stacked_columns(
            "visits-c", "Visits per week", "Columns: visits without, then with a contact.", labels, series
        ),
        series,
        _data_table("visits per week", ("Week", "Visits", "No contact", "Contacted", "Deflection"), rows),
    )
    deflection = _figure(
        "deflection",
        "Deflection estimate per week",
        "The share of visits that ended without contacting a person.",
        lines("deflection-c", "Deflection estimate per week", "One line, percent per week.", labels, rate),
        rate,
        _data_table("deflection per week", ("Week", "Deflection"), [(r[0], r[4]) for r in rows]),
    )
    method = (
        '<div class="method" role="note" aria-label="How the deflection estimate is counted">'
        "<p><b>How this is counted.</b> Each week, a <i>visit</i> is one visitor on one day (the visitor"
        " hash changes every day, so a visitor coming back the next day counts again) that searched,"
        " opened a result, voted on an article or clicked a phone number, e-mail or portal link on the"
        " sites. A visit <i>contacted a person</i> when it clicked one of those links; every other visit"
        " ended without contacting a person. The deflection estimate is their share.</p>"
        "<p><b>What it cannot see.</b> Visitors whose browser sends Global Privacy Control or Do Not Track,"
        " visits that left no trace (a reader who browsed without searching or voting), and people who"
        " called or wrote without clicking a link on the sites (a number typed from memory). Until the"
        " sites send clicks on search results, visits that found their answer without voting are missing,"
        " so the estimate leans towards visits that had trouble: read it as a floor, and follow its"
        " trend.</p>"
        "</div>"
    )
    return _section("self-service", "Self-service", visits + deflection, method)


def _contacts(weeks: list[Week], labels: list[str], channels: Counter[tuple[str, str]]) -> str:
    series = [
        Series(ORIGIN_NAMES[origin], [w.origins[origin] for w in weeks], ORIGIN_COLOURS[origin])
        for origin in ORIGINS
    ]
    rows = [(week_range(w.start), sum(w.origins.values()), *(w.origins[o] for o in ORIGINS)) for w in weeks]
    chart = _figure(
        "contacts",
        "Contacts to a person per week, by where they came from",
        "Clicks on the sites' phone, emergency, e-mail and portal links.",
        stacked_columns("contacts-c", "Contacts to a person per week", "Columns by origin.", labels, series),
        series,
        _data_table("contacts per week", ("Week", "Contacts", *(ORIGIN_NAMES[o] for o in ORIGINS)), rows),
    )
    peak = max((sum(channels[o, c] for o in ORIGINS) for c in CHANNELS), default=0)
    channel_rows = "".join(
        f"<tr><th scope=row>{escape(channel)}</th>"
        + "".join(f"<td class=n>{channels[o, channel]:,}</td>" for o in ORIGINS)
        + f"<td class=n>{sum(channels[o, channel] for o in ORIGINS):,}</td><td>"
        + meter([(channels[o, channel], ORIGIN_COLOURS[o], ORIGIN_NAMES[o]) for o in ORIGINS], peak)
        + "</td></tr>"
        for channel in CHANNELS
    )
    table = (
        '<figure aria-labelledby="channels-h"><h3 id="channels-h">Where contacts came from, by channel</h3>'
        "<table><thead><tr><th scope=col>Channel</th>"
        + "".join(f"<th scope=col class=n>{escape(ORIGIN_NAMES[o])}</th>" for o in ORIGINS)
        + "<th scope=col class=n>All</th><th scope=col>Share</th></tr></thead>"
        f"<tbody>{channel_rows}</tbody></table>{legend(series)}<figcaption>Totals for the period. Searches"
        " and articles that sent readers to a person are in the work lists below (column Contacted)."
        "</figcaption></figure>"
    )
    return _section("contacts", "Contacts to a person", chart + table)


def _articles(activity: Activity, fixes: Sequence[ArticleFix], titles: Mapping[tuple[str, str], str]) -> str:
    top = activity.top_opened
    peak = max((item.count for item in top), default=0)
    what = "Opened from search" if activity.clicks_collected else "Readings with a vote"
    opened_rows = (
        "".join(
            f"<tr><th scope=row>{escape(titles.get((item.audience, item.article), item.article))}"
            f"<div class=examples>{escape(item.article)}</div></th><td>{escape(item.audience)}</td>"
            f"<td class=n>{item.count:,}</td><td>{meter([(item.count, 's1', what.lower())], peak)}</td></tr>"
            for item in top
        )
        or '<tr><td colspan="4">Nothing in this period.</td></tr>'
    )
    opened_note = (
        "Clicks on a search result, by the article opened."
        if activity.clicks_collected
        else "The sites do not send clicks on search results yet: until they do, this lists the articles"
        " with the most readings that left a vote."
    )
    opened = (
        '<figure aria-labelledby="top-h"><h3 id="top-h">Top articles opened from search</h3>'
        "<table><thead><tr><th scope=col>Article</th><th scope=col>Audience</th>"
        f"<th scope=col class=n>{what}</th><th scope=col>Share</th></tr></thead>"
        f"<tbody>{opened_rows}</tbody></table>"
        f"<figcaption>{opened_note}</figcaption></figure>"
    )
    most_no = sorted((fix for fix in fixes if fix.no), key=lambda fix: (-fix.no, fix.yes, fix.title))[:10]
    peak = max((fix.readings for fix in most_no), default=0)
    no_series = [Series("No", [], "s5"), Series("Yes", [], "s1")]
    no_rows = (
        "".join(
            f"<tr><th scope=row>{escape(fix.title)}<div class=examples>{escape(fix.article)}</div></th>"
            f"<td>{escape(fix.audience)}</td><td class=n>{fix.no:,}</td><td class=n>{fix.yes:,}</td>"
            f"<td>{meter([(fix.no, 's5', 'No'), (fix.yes, 's1', 'Yes')], peak)}</td></tr>"
            for fix in most_no
        )
        or '<tr><td colspan="5">No article got a No vote in this period.</td></tr>'
    )
    voted_no = (
        '<figure aria-labelledby="no-h"><h3 id="no-h">Articles with the most No votes</h3>'
        "<table><thead><tr><th scope=col>Article</th><th scope=col>Audience</th><th scope=col class=n>No</th>"
        f"<th scope=col class=n>Yes</th><th scope=col>Votes</th></tr></thead><tbody>{no_rows}</tbody></table>"
        f'{legend(no_series)}<figcaption>Answers to "Was this page helpful?", one per reading.'
        "</figcaption></figure>"
    )
    return _section("articles", "Articles", opened + voted_no)
