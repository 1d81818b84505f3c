// Outbound campaigns for supervisors: the campaigns with their key figures; a form to create and edit one
// (with the version it was read at: a 409 says someone else changed it); start / pause / stop; the calling
// list's CSV upload with the row-by-row report; the records by state; the live figures every few seconds
// while the page is visible; the do-not-call lists. API errors are shown next to the form that caused them.
import { $, h, fill, show, dateTime } from './dom.js';
import { api, get, post, put, me, logout, ApiError } from './api.js';
import { t, translate, languageToggle, onLanguageChange } from './i18n.js';

const REFRESH_MS = 3000;
const PAGE = 50;

const who = await me();
if (!who) {
  location.replace('/?next=supervisor');
  await new Promise(() => {});
}
translate();
languageToggle($('#lang-toggle'));
$('#logout').addEventListener('click', () => logout());
$('#user-name').textContent = who.username;

let campaigns = [];
const figures = new Map();
let selected = null; // the campaign being edited and watched, as last read
let live = null;
let liveFigures = null;
let report = null;
let recOffset = 0;
let recPage = null;
let dncPage = null;
let dncReport = null;
let dirty = false; // the form was changed since it was filled

function notify(text, kind = 'info') {
  const item = h('p', { class: `toast ${kind}`, text });
  $('#messages').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 10000 : 4000);
}

/** A CSV (or other text) body; errors as ApiError like the JSON calls. */
async function sendText(method, path, text, type = 'text/csv') {
  const res = await fetch(path, { method, credentials: 'same-origin', body: text,
    headers: { accept: 'application/json', 'content-type': `${type}; charset=utf-8` } });
  const body = await res.text();
  let json = null;
  if (body) {
    try { json = JSON.parse(body); } catch { json = null; }
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** The API's refusal next to the form: a sentence by status, the server's message, one line per field. */
function showError(box, e) {
  if (!e) {
    fill(box);
    show(box, false);
    return;
  }
  const status = e instanceof ApiError ? e.status : 0;
  const body = (e instanceof ApiError && e.body) || {};
  let head;
  if (status === 409 && body.currentVersion !== undefined) head = t('cmp.err.stale', { version: body.currentVersion });
  else if ([400, 403, 404, 409, 413, 429].includes(status)) head = t(`cmp.err.${status}`);
  else if (status) head = t('cmp.err.other', { status });
  else head = t('cmp.err.network');
  const message = body.message || (status ? '' : (e.message || String(e)));
  const fields = body.fields || [];
  fill(box, h('p', { class: 'error', text: head }),
    message ? h('p', { class: 'server-message', text: message }) : null,
    fields.length ? h('ul', { class: 'field-errors' },
      fields.map(f => h('li', { dataset: { field: f.field } }, h('code', { text: f.field }), ` ${f.message}`))) : null);
  if (status === 409 && body.currentVersion !== undefined && selected) {
    box.append(h('button', { type: 'button', class: 'reload', text: t('cmp.reload'), onclick: reloadSelected }));
  }
  box.dataset.status = String(status);
  show(box, true);
}

// ------------------------------------------------------------------ the list of campaigns

async function loadCampaigns() {
  try {
    campaigns = await get('/api/campaigns');
    showError($('#list-error'), null);
  } catch (e) {
    showError($('#list-error'), e);
    return;
  }
  await Promise.all(campaigns.slice(0, 50).map(async c => {
    try { figures.set(c.id, await get(`/api/campaigns/${encodeURIComponent(c.id)}/figures`)); } catch { /* shown as – */ }
  }));
  if (selected) {
    // The form keeps the version it was read at while someone types in it: saving then says 409.
    const now = campaigns.find(c => c.id === selected.id);
    if (now && now.version !== selected.version && !dirty) {
      selected = now;
      fillForm(now);
    }
  }
  renderList();
  renderDetail();
}

const num = v => (v === null || v === undefined ? '–' : String(v));

function renderList() {
  fill($('#cmp-table tbody'), campaigns.map(c => {
    const f = figures.get(c.id);
    return h('tr', { dataset: { id: c.id, state: c.state }, class: selected && selected.id === c.id ? 'selected' : null,
      onclick: () => select(c) },
    h('td', {}, h('button', { type: 'button', class: 'link', text: c.name })),
    h('td', {}, h('span', { class: `badge cmp-${c.state}`, text: t(`cmp.s.${c.state}`) })),
    h('td', { text: t(`cmp.m.${c.mode}`) }), h('td', { text: c.queueId }),
    h('td', { class: 'num left', text: f ? num(f.pending + f.dialing) : '–' }),
    h('td', { class: 'num', text: f ? num(f.done) : '–' }), h('td', { class: 'num', text: f ? num(f.failed) : '–' }));
  }));
  show($('#cmp-none'), campaigns.length === 0);
}

// ------------------------------------------------------------------ the form

async function loadQueues() {
  try {
    const queues = (await get('/api/queues')).filter(q => (q.channels || []).includes('OUTBOUND_VOICE'));
    fill($('#f-queue'), queues.map(q => h('option', { value: q.id, text: `${q.name} (${q.id})` })));
  } catch (e) {
    showError($('#form-error'), e);
  }
}

function days() {
  return [...$('#f-days').querySelectorAll('input[type=checkbox]')].filter(b => b.checked).map(b => b.value);
}

function numberOrNull(el) {
  const v = el.value.trim();
  return v === '' ? null : Number(v);
}

function formBody() {
  const body = {
    name: $('#f-name').value.trim(), queueId: $('#f-queue').value, mode: $('#f-mode').value,
    amdMode: $('#f-amd').value, requireConsent: $('#f-consent').checked,
    window: { from: $('#f-from').value, to: $('#f-to').value, days: days() },
  };
  const optional = { callerId: $('#f-caller').value.trim(), identificationPromptId: $('#f-ident').value.trim(),
    amdMessagePromptId: $('#f-amdmsg').value.trim() };
  for (const [k, v] of Object.entries(optional)) if (v) body[k] = v;
  const ring = numberOrNull($('#f-ring')), limit = numberOrNull($('#f-limit')), attempts = numberOrNull($('#f-attempts'));
  if (ring !== null) body.ringTimeoutSeconds = ring;
  if (limit !== null) body.abandonLimitPercent = limit;
  if (attempts !== null) body.maxAttempts = attempts;
  if (selected) body.retrySchedule = selected.retrySchedule; // not edited here: kept as it was
  return body;
}

/** Checks the browser can make before the server does (the server checks everything again). */
function localProblems(body) {
  const fields = [];
  if (!body.name) fields.push({ field: 'name', message: t('cmp.v.required') });
  if (!body.queueId) fields.push({ field: 'queueId', message: t('cmp.v.noQueue') });
  if (body.ringTimeoutSeconds !== undefined && !(body.ringTimeoutSeconds >= 15)) {
    fields.push({ field: 'ringTimeoutSeconds', message: t('cmp.v.ring') });
  }
  if (body.window.days.length === 0) fields.push({ field: 'window.days', message: t('cmp.v.days') });
  return fields;
}

function fillForm(c) {
  const title = $('#cmp-form-title');
  if (c) {
    delete title.dataset.i18n;
    title.textContent = t('cmp.edit', { name: c.name });
  } else {
    title.dataset.i18n = 'cmp.create';
    title.textContent = t('cmp.create');
  }
  dirty = false;
  $('#cmp-form').dataset.version = c ? String(c.version) : '';
  $('#f-name').value = c ? c.name : '';
  if (c) {
    if (![...$('#f-queue').options].some(o => o.value === c.queueId)) {
      $('#f-queue').append(h('option', { value: c.queueId, text: c.queueId }));
    }
    $('#f-queue').value = c.queueId;
  }
  $('#f-mode').value = c ? c.mode : 'PROGRESSIVE';
  $('#f-caller').value = (c && c.callerId) || '';
  $('#f-ring').value = c ? c.ringTimeoutSeconds : 25;
  $('#f-limit').value = c ? c.abandonLimitPercent : 3;
  $('#f-attempts').value = c ? c.maxAttempts : 3;
  $('#f-amd').value = c ? c.amdMode : 'OFF';
  $('#f-from').value = c ? c.window.from : '09:00';
  $('#f-to').value = c ? c.window.to : '20:00';
  const on = new Set(c ? c.window.days : ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']);
  for (const b of $('#f-days').querySelectorAll('input[type=checkbox]')) b.checked = on.has(b.value);
  $('#f-ident').value = (c && c.identificationPromptId) || '';
  $('#f-amdmsg').value = (c && c.amdMessagePromptId) || '';
  $('#f-consent').checked = !!(c && c.requireConsent);
  showError($('#form-error'), null);
}

async function save(event) {
  event.preventDefault();
  const body = formBody();
  const problems = localProblems(body);
  if (problems.length) {
    showError($('#form-error'), new ApiError(400, { error: 'bad request', message: t('cmp.v.fix'), fields: problems }));
    return;
  }
  try {
    let saved;
    if (selected) {
      saved = await put(`/api/campaigns/${encodeURIComponent(selected.id)}`, { ...body, version: selected.version });
    } else {
      saved = await post('/api/campaigns', body);
    }
    showError($('#form-error'), null);
    notify(t('cmp.saved', { name: saved.name }));
    select(saved);
    await loadCampaigns();
  } catch (e) {
    showError($('#form-error'), e);
  }
}

/** After a 409: the campaign as it is now, in the form (what was typed is dropped). */
async function reloadSelected() {
  try {
    const c = await get(`/api/campaigns/${encodeURIComponent(selected.id)}`);
    selected = c;
    fillForm(c);
    await loadCampaigns();
  } catch (e) {
    showError($('#form-error'), e);
  }
}

// ------------------------------------------------------------------ the selected campaign

function select(c) {
  const changed = !selected || selected.id !== c.id;
  selected = c;
  fillForm(c);
  if (changed) {
    live = null;
    liveFigures = null;
    report = null;
    recOffset = 0;
    showError($('#move-error'), null);
    showError($('#import-error'), null);
    $('#import-file').value = '';
  }
  renderList();
  renderDetail();
  refreshLive();
  loadRecords();
}

/** The selected campaign as last listed (its state may be newer than the form's copy). */
function current() {
  return (selected && campaigns.find(c => c.id === selected.id)) || selected;
}

function renderDetail() {
  show($('#cmp-detail'), !!selected);
  show($('#records-card'), !!selected);
  if (!selected) return;
  const cur = current();
  $('#d-name').textContent = cur.name;
  const s = cur.state;
  const badge = $('#d-state');
  badge.textContent = t(`cmp.s.${s}`);
  badge.className = `badge cmp-${s}`;
  $('#cmp-detail').dataset.state = s;
  $('#btn-start').disabled = !(s === 'DRAFT' || s === 'PAUSED' || s === 'FINISHED');
  $('#btn-pause').disabled = s !== 'RUNNING';
  $('#btn-stop').disabled = s === 'STOPPED';
  renderLive();
  renderReport();
  renderRecords();
}

async function move(how) {
  if (!selected) return;
  if (how === 'stop' && !confirm(t('cmp.confirmStop', { name: current().name }))) return;
  try {
    const c = await post(`/api/campaigns/${encodeURIComponent(selected.id)}/${how}`, {});
    showError($('#move-error'), null);
    selected = c;
    fillForm(c);
    await loadCampaigns();
    refreshLive();
  } catch (e) {
    showError($('#move-error'), e);
    loadCampaigns();
  }
}

// ------------------------------------------------------------------ live figures

function abandonClass(value, limit) {
  if (value === null || value === undefined || !limit) return 'ok';
  if (value >= limit) return 'over';
  if (value >= limit * 0.8) return 'near';
  return 'ok';
}

const pct = v => (v === null || v === undefined ? '–' : `${Math.round(v * 10) / 10}%`);

function tile(key, value, cls) {
  return h('div', { class: `tile ${cls || ''}`, dataset: { figure: key } },
    h('span', { class: 'tile-label', text: t(`cmp.f.${key}`) }), h('strong', { class: 'tile-value', text: value }));
}

function renderLive() {
  const box = $('#live');
  const f = liveFigures;
  const l = live;
  if (!f && !l) {
    fill(box);
    box.dataset.state = 'none';
    show($('#live-idle'), true);
    return;
  }
  const limit = l ? l.abandonLimitPercent : current().abandonLimitPercent;
  const tiles = [];
  if (f) {
    tiles.push(tile('left', num(f.pending + f.dialing)), tile('due', num(f.due)),
      tile('waitingForWindow', num(f.waitingForWindow)), tile('done', num(f.done)), tile('failed', num(f.failed)));
  }
  if (l) {
    tiles.push(tile('dialed', num(l.dialed)), tile('personAnswered', num(l.personAnswered)),
      tile('abandoned', num(l.abandoned)),
      tile('abandonToday', `${pct(l.abandonTodayPercent)} / ${pct(limit)}`, abandonClass(l.abandonTodayPercent, limit)),
      tile('abandon30Day', `${pct(l.abandon30DayPercent)} / ${pct(limit)}`, abandonClass(l.abandon30DayPercent, limit)),
      tile('machinePercent', pct(l.machinePercent)), tile('ringing', num(l.ringing)), tile('waiting', num(l.waiting)),
      tile('talking', num(l.talking)), tile('agents', num(l.agents)), tile('readyAgents', num(l.readyAgents)),
      tile('linesPerAgent', l.linesPerAgent === null || l.linesPerAgent === undefined ? '–'
        : String(Math.round(l.linesPerAgent * 100) / 100)));
  }
  fill(box, tiles);
  box.dataset.state = l ? l.state : 'idle';
  show($('#live-idle'), !l);
}

let refreshing = false;
async function refreshLive() {
  if (!selected || refreshing) return;
  refreshing = true;
  const id = selected.id;
  try {
    const [f, l] = await Promise.all([
      get(`/api/campaigns/${encodeURIComponent(id)}/figures`),
      // The dialer's figures exist while it runs the campaign (asked only then: a 404 would be logged).
      !['RUNNING', 'PAUSED'].includes(current().state) ? null
        : get(`/api/campaigns/${encodeURIComponent(id)}/live`).catch(e => {
        if (e instanceof ApiError && e.status === 404) return null; // not dialing
        throw e;
      }),
    ]);
    if (!selected || selected.id !== id) return;
    liveFigures = f;
    live = l;
    figures.set(id, f);
    if (f.state !== current().state) {
      await loadCampaigns();
    }
    showError($('#live-error'), null);
    renderLive();
    renderList();
  } catch (e) {
    showError($('#live-error'), e);
  } finally {
    refreshing = false;
  }
}

setInterval(() => {
  if (document.visibilityState === 'visible') refreshLive();
}, REFRESH_MS);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') refreshLive();
});

// ------------------------------------------------------------------ the calling list

async function importList(event) {
  event.preventDefault();
  const file = $('#import-file').files[0];
  if (!file) {
    showError($('#import-error'), new ApiError(400, { message: t('cmp.v.file'), fields: [] }));
    return;
  }
  try {
    report = await sendText('POST', `/api/campaigns/${encodeURIComponent(selected.id)}/import`, await file.text());
    showError($('#import-error'), null);
    renderReport();
    loadRecords();
    refreshLive();
  } catch (e) {
    report = null;
    renderReport();
    showError($('#import-error'), e);
  }
}

function renderReport() {
  show($('#import-report'), !!report);
  if (!report) return;
  $('#import-summary').textContent = t('cmp.report', { rows: report.rows, added: report.added, failed: report.failed });
  $('#import-report').dataset.added = String(report.added);
  $('#import-report').dataset.failed = String(report.failed);
  fill($('#import-problems tbody'), report.problems.map(p => h('tr', { dataset: { line: p.row, reason: p.reason } },
    h('td', { class: 'num', text: String(p.row) }), h('td', { text: p.field || '' }),
    h('td', {}, h('code', { text: p.reason })), h('td', { text: p.message }))));
  show($('#import-problems'), report.problems.length > 0);
}

// ------------------------------------------------------------------ records

async function loadRecords() {
  if (!selected) return;
  const q = new URLSearchParams({ offset: recOffset, limit: PAGE });
  if ($('#rec-state').value) q.set('state', $('#rec-state').value);
  try {
    recPage = await get(`/api/campaigns/${encodeURIComponent(selected.id)}/records?${q}`);
    showError($('#rec-error'), null);
  } catch (e) {
    recPage = null;
    showError($('#rec-error'), e);
  }
  renderRecords();
}

function renderRecords() {
  const items = recPage ? recPage.items : [];
  fill($('#rec-table tbody'), items.map(r => h('tr', { dataset: { id: r.id, state: r.state, line: r.line } },
    h('td', { class: 'num', text: String(r.line) }), h('td', { text: r.phone || r.phoneAsGiven }),
    h('td', { text: r.name || '' }), h('td', { text: t(`cmp.r.${r.state}`) }),
    h('td', { class: 'num', text: String(r.attempts) }), h('td', { text: r.lastOutcome || '' }),
    h('td', { title: r.detail || '' }, r.reason ? h('code', { text: r.reason }) : ''),
    h('td', { text: dateTime(r.nextAttemptAt) }))));
  show($('#rec-empty'), !!recPage && items.length === 0);
  $('#rec-prev').disabled = recOffset === 0;
  $('#rec-next').disabled = !(recPage && recPage.hasMore);
  $('#rec-table').dataset.loaded = recPage ? `${$('#rec-state').value || 'ALL'}/${items.length}` : '';
}

// ------------------------------------------------------------------ do-not-call

const dncList = () => $('#dnc-list').value.trim() || 'internal';

async function loadDnc() {
  try {
    dncPage = await get(`/api/dnc?${new URLSearchParams({ list: dncList(), limit: 100 })}`);
    showError($('#dnc-error'), null);
  } catch (e) {
    dncPage = null;
    showError($('#dnc-error'), e);
  }
  renderDnc();
}

function renderDnc() {
  const items = dncPage ? dncPage.items : [];
  fill($('#dnc-table tbody'), items.map(d => h('tr', { dataset: { phone: d.phone } },
    h('td', { text: d.phone }), h('td', { text: d.list }), h('td', { text: d.source || '' }),
    h('td', { text: dateTime(d.addedAt) }),
    h('td', {}, h('button', { type: 'button', class: 'link remove', text: t('dnc.remove'),
      onclick: () => removeDnc(d) })))));
  show($('#dnc-empty'), !!dncPage && items.length === 0);
  show($('#dnc-report'), !!dncReport);
  if (dncReport) {
    $('#dnc-report').textContent = t('dnc.report', { rows: dncReport.rows, added: dncReport.added,
      already: dncReport.alreadyListed, rejected: dncReport.rejected })
      + dncReport.problems.map(p => ` ${t('cmp.line')} ${p.row}: ${p.message}`).join(';');
  }
}

async function addDnc(event) {
  event.preventDefault();
  const phone = $('#dnc-phone').value.trim();
  try {
    await post('/api/dnc', { phone, list: dncList() });
    $('#dnc-phone').value = '';
    dncReport = null;
    notify(t('dnc.addedPhone', { phone }));
    await loadDnc();
  } catch (e) {
    showError($('#dnc-error'), e);
  }
}

async function removeDnc(d) {
  try {
    await api('DELETE', `/api/dnc?${new URLSearchParams({ list: d.list, phone: d.phone })}`);
    notify(t('dnc.removed', { phone: d.phone }));
    await loadDnc();
  } catch (e) {
    showError($('#dnc-error'), e);
  }
}

async function importDnc(event) {
  event.preventDefault();
  const file = $('#dnc-file').files[0];
  if (!file) {
    showError($('#dnc-error'), new ApiError(400, { message: t('cmp.v.file'), fields: [] }));
    return;
  }
  try {
    dncReport = await sendText('POST', `/api/dnc/import?${new URLSearchParams({ list: dncList() })}`, await file.text());
    await loadDnc();
  } catch (e) {
    showError($('#dnc-error'), e);
  }
}

// ------------------------------------------------------------------ wiring

if (who.role === 'AGENT') {
  show($('#forbidden'), true);
  show($('#campaigns'), false);
} else {
  $('#btn-new-campaign').addEventListener('click', () => {
    selected = null;
    live = null;
    liveFigures = null;
    report = null;
    fillForm(null);
    renderList();
    renderDetail();
    $('#f-name').focus();
  });
  $('#cmp-form').addEventListener('submit', save);
  $('#cmp-form').addEventListener('input', () => { dirty = true; });
  $('#cmp-form').addEventListener('change', () => { dirty = true; });
  for (const how of ['start', 'pause', 'stop']) $(`#btn-${how}`).addEventListener('click', () => move(how));
  $('#import-form').addEventListener('submit', importList);
  $('#rec-state').addEventListener('change', () => { recOffset = 0; loadRecords(); });
  $('#rec-prev').addEventListener('click', () => { recOffset = Math.max(0, recOffset - PAGE); loadRecords(); });
  $('#rec-next').addEventListener('click', () => { recOffset += PAGE; loadRecords(); });
  $('#dnc-form').addEventListener('submit', addDnc);
  $('#btn-dnc-show').addEventListener('click', () => { dncReport = null; loadDnc(); });
  $('#dnc-import-form').addEventListener('submit', importDnc);
  onLanguageChange(() => {
    if (selected) fillFormTitle();
    renderList();
    renderDetail();
    renderDnc();
  });
  await loadQueues();
  fillForm(null);
  await loadCampaigns();
  loadDnc();
  $('#campaigns').dataset.ready = 'true';
}

function fillFormTitle() {
  $('#cmp-form-title').textContent = t('cmp.edit', { name: selected.name });
}
