"""The HTML report template (Jinja2, autoescaped).  Kept in Python so it ships with the
package without package-data settings."""

from attcli.output import CSP_META

TEMPLATE = r"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
@CSP@
<meta name="generator" content="attcli {{ version }}">
<title>{{ title }} – {{ school }} – {{ as_of }}</title>
<style>
  :root { --ink:#1b1b1b; --muted:#555; --rule:#c8c8c8; --band:#f3f6f9; --accent:#1f4e79; }
  * { box-sizing: border-box; }
  body { font-family: "Segoe UI", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink);
         margin: 0; background: #fff; font-size: 15px; line-height: 1.45; }
  main { max-width: 1180px; margin: 0 auto; padding: 28px 36px 48px; }
  header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 22px; }
  header h1 { margin: 0; font-size: 28px; }
  header .school { font-size: 20px; font-weight: 600; color: var(--accent); }
  header .meta { color: var(--muted); margin-top: 4px; }
  h2 { font-size: 21px; margin: 34px 0 6px; padding-top: 6px; border-top: 1px solid var(--rule); }
  h2 .num { color: var(--accent); margin-right: 6px; }
  p.lead { margin: 4px 0 12px; color: var(--muted); max-width: 70em; }
  .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
  .card { border: 2px solid var(--ink); border-radius: 6px; padding: 14px 18px; }
  .card .label { font-size: 15px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
  .card .value { font-size: 46px; font-weight: 700; line-height: 1.1; margin: 4px 0; }
  .card .detail { color: var(--muted); font-size: 13.5px; }
  .card .change { font-weight: 600; margin-top: 6px; }
  .card .change.good { color: #1d5e2c; } .card .change.bad { color: #8a1c1c; }
  .card .national { margin-top: 4px; font-size: 14px; }
  .card .value, .card strong { white-space: nowrap; }  /* "91.1 %", never "91.1" over "%" */
  .source { color: var(--muted); font-size: 13px; margin-top: 8px; }
  /* a command or option never breaks at its hyphens ("--" over "audience governors" on a
     phone: sweep looks8); a long command is several, breaking at the spaces between them */
  code { white-space: nowrap; }
  figure { margin: 8px 0 10px; }
  figure svg { display: block; }
  /* a table wider than the screen (a phone) scrolls sideways in its own box, never the
     whole page with it (sweep looks7); on paper it is drawn whole, breaking between rows */
  .wide { overflow-x: auto; position: relative; }  /* (relative: a hidden caption scrolls with it) */
  table { border-collapse: collapse; margin: 8px 0 6px; font-size: 14px; }
  th, td { padding: 5px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
  th { border-bottom: 2px solid var(--ink); font-weight: 600; }
  /* a row's header (what a screen reader reads with each figure of the row) looks like
     the row's other cells */
  tbody th { border-bottom: 1px solid var(--rule); font-weight: normal; }
  /* read by a screen reader, not shown: a table's caption (its heading and lead say what
     it is on the page), the measure a repeated column header is of */
  .vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
        overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
  td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
  td.n { white-space: nowrap; }  /* "100.0 %" on one line, never "100.0" over "%" */
  tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: var(--band); }
  td.note { color: var(--muted); font-style: italic; }
  .two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
  .two > * { min-width: 0; }  /* (a column no wider than the screen: its table scrolls) */
  .callout { border-left: 4px solid var(--accent); padding: 6px 12px; background: var(--band); margin: 8px 0; }
  .staff { border: 3px double #8a1c1c; padding: 4px 16px 12px; margin-top: 34px; }
  .audience { margin-top: 8px; padding: 6px 12px; font-weight: 600; }
  .audience.for-staff { border: 3px double #8a1c1c; color: #8a1c1c; }
  .audience.for-governors { border: 2px solid var(--accent); color: var(--accent); }
  .audience.coverage { border: 3px solid #b00020; color: #b00020; }
  .staff h2 { border-top: none; margin-top: 10px; }
  .staff .warning { font-weight: 700; color: #8a1c1c; }
  details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
  ul.notes li { margin-bottom: 4px; }
  footer { margin-top: 36px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--rule); padding-top: 8px; }
  @media (max-width: 900px) { .cards, .two { grid-template-columns: 1fr; } main { padding: 16px; } }
  @media print {
    body { font-size: 11pt; } main { max-width: none; padding: 0; }
    /* a heading and its lead keep to what follows (a lead whole: a break between its lines
       left the heading at a page's foot); a long table breaks between rows (kept whole, it
       was pushed to the next page, leaving its heading alone) */
    h2, p.lead, p.warning { break-after: avoid; }
    .wide { overflow-x: visible; }
    p.lead, p.warning, figure, .card, tr { break-inside: avoid; }
    .staff { break-before: page; }
    details > *:not(summary) { display: block; } details summary { display: none; }
    /* (Chromium keeps a closed details' content in a slot of its own: without this the
       weekly table was left off the paper) */
    details::details-content { content-visibility: visible; display: block; }
    tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: none; }
  }
</style>
</head>
<body>
<main>
<header>
  <h1>{{ title }}</h1>
  <div class="school">{{ school }}</div>
  <div class="meta">{{ period }}{% if half_term %} · current half term: {{ half_term }}{% endif %}
    · figures as of {{ figures_as_of }}</div>
  {% if r.coverage_line %}<div class="audience coverage">{{ r.coverage_line }}</div>{% endif %}
  {% if r.for_governors %}
  <div class="audience for-governors">For governors: this version names no pupil. Groups of fewer than {{ min_cohort }} pupils are shown without figures.</div>
  {% else %}
  <div class="audience for-staff">For staff only: this report names pupils (section 8). For governors, make the version without names: <code>attcli report ...</code> <code>--audience governors</code>.</div>
  <div class="meta">Sections 1–7 name no pupil: groups of fewer than {{ min_cohort }} pupils are shown without figures.</div>
  {% endif %}
</header>

<section id="headline">
<h2><span class="num">1</span>Headline figures</h2>
<p class="lead">{{ r.pupils | num }} pupils on roll at some point {{ "this year" if r.year_to_date else "in the period" }}{% if since %}; changes are against the figures at the {{ since }}{% endif %}.</p>
<div class="cards">
{% for c in cards %}
  <div class="card">
    <div class="label">{{ c.label }}</div>
    <div class="value">{{ c.value }}</div>
    <div class="detail">{{ c.detail }}</div>
    {% if c.change %}<div class="change {{ c.tone }}">{{ c.change }}</div>{% endif %}
    {% if c.national %}<div class="national">{{ national_label }}: <strong>{{ c.national }}</strong>{% if c.vs_national %} · {{ c.vs_national }}{% endif %}</div>{% endif %}
    {% if c.local %}<div class="national">{{ local_area }}: <strong>{{ c.local }}</strong>{% if c.vs_local %} · {{ c.vs_local }}{% endif %}</div>{% endif %}
  </div>
{% endfor %}
</div>
{% if target %}<p class="lead"><strong>{{ target }}</strong></p>{% endif %}
{% if national %}<div class="source">National figures: {{ national_source or "from the school's config" }}.{% if part_year %} <strong>{{ part_year }}.</strong>{% endif %}</div>
{% else %}<div class="source">No national figures for this school (see <code>attcli national show</code>, or <code>[report.national]</code> in attcli.toml).</div>{% endif %}
</section>

<section id="weekly">
<h2><span class="num">2</span>Weekly attendance</h2>
<p class="lead">Sessions attended as a share of sessions possible, for the whole school, each school week (Monday to Sunday with any session).{% if nat_line %} The dashed line is the {{ nat_line }}.{% endif %}</p>
{% if weekly %}
<figure>{{ charts.weekly }}</figure>
<details><summary>Weekly figures as a table</summary>
<div class="wide"><table>
<caption class="vh">Attendance each school week</caption>
<thead><tr><th scope="col">Week commencing</th><th scope="col">Last school day</th><th scope="col" class="n">School days</th><th scope="col" class="n">Possible</th><th scope="col" class="n">Attended</th><th scope="col" class="n">Attendance</th></tr></thead>
<tbody>
{% for w in weekly %}<tr><th scope="row">{{ w.week_start | date }}</th><td>{{ w.week_end | date }}</td><td class="n">{{ w.school_days }}</td>{% if w.possible is none %}<td class="note" colspan="3">{{ w.note }}</td>{% else %}<td class="n">{{ w.possible | num }}</td><td class="n">{{ w.attended | num }}</td><td class="n">{{ w.attendance_pct | pct }}{% if w.note %} ({{ w.note }}){% endif %}</td>{% endif %}</tr>
{% endfor %}
</tbody></table></div>
</details>
{% else %}<p>No school sessions in the period.</p>{% endif %}
</section>

<section id="year-groups">
<h2><span class="num">3</span>Year groups</h2>
<p class="lead">Attendance, persistent absence (PA: attendance at or below 90 %) and severe absence (SA: at or below 50 %) rates, {{ span }}. PA and SA rates are of pupils with at least {{ r.min_possible_sessions }} possible sessions.{% if r.incomplete %} <strong>PA and SA rates are not worked out: {{ r.incomplete }}.</strong>{% endif %}</p>
<div class="two">
<figure>{{ charts.year }}{% if nat_line and charts.year %}<figcaption class="source">Dashed line: {{ nat_line }}.</figcaption>{% endif %}</figure>
<div class="wide"><table>
<caption class="vh">Attendance, PA and SA rates by year group</caption>
<thead><tr><th scope="col">Year group</th><th scope="col" class="n">Pupils</th><th scope="col" class="n">Attendance</th><th scope="col" class="n">PA rate</th><th scope="col" class="n">SA rate</th></tr></thead>
<tbody>
{% for g in year_groups %}<tr><th scope="row">{{ g.label }}</th>{% if g.note %}<td class="note" colspan="4">{{ g.note }}</td>{% else %}<td class="n">{{ g.pupils | num }}</td><td class="n">{{ g.attendance_pct | pct }}</td><td class="n">{{ g.pa_rate | pct }}</td><td class="n">{{ g.sa_rate | pct }}</td>{% endif %}</tr>
{% endfor %}
</tbody></table></div>
</div>
</section>

<section id="reg-groups">
<h2><span class="num">4</span>Registration groups</h2>
<p class="lead">The same figures for each registration group.</p>
<div class="two">
<figure>{{ charts.reg }}{% if nat_line and charts.reg %}<figcaption class="source">Dashed line: {{ nat_line }}.</figcaption>{% endif %}</figure>
<div class="wide"><table>
<caption class="vh">Attendance, PA and SA rates by registration group</caption>
<thead><tr><th scope="col">Year group</th><th scope="col">Reg group</th><th scope="col" class="n">Pupils</th><th scope="col" class="n">Attendance</th><th scope="col" class="n">PA rate</th><th scope="col" class="n">SA rate</th></tr></thead>
<tbody>
{% for g in reg_groups %}<tr><th scope="row">{{ g.label }}</th><th scope="row">{{ g.reg_group or "(none)" }}</th>{% if g.note %}<td class="note" colspan="4">{{ g.note }}</td>{% else %}<td class="n">{{ g.pupils | num }}</td><td class="n">{{ g.attendance_pct | pct }}</td><td class="n">{{ g.pa_rate | pct }}</td><td class="n">{{ g.sa_rate | pct }}</td>{% endif %}</tr>
{% endfor %}
</tbody></table></div>
</div>
</section>

<section id="cohorts">
<h2><span class="num">5</span>Cohorts against the rest of the school</h2>
<p class="lead">Each group of pupils against the other pupils whose value is known. The gap is the cohort's figure minus the rest's, in percentage points (pp), from exact counts.{% if r.incomplete %} <strong>PA rates are not worked out: {{ r.incomplete }}.</strong>{% endif %}</p>
{% if cohorts %}
<figure>{{ charts.cohort }}{% if nat_line and charts.cohort %}<figcaption class="source">Dashed line: {{ nat_line }}.</figcaption>{% endif %}</figure>
<figure>{{ charts.cohort_pa }}{% if nat_pa_line and charts.cohort_pa %}<figcaption class="source">Dashed line: {{ nat_pa_line }}.</figcaption>{% endif %}</figure>
<div class="wide"><table>
<caption class="vh">Attendance and PA rate of each cohort against the rest of the school</caption>
<thead><tr><th scope="col">Cohort</th><th scope="col" class="n">Pupils</th><th scope="col" class="n">Attendance</th><th scope="col" class="n">Rest of school<span class="vh">: attendance</span></th><th scope="col" class="n">Gap<span class="vh"> in attendance</span></th><th scope="col" class="n">PA rate</th><th scope="col" class="n">Rest PA rate<span class="vh">: the rest of the school's</span></th><th scope="col" class="n">PA gap</th></tr></thead>
<tbody>
{% for c in cohorts %}<tr><th scope="row">{% if c.attribute == "gender" %}Gender: {% endif %}{{ c.cohort }}</th>{% if c.note %}<td class="note" colspan="7">{{ c.note }}</td>{% else %}<td class="n">{{ c.pupils | num }}</td><td class="n">{{ c.attendance_pct | pct }}</td><td class="n">{{ c.rest_attendance_pct | pct }}</td><td class="n">{{ c.gap_pp | pp }}</td><td class="n">{{ c.pa_rate | pct }}</td><td class="n">{{ c.rest_pa_rate | pct }}</td><td class="n">{{ c.pa_gap_pp | pp }}</td>{% endif %}</tr>
{% endfor %}
</tbody></table></div>
<p class="source">Where the cohorts come from: {% for attrs, s in sources %}{{ attrs }}: {{ s }}{% if not loop.last %}; {% endif %}{% endfor %}.
{% for label, n in no_value %}{% if loop.first %} Pupils with no value are in neither the cohort nor the rest: {% endif %}{{ label }}: {{ n }}{% if not loop.last %}; {% endif %}{% endfor %}</p>
{% endif %}
{% if missing_attributes %}<p class="source">Not in the data: {{ missing_attributes | join(", ") }}. Give a pupil list with <code>--pupils FILE</code> to add them.</p>{% endif %}
</section>

<section id="weekdays">
<h2><span class="num">6</span>Days of the week and sessions</h2>
<p class="lead">Attendance on each weekday, morning (AM) and afternoon (PM), {{ span }}.</p>
{% if worst_day %}<div class="callout">Lowest attendance: <strong>{{ worst_day.weekday }}</strong> ({{ worst_day.attendance_pct | pct }}).</div>{% endif %}
<figure>{{ charts.weekday }}{% if nat_line and charts.weekday %}<figcaption class="source">Dashed line: {{ nat_line }}.</figcaption>{% endif %}</figure>
<div class="two">
<div class="wide"><table>
<caption class="vh">Attendance on each weekday, AM and PM</caption>
<thead><tr><th scope="col">Weekday</th><th scope="col" class="n">AM</th><th scope="col" class="n">PM</th><th scope="col" class="n">All day</th><th scope="col" class="n">Possible</th></tr></thead>
<tbody>
{% for d in weekdays %}<tr><th scope="row">{{ d.weekday }}</th><td class="n">{{ d.am_pct | pct }}</td><td class="n">{{ d.pm_pct | pct }}</td><td class="n">{{ d.attendance_pct | pct }}</td><td class="n">{{ d.possible | num }}</td></tr>
{% endfor %}
</tbody></table></div>
<div class="wide"><table>
<caption class="vh">Attendance at morning and afternoon sessions</caption>
<thead><tr><th scope="col">Session</th><th scope="col" class="n">Possible</th><th scope="col" class="n">Attended</th><th scope="col" class="n">Attendance</th></tr></thead>
<tbody>
{% for s in sessions %}<tr><th scope="row">{{ s.session }}</th><td class="n">{{ s.possible | num }}</td><td class="n">{{ s.attended | num }}</td><td class="n">{{ s.attendance_pct | pct }}</td></tr>
{% endfor %}
</tbody></table></div>
</div>
</section>

<section id="bands">
<h2><span class="num">7</span>Pupils in each attendance band</h2>
<p class="lead">Bands as set in the school's config, {{ span }}; shares are of pupils with a band.{% if r.incomplete %} <strong>No pupil has a band: {{ r.incomplete }}.</strong>{% endif %}</p>
<div class="two">
<figure>{{ charts.band }}</figure>
<div class="wide"><table>
<caption class="vh">Pupils in each attendance band</caption>
<thead><tr><th scope="col">Band</th><th scope="col">Rule</th><th scope="col" class="n">Pupils</th><th scope="col" class="n">Share</th></tr></thead>
<tbody>
{% for b in bands %}<tr><th scope="row">{{ b.band }}</th><td>{{ b.rule }}</td><td class="n">{{ b.pupils | num }}</td><td class="n">{{ b.share_pct | pct }}</td></tr>
{% endfor %}
</tbody></table></div>
</div>
</section>

{% if not r.for_governors %}
<section id="worsening" class="staff">
<h2><span class="num">8</span>Pupils whose band got worse — for staff only</h2>
<p class="warning">This section names pupils. Governors get the version made with <code>--audience governors</code>, which leaves it out.</p>
{% if not since %}<p>No comparison with a previous half term (the data notes say why).</p>
{% elif not worsening %}<p>No pupil's band got worse since the {{ since }}.</p>
{% else %}
<p class="lead">{{ worsening | length }} pupil{{ "s" if worsening | length != 1 }} in a worse band now than at the {{ since }} (year-to-date attendance then and now), worst band first.</p>
<div class="wide"><table>
<caption class="vh">Pupils whose band got worse</caption>
<thead><tr><th scope="col">UPN</th><th scope="col">Name</th><th scope="col">Year</th><th scope="col">Reg group</th><th scope="col">Band then</th><th scope="col" class="n">Then</th><th scope="col">Band now</th><th scope="col" class="n">Now</th><th scope="col" class="n">This half term</th></tr></thead>
<tbody>
{% for p in worsening %}<tr><th scope="row">{{ p.upn }}</th><th scope="row">{{ p.surname }}, {{ p.forename }}</th><td>{{ p.year_group or "" }}</td><td>{{ p.reg_group or "" }}</td><td>{{ p.previous_band }}</td><td class="n">{{ p.previous_pct | pct }}</td><td><strong>{{ p.band }}</strong></td><td class="n">{{ p.attendance_pct | pct }}</td><td class="n">{{ p.ht_attendance_pct | pct }}</td></tr>
{% endfor %}
</tbody></table></div>
{% endif %}
</section>
{% endif %}

{% set n = 8 if r.for_governors else 9 %}
{% if impact is not none %}
<section id="impact">
<h2><span class="num">{{ n }}</span>Did the school's actions work?</h2>
<p class="lead">For each stage of the school's escalation ladder (attcli cases): the pupils whose action was done at least {{ impact_weeks }} weeks ago, their attendance over the {{ impact_weeks }} weeks before it against the {{ impact_weeks }} weeks from it. Stages with fewer than {{ min_cohort }} pupils are shown without figures.</p>
<div class="wide"><table>
<caption class="vh">Attendance before and after each stage of the school's ladder</caption>
<thead><tr><th scope="col">Stage</th><th scope="col" class="n">Pupils</th><th scope="col" class="n">Improved</th><th scope="col" class="n">Median change</th><th scope="col">Note</th></tr></thead>
<tbody>
{% for i in impact %}<tr><th scope="row">{{ i.title }}</th><td class="n">{{ "" if i.pupils is none else i.pupils }}</td><td class="n">{{ "" if i.improved is none else i.improved }}</td><td class="n">{{ "" if i.median_change is none else ("%+.2f pp" | format(i.median_change)) }}</td><td>{{ i.note or "" }}</td></tr>
{% endfor %}
</tbody></table></div>
</section>
{% set n = n + 1 %}
{% endif %}

<section id="method">
<h2><span class="num">{{ n }}</span>How the figures are worked out</h2>
<ul class="notes">
  <li>Attendance = sessions attended (present, late before the register closed, approved educational activity) ÷ possible sessions, over {{ "the academic year" if r.year_to_date else "the period" }} from {{ r.period_start | date }} to {{ as_of }}. The school figure adds up every pupil's sessions.</li>
  <li>Persistent absence (PA) rate = pupils with attendance at or below 90 % ÷ pupils with at least {{ r.min_possible_sessions }} possible sessions; severe absence (SA) at or below 50 %. Thresholds are compared on exact counts, never on a rounded percentage.</li>
  <li>Percentages are rounded half up to one decimal place, with more decimals where one decimal would put a figure on or across a band line, 0 or 100 ({{ rounding_example }}). Gaps and changes (pp) are worked out from the exact counts, so they can differ by 0.1 from subtracting the rounded figures.</li>
  <li>Groups (year groups, registration groups, cohorts) of fewer than {{ min_cohort }} pupils are shown without figures, as in published statistics, so that no pupil can be picked out; a cohort is also hidden when the rest of the school has fewer than {{ min_cohort }} pupils.</li>
</ul>
{% if notes or r.withheld_notes %}<h3>Data notes</h3>
<ul class="notes">{% for n in notes %}<li>{{ n|coded }}</li>{% endfor %}
{% if r.withheld_notes %}<li>{{ r.withheld_notes }} note{{ "s" if r.withheld_notes != 1 }} about the export files (which can name files and pupils) {{ "are" if r.withheld_notes != 1 else "is" }} in the staff version only.</li>{% endif %}</ul>{% endif %}
</section>

<footer>Made by attcli {{ version }} on {{ generated }}. {% if r.for_governors %}This version names no pupil; it describes groups of pupils: share it as your data protection policy says.{% else %}This file names pupils: store and share it as your data protection policy says, and give governors the version made with <code>--audience governors</code>.{% endif %}</footer>
</main>
</body>
</html>
""".replace("@CSP@", CSP_META)
