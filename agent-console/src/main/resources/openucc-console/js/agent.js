// The agent console: state bar, offer with countdown and tone, the interactions in hand with their
// controls, the screen pop, wrap-up, and the side panels. Everything the server says arrives on
// /ws/agent; the page keeps no state the server's greeting cannot rebuild after a reconnect.
import { $, h, show, fill, duration } from './dom.js';
import { get, me, logout } from './api.js';
import { t, translate, languageToggle, onLanguageChange, reasonLabel, SYSTEM_REASONS } from './i18n.js';
import { ConsoleSocket } from './socket.js';
import { renderCard, customerPop } from './screenpop.js';
import { ring, unlock } from './sound.js';
import { initPanels, showBulletin } from './panels.js';
import { createWorkAreas } from './workareas.js';
import { onDial, dial, justDialled, initDialPad, initDtmfPad } from './dialer.js';
import { createPreview } from './preview.js';
import { initRecent } from './timeline.js';

const who = await me();
if (!who) {
  location.replace('/');
  await new Promise(() => {}); // the page is going away
}
translate();
if (!who.agentId) {
  // Supervisors and admins without an agent id have no agent stream: send them to the wallboard.
  location.replace('/supervisor.html');
  await new Promise(() => {});
}
languageToggle($('#lang-toggle'));
$('#logout').addEventListener('click', () => logout());
$('#agent-name').textContent = who.username;

const view = {
  agent: null,          // {id, name, state, reason, since}
  offer: null,          // {interactionId, expiresAt, screenPop}
  work: new Map(),      // interactionId -> {id, channel, queueId, state, screenPop, held, since, wrapUpEndsAt}
  selected: null,
  browsing: null,       // a customer opened from the search
  reasonCodes: [],
  dispositions: [],
};
let stopRinging = null;

export function notify(text, kind = 'info') {
  const box = $('#messages');
  const item = h('p', { class: `toast ${kind}`, text });
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 10000 : 5000);
}

const showError = e => notify(t('error', { message: e.message || String(e) }), 'error');

const socket = new ConsoleSocket('/ws/agent', {
  onMessage,
  onStatus: status => {
    const el = $('#conn-status');
    // The key follows the state, so a language switch (which re-translates data-i18n) keeps it.
    el.dataset.i18n = `conn.${status}`;
    el.textContent = t(`conn.${status}`);
    el.className = `conn conn-${status}`;
    el.dataset.status = status;
    if (status === 'open') el.dataset.connects = String(Number(el.dataset.connects || 0) + 1);
  },
  onRefused: () => me().then(still => { if (!still) location.replace('/'); }).catch(() => {}),
  onFatal: reason => {
    notify(reason, 'error');
    setTimeout(() => location.replace('/'), 1500);
  },
});
window.openuccAgentSocket = socket; // lets a test (or a curious developer) simulate a network blip

// Created once the command helpers exist (below); messages before that cannot be chat or email ones.
let workAreas = null;
let preview = null;

function onMessage(m) {
  if (workAreas && workAreas.onMessage(m)) return;
  if (preview && preview.onMessage(m)) return;
  switch (m.type) {
    case 'hello': {
      view.agent = m.agent;
      view.reasonCodes = m.reasonCodes || [];
      view.dispositions = m.dispositions || [];
      const before = view.work;
      view.work = new Map();
      for (const i of m.interactions || []) {
        const old = before.get(i.interactionId) || {};
        view.work.set(i.interactionId, { ...old, id: i.interactionId, channel: i.channel, queueId: i.queueId,
          state: i.state, screenPop: i.screenPop, since: old.since || Date.now(),
          wrapUpEndsAt: i.wrapUpEndsAt || old.wrapUpEndsAt });
      }
      setOffer(m.offer || null);
      if (!view.work.has(view.selected)) view.selected = view.work.keys().next().value || null;
      fillSelects();
      break;
    }
    case 'state':
      view.agent = { ...view.agent, state: m.state, reason: m.reason || null, since: m.since };
      break;
    case 'phone':
      view.agent = { ...view.agent, phoneReachable: m.reachable };
      break;
    case 'offer':
      // The agent's own call comes as an offer that is theirs at once ('connected' follows): no tone.
      setOffer({ interactionId: m.interactionId, expiresAt: m.expiresAt, screenPop: m.screenPop },
        m.screenPop?.channel === 'OUTBOUND_VOICE' && justDialled());
      break;
    case 'offerEnded':
      if (view.offer && view.offer.interactionId === m.interactionId) {
        setOffer(null);
        notify(t(`offer.ended.${m.outcome}`), m.outcome === 'TIMED_OUT' ? 'error' : 'info');
      }
      break;
    case 'connected': {
      const w = view.work.get(m.interactionId);
      if (w) w.state = 'CONNECTED';
      else if (view.offer && view.offer.interactionId === m.interactionId) take(view.offer, 'CONNECTED');
      else view.work.set(m.interactionId, { id: m.interactionId, queueId: m.queueId, state: 'CONNECTED', since: Date.now() });
      if (view.offer && view.offer.interactionId === m.interactionId) setOffer(null);
      view.selected = m.interactionId;
      break;
    }
    case 'ended': {
      const w = view.work.get(m.interactionId);
      if (w) { w.state = 'ENDED'; w.held = false; }
      break;
    }
    case 'wrapUpStarted': {
      const w = view.work.get(m.interactionId);
      if (w) { w.state = 'WRAP_UP'; w.wrapUpEndsAt = m.endsAt; w.held = false; }
      break;
    }
    case 'wrapUpEnded':
    case 'transferred':
      view.work.delete(m.interactionId);
      workAreas?.forget(m.interactionId);
      if (view.selected === m.interactionId) view.selected = view.work.keys().next().value || null;
      break;
    case 'bulletin':
      showBulletin(m.bulletin, true);
      notify(t('board.new', { author: m.bulletin.author }));
      break;
    case 'error':
      showError(m);
      break;
    default:
      break;
  }
  render();
}

function take(offer, state) {
  const pop = offer.screenPop || {};
  view.work.set(offer.interactionId, { id: offer.interactionId, channel: pop.channel, queueId: pop.queueId, state,
    screenPop: pop, since: Date.now() });
  view.selected = offer.interactionId;
}

function setOffer(offer, silent = false) {
  view.offer = offer;
  if (offer && !silent && !stopRinging) stopRinging = ring();
  if (!offer && stopRinging) { stopRinging(); stopRinging = null; }
}

function fillSelects() {
  // No reason is chosen for the agent: the first option asks for one, and Not ready waits for it.
  const reason = $('#reason-select');
  const keep = reason.value;
  fill(reason, h('option', { value: '', dataset: { i18n: 'agent.pickReason' }, text: t('agent.pickReason') }),
    view.reasonCodes.filter(r => !SYSTEM_REASONS.includes(r.code)).map(r => h('option', { value: r.code, text: r.label })));
  reason.value = keep;
  if (reason.value !== keep) reason.value = '';
  const disp = $('#wrapup-disposition');
  const keepDisp = disp.value;
  fill(disp, h('option', { value: '', text: '—' }), view.dispositions.map(d => h('option', { value: d.code, text: d.label })));
  disp.value = keepDisp;
}

// --- rendering ---------------------------------------------------------------------------------

let cardKey = null;

function render() {
  const a = view.agent;
  if (a) {
    const badge = $('#agent-state');
    badge.textContent = t(`state.${a.state}`);
    badge.className = `badge state-${a.state}`;
    badge.dataset.state = a.state;
    $('#agent-reason').textContent = reasonLabel(a.reason, view.reasonCodes);
    // Calls wait for a registered phone; chats and emails still come (the agent stays ready for them).
    show($('#agent-no-phone'), a.phoneReachable === false && a.state !== 'LOGGED_OUT');
    $('#btn-ready').disabled = !['LOGGED_OUT', 'NOT_READY'].includes(a.state);
  }
  $('#btn-not-ready').disabled = !$('#reason-select').value;
  renderOffer();
  renderTabs();
  renderInteraction();
  // The card follows the ringing offer, else the selected interaction, else a customer from the search.
  const pop = view.offer ? view.offer.screenPop : view.work.get(view.selected)?.screenPop || view.browsing;
  const key = view.offer ? `offer:${view.offer.interactionId}` : view.selected ? `work:${view.selected}` : view.browsing ? `browse:${view.browsing.customer.id}` : null;
  if (key !== cardKey) {
    cardKey = key;
    renderCard($('#customer-card'), pop, showError);
  }
  tick();
}

function renderOffer() {
  const o = view.offer;
  show($('#offer'), !!o);
  if (!o) return;
  const pop = o.screenPop || {};
  $('#offer-title').textContent = t('offer.title', { channel: pop.channel || '' });
  $('#offer-customer').textContent = pop.customer ? pop.customer.name : t('offer.unknownCustomer');
  const tier = $('#offer-tier');
  tier.textContent = pop.tier || '';
  tier.className = `tier tier-${pop.tier || 'none'}`;
  $('#offer').dataset.interactionId = o.interactionId;
  $('#offer-queue').textContent = pop.queueId || '';
}

function renderTabs() {
  fill($('#tabs'), [...view.work.values()].map(w => h('button', {
    type: 'button', role: 'tab', class: `tab${w.id === view.selected ? ' active' : ''}`,
    dataset: { interactionId: w.id }, 'aria-selected': w.id === view.selected ? 'true' : 'false',
    onclick: () => { view.selected = w.id; render(); },
  }, `${w.channel || ''} ${tabName(w)}`)));
}

/** The customer's name, else who the chat or mail says they are, else the interaction id. */
function tabName(w) {
  const pop = w.screenPop || {};
  const context = pop.context || {};
  return pop.customer?.name || context['chat.visitor'] || context['email.from'] || w.id;
}

function renderInteraction() {
  const w = view.work.get(view.selected);
  show($('#no-work'), !w);
  show($('#interaction-panel'), !!w);
  if (!w) {
    workAreas?.render(null);
    return;
  }
  const panel = $('#interaction-panel');
  if (panel.dataset.interactionId !== w.id) {
    panel.dataset.interactionId = w.id;
    show($('#interaction-error'), false);
    $('#wrapup-form').reset();
    show($('#followup-fields'), false);
  }
  show($('#wrapup-callback'), !!preview?.recordOf(w.id));
  $('#interaction-channel').textContent = w.channel || '';
  $('#interaction-id').textContent = w.id;
  const state = w.held ? 'HELD' : w.state;
  const badge = $('#interaction-state');
  badge.textContent = t(`work.state.${state}`);
  badge.dataset.state = state;
  const talking = w.state === 'CONNECTED';
  const voice = !w.channel || ['VOICE', 'CALLBACK', 'OUTBOUND_VOICE'].includes(w.channel);
  show($('#btn-hold'), talking && voice && !w.held);
  show($('#btn-resume'), talking && voice && !!w.held);
  show($('#btn-hangup'), talking && voice);
  document.querySelectorAll('#controls .voice-only').forEach(el => show(el, talking && voice));
  show($('#dtmf-pad'), talking && voice && !w.held);
  $('#btn-end').disabled = !talking;
  fillTransferQueues(w);
  $('#btn-transfer').disabled = !talking || !$('#transfer-queue').value;
  show($('#wrapup-form'), w.state === 'WRAP_UP' || w.state === 'ENDED');
  workAreas?.render(w);
}

// The queues an interaction can be transferred to: those that take its channel (a chat cannot go to a
// voice-only queue), and none chosen until the agent picks one.
let queueList = [];
let transferKey = null;

function fillTransferQueues(w) {
  const key = `${w.id}|${w.channel || ''}|${queueList.length}`;
  if (key === transferKey) return;
  transferKey = key;
  const fits = queueList.filter(q => !w.channel || (q.channels || []).includes(w.channel));
  const select = $('#transfer-queue');
  fill(select, h('option', { value: '', dataset: { i18n: 'work.pickQueue' }, text: t('work.pickQueue') }),
    fits.map(q => h('option', { value: q.id, text: q.name })));
  select.value = '';
}

function tick() {
  const now = Date.now();
  // A state without a known start (never logged in since the server started) shows no time.
  if (view.agent) $('#state-timer').textContent = view.agent.since ? duration(now - Date.parse(view.agent.since)) : '–';
  if (view.offer) {
    $('#offer-countdown').textContent = view.offer.expiresAt
      ? duration(Date.parse(view.offer.expiresAt) - now) : '–';
  }
  const w = view.work.get(view.selected);
  if (w) {
    $('#interaction-timer').textContent = duration(now - w.since);
    $('#wrapup-countdown').textContent = w.wrapUpEndsAt ? duration(Date.parse(w.wrapUpEndsAt) - now) : '–';
  }
}
setInterval(tick, 500);
onLanguageChange(() => { cardKey = null; render(); });

// --- commands ----------------------------------------------------------------------------------

function command(message, errorBox) {
  if (errorBox) show(errorBox, false);
  return socket.send(message).catch(e => {
    if (errorBox) {
      errorBox.textContent = e.message;
      show(errorBox, true);
    } else {
      showError(e);
    }
    throw e;
  });
}

const selected = () => view.work.get(view.selected);
workAreas = createWorkAreas({ command, notify, onError: showError });
preview = createPreview({ command, notify, openCustomer: id => openCustomer(id) });
const quiet = p => p.catch(() => {});

function ready() {
  unlock();
  quiet(command({ type: 'ready' }));
}

function notReady() {
  unlock();
  const reason = $('#reason-select').value;
  if (!reason) {
    notify(t('agent.reasonFirst'), 'error');
    $('#reason-select').focus();
    return;
  }
  quiet(command({ type: 'notReady', reason }));
}

function accept() {
  if (view.offer) quiet(command({ type: 'accept', interactionId: view.offer.interactionId }));
}

function decline() {
  if (view.offer) quiet(command({ type: 'decline', interactionId: view.offer.interactionId }));
}

function holdOrResume() {
  const w = selected();
  if (!w || w.state !== 'CONNECTED') return;
  const type = w.held ? 'resume' : 'hold';
  quiet(command({ type, interactionId: w.id }, $('#interaction-error')).then(() => {
    w.held = type === 'hold';
    render();
  }));
}

function end() {
  const w = selected();
  if (w && w.state === 'CONNECTED') quiet(command({ type: 'end', interactionId: w.id }, $('#interaction-error')));
}

$('#btn-ready').addEventListener('click', ready);
$('#btn-not-ready').addEventListener('click', notReady);
$('#reason-select').addEventListener('change', () => { $('#btn-not-ready').disabled = !$('#reason-select').value; });
$('#btn-accept').addEventListener('click', accept);
$('#btn-decline').addEventListener('click', decline);
$('#btn-hold').addEventListener('click', holdOrResume);
$('#btn-resume').addEventListener('click', holdOrResume);
$('#btn-end').addEventListener('click', end);
$('#btn-hangup').addEventListener('click', () => {
  const w = selected();
  if (w) quiet(command({ type: 'hangup', interactionId: w.id }, $('#interaction-error')));
});
$('#btn-transfer').addEventListener('click', () => {
  const w = selected();
  const queueId = $('#transfer-queue').value;
  if (w && queueId) quiet(command({ type: 'transfer', interactionId: w.id, queueId }, $('#interaction-error')));
});
$('#btn-transfer-number').addEventListener('click', () => {
  const w = selected();
  const destination = $('#transfer-number').value.trim();
  if (w && destination) quiet(command({ type: 'transfer', interactionId: w.id, destination }, $('#interaction-error')));
});
// Dial-out: the dial pad and every click-to-call; the call then arrives like any interaction.
onDial(async (number, customerId) => {
  unlock();
  try {
    const started = await dial(number, customerId);
    notify(t('dial.started', { number: started.number }));
  } catch (e) {
    showError(e);
  }
});
initDialPad();
initDtmfPad(digit => {
  const w = selected();
  if (w && w.state === 'CONNECTED') quiet(command({ type: 'dtmf', interactionId: w.id, digits: digit }, $('#interaction-error')));
});
$('#followup-check').addEventListener('change', ev => show($('#followup-fields'), ev.target.checked));

$('#wrapup-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const w = selected();
  if (!w) return;
  const errorBox = $('#interaction-error');
  const disposition = $('#wrapup-disposition').value;
  if (!disposition) {
    errorBox.textContent = t('wrap.disposition') + ' ?';
    show(errorBox, true);
    return;
  }
  const notes = $('#wrapup-notes').value;
  const followUp = $('#followup-check').checked ? $('#followup-subject').value.trim() : '';
  const due = $('#followup-due').value;
  $('#btn-wrapup').disabled = true;
  try {
    // The server stores the follow-up task with the wrap-up: for the customer, or unassigned (naming
    // this interaction) when the caller was never identified. A refused task refuses the wrap-up, so
    // the agent still has the form to correct it.
    await preview.beforeWrapUp(w.id, errorBox); // a preview call's "call back at" goes first
    await command({ type: 'wrapUp', interactionId: w.id, disposition, ...(notes.trim() ? { notes } : {}),
      ...(followUp ? { followUp } : {}),
      ...(followUp && due ? { followUpDue: new Date(`${due}T12:00:00`).toISOString() } : {}) }, errorBox);
    notify(t('wrap.done'));
    recent.refresh(); // the call just wrapped up is the newest, with its recording soon after
  } catch (e) {
    if (!e.reply) {
      errorBox.textContent = e.message;
      show(errorBox, true);
    }
  } finally {
    $('#btn-wrapup').disabled = false;
  }
});

// Alt+letter, by physical key so it works with any keyboard layout (and IME).
const shortcuts = { KeyA: accept, KeyD: decline, KeyH: holdOrResume, KeyE: end, KeyR: ready, KeyN: notReady };
document.addEventListener('keydown', ev => {
  if (!ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const action = shortcuts[ev.code];
  if (action) {
    ev.preventDefault();
    action();
  }
});

const recent = initRecent(document, { onError: showError });

initPanels({
  onError: showError,
  openCustomer: id => openCustomer(id),
});

async function openCustomer(id) {
  try {
    view.browsing = await customerPop(id);
    cardKey = null;
    if (view.offer || view.selected) {
      // Work in hand keeps the card; show the found customer anyway, on request.
      renderCard($('#customer-card'), view.browsing, showError);
      cardKey = `browse:${id}`;
    } else {
      render();
    }
  } catch (e) {
    showError(e);
  }
}

$('#transfer-queue').addEventListener('change', () => {
  const w = selected();
  $('#btn-transfer').disabled = !w || w.state !== 'CONNECTED' || !$('#transfer-queue').value;
});
get('/api/queues').then(queues => {
  queueList = queues;
  transferKey = null;
  render();
}).catch(showError);
render();
