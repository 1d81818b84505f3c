// Historical reports for supervisors: a date range in the center's time zone, an interval and a
// grouping; the figures as a table (with a total per group) and a bar chart, and the same report as CSV.
import { $, h, fill, show } from './dom.js';
import { get, me, logout } from './api.js';
import { t, translate, languageToggle, onLanguageChange, language, reasonLabel } from './i18n.js';
import { drawBars } from './report-chart.js';

const who = await me();
if (!who) {
  location.replace('/?next=supervisor');
  await new Promise(() => {});
}
translate();
languageToggle($('#lang-toggle'));
$('#logout').addEventListener('click', () => logout());
$('#user-name').textContent = who.username;

// Which figures each grouping shows (the CSV has them all).
const COLUMNS = {
  interactions: ['offered', 'answered', 'abandoned', 'shortAbandoned', 'serviceLevelPercent', 'abandonPercent',
    'asaSeconds', 'ahtSeconds', 'averageAfterContactWorkSeconds', 'averageHoldSeconds', 'transfers', 'callbacks',
    'callbacksKept', 'fcrPercent'],
  AGENT: ['handled', 'ahtSeconds', 'averageTalkSeconds', 'averageHoldSeconds', 'averageAfterContactWorkSeconds',
    'transfers', 'fcrPercent', 'readySeconds', 'notReadySeconds', 'busySeconds', 'wrapUpStateSeconds',
    'loggedInSeconds', 'occupancyPercent', 'utilisationPercent'],
  REASON: ['notReadySeconds'],
  AGENT_REASON: ['notReadySeconds'],
};
const CHART = { AGENT: 'handled', REASON: 'notReadySeconds', AGENT_REASON: 'notReadySeconds' };
const columnsFor = group => COLUMNS[group] || COLUMNS.interactions;

let last = null;

function notify(text, kind = 'info') {
  const item = h('p', { class: `toast ${kind}`, text });
  $('#messages').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 10000 : 4000);
}

function query() {
  const p = new URLSearchParams({ from: $('#rep-from').value, to: $('#rep-to').value,
    interval: $('#rep-interval').value, groupBy: $('#rep-group').value });
  return p.toString();
}

function updateCsvLink() {
  $('#rep-csv').href = `/api/reports/historical.csv?${query()}`;
}

function when(iso, interval) {
  // The server's local time with offset: shown as it is, without the browser's zone.
  const [date, time] = iso.split('T');
  if (interval === 'DAY' || interval === 'WEEK') return date;
  if (interval === 'MONTH') return date.slice(0, 7);
  return `${date} ${time.slice(0, 5)}`;
}

/** A chart tick: the time of day for intervals within a day, else the date (or the month). */
function tick(iso, interval) {
  const [date, time] = iso.split('T');
  if (interval === 'MONTH') return date.slice(0, 7);
  if (interval === 'DAY' || interval === 'WEEK') return date.slice(5);
  return time.slice(0, 5);
}

function cell(name, v) {
  if (v === null || v === undefined) return '–';
  if (name.endsWith('Percent')) return `${v}%`;
  if (name.endsWith('Seconds')) {
    const s = Math.round(v);
    const hh = Math.floor(s / 3600), mm = Math.floor(s / 60) % 60, ss = s % 60;
    const pad = n => String(n).padStart(2, '0');
    return hh > 0 ? `${hh}:${pad(mm)}:${pad(ss)}` : `${mm}:${pad(ss)}`;
  }
  return String(v);
}

// Not-ready reasons as words (the configured labels; the server's own reasons in this language), not codes.
let reasonCodes = [];
get('/api/reason-codes').then(list => { reasonCodes = list; render(); }).catch(() => {});

function keyLabel(groupBy, key) {
  if (groupBy === 'REASON') return reasonLabel(key, reasonCodes);
  if (groupBy !== 'AGENT_REASON') return key;
  const slash = key.indexOf('/');
  return slash < 0 ? key : `${key.slice(0, slash)} / ${reasonLabel(key.slice(slash + 1), reasonCodes)}`;
}

function render() {
  if (!last) return;
  const r = last;
  const cols = columnsFor(r.groupBy);
  fill($('#rep-table thead'), h('tr', {},
    h('th', { text: t('rep.interval') }), h('th', { text: t(`rep.g.${r.groupBy}`) }),
    cols.map(c => h('th', { text: t(`rep.c.${c}`) }))));
  const rows = r.rows.map(row => h('tr', { dataset: { key: row.key, start: row.start } },
    h('td', { text: when(row.start, r.interval) }), h('td', { text: keyLabel(r.groupBy, row.key) }),
    cols.map(c => h('td', { class: 'num', text: cell(c, row[c]) }))));
  const totals = r.totals.map(row => h('tr', { class: 'total', dataset: { key: row.key } },
    h('td', { text: t('rep.total') }), h('td', { text: keyLabel(r.groupBy, row.key) }),
    cols.map(c => h('td', { class: 'num', text: cell(c, row[c]) }))));
  fill($('#rep-table tbody'), rows, totals);
  show($('#rep-empty'), r.rows.length === 0);
  const figure = CHART[r.groupBy] || 'offered';
  const byInterval = new Map(r.intervals.map(start => [start, 0]));
  r.rows.forEach(row => byInterval.set(row.start, (byInterval.get(row.start) || 0) + (row[figure] || 0)));
  $('#rep-chart-title').textContent = t('rep.chartOf', { figure: t(`rep.c.${figure}`) });
  drawBars($('#rep-chart'), [...byInterval.entries()].map(([start, value]) =>
    ({ label: tick(start, r.interval), title: when(start, r.interval), value: Math.round(value * 10) / 10 })), t('rep.chartOf', { figure: t(`rep.c.${figure}`) }));
  $('#rep-zone').textContent = t('rep.zone', { zone: r.timeZone, through: r.throughEventId })
    + (r.upToDate ? '' : ` ${t('rep.catchingUp')}`);
  $('#reports').dataset.loaded = `${r.groupBy}/${r.interval}/${r.rows.length}`;
}

async function run() {
  updateCsvLink();
  try {
    last = await get(`/api/reports/historical?${query()}`);
    render();
  } catch (e) {
    notify(t('error', { message: e.message || String(e) }), 'error');
  }
}

if (who.role === 'AGENT') {
  show($('#forbidden'), true);
  show($('#reports'), false);
} else {
  const today = new Date();
  const iso = d => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const weekAgo = new Date(today.getTime() - 6 * 86400000);
  $('#rep-from').value = iso(weekAgo);
  $('#rep-to').value = iso(today);
  for (const id of ['#rep-from', '#rep-to', '#rep-interval', '#rep-group']) {
    $(id).addEventListener('change', updateCsvLink);
  }
  $('#report-form').addEventListener('submit', e => {
    e.preventDefault();
    run();
  });
  onLanguageChange(() => render());
  document.documentElement.dataset.lang = language();
  run();
}
