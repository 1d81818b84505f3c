// The supervisor's wall: queues and agents live from /ws/supervisor (a snapshot on connect, then each
// change), a chart of the day, and actions: force not ready, log out, change skills, post a bulletin,
// and listen / whisper / barge on a talking agent's call (the supervisor's own phone rings).
import { $, h, fill, show, duration, dateTime } from './dom.js';
import { api, get, post, put, me, logout } from './api.js';
import { t, translate, languageToggle, onLanguageChange } from './i18n.js';
import { ConsoleSocket } from './socket.js';
import { drawChart } from './chart.js';

const who = await me();
if (!who) {
  location.replace('/?next=supervisor');
  await new Promise(() => {});
}
translate();
languageToggle($('#lang-toggle'));
$('#logout').addEventListener('click', () => logout());
$('#user-name').textContent = who.username;

const queues = new Map();
const agents = new Map();
const chosenReason = new Map();
let reasonCodes = [];
/** The call this supervisor monitors: { interactionId, mode, ringing }, or null. */
let monitoring = null;

function notify(text, kind = 'info') {
  const item = h('p', { class: `toast ${kind}`, text });
  $('#messages').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 10000 : 4000);
}
const showError = e => notify(t('error', { message: e.message || String(e) }), 'error');

if (who.role === 'AGENT') {
  // The server refuses this page to agents; this covers a page restored from the browser's cache.
  show($('#forbidden'), true);
  show($('#wallboard'), false);
} else {
  const socket = new ConsoleSocket('/ws/supervisor', {
    onMessage: m => {
      if (m.type === 'snapshot') {
        queues.clear();
        agents.clear();
        m.queues.forEach(q => queues.set(q.queueId, q));
        m.agents.forEach(a => agents.set(a.agentId, a));
        renderQueues();
        renderAgents();
      } else if (m.type === 'queue') {
        queues.set(m.queue.queueId, m.queue);
        renderQueues();
      } else if (m.type === 'agent') {
        agents.set(m.agent.agentId, m.agent);
        if (monitoring && !monitoring.ringing && ![...agents.values()].some(x => (x.interactions || [])
          .includes(monitoring.interactionId))) {
          monitoring = null; // the call ended: so did the session
        }
        renderAgents();
      } else if (m.type === 'bulletin') {
        addBulletin(m.bulletin);
      } else if (m.type === 'error') {
        showError(m);
      }
    },
    onStatus: status => {
      const el = $('#conn-status');
      el.textContent = t(`conn.${status}`);
      el.className = `conn conn-${status}`;
      el.dataset.status = status;
      if (status === 'open') el.dataset.connects = String(Number(el.dataset.connects || 0) + 1);
    },
    onRefused: () => me().then(still => { if (!still) location.replace('/?next=supervisor'); }).catch(() => {}),
  onFatal: reason => {
      notify(reason, 'error');
      setTimeout(() => location.replace('/'), 1500);
    },
  });
  window.openuccSupervisorSocket = socket;

  const act = message => socket.send(message).then(() => notify(t('sup.saved'))).catch(showError);

  function renderQueues() {
    const body = $('#queues tbody');
    fill(body, [...queues.values()].map(q => {
      const below = q.serviceLevelPercent < q.serviceLevelTargetPercent;
      return h('tr', { dataset: { queueId: q.queueId } },
        h('th', { text: q.name }),
        h('td', { class: `num waiting${q.waiting > 0 ? ' hot' : ''}`, text: q.waiting }),
        h('td', { class: 'num longest', dataset: { since: q.oldestWaitingSince || '' }, text: duration(q.longestWaitMillis) }),
        h('td', { class: 'num offered', text: q.offeredToday }),
        h('td', { class: 'num answered', text: q.answeredToday }),
        h('td', { class: 'num abandoned', text: q.abandonedToday }),
        h('td', { class: `num sl${below ? ' below' : ''}` }, `${q.serviceLevelPercent}%`,
          h('span', { class: 'muted', text: ` / ${t('sup.target')} ${q.serviceLevelTargetPercent}%` })),
        h('td', { class: 'num asa', text: duration(q.averageSpeedOfAnswerMillis) }),
        h('td', { class: 'num aht', text: duration(q.averageHandleMillis) }));
    }));
    renderChart();
  }

  function renderChart() {
    const hours = Array.from({ length: 24 }, () => ({ offered: 0, within: 0, finished: 0 }));
    for (const q of queues.values()) {
      (q.hours || []).forEach((x, i) => {
        hours[i].offered += x.offered;
        hours[i].within += x.answeredWithin;
        hours[i].finished += x.finished;
      });
    }
    drawChart($('#chart'), hours.map(x => ({ offered: x.offered,
      serviceLevel: x.finished ? Math.round(1000 * x.within / x.finished) / 10 : null })));
  }

  function renderAgents() {
    fill($('#agents tbody'), [...agents.values()].map(a => {
      // The grid is redrawn on every push: the reason a supervisor picked must survive that.
      const reasonSelect = h('select', { class: 'reason', onchange: ev => chosenReason.set(a.agentId, ev.target.value) },
        reasonCodes.filter(r => r.code !== 'missed').map(r => h('option', { value: r.code, text: r.label })));
      if (chosenReason.has(a.agentId)) reasonSelect.value = chosenReason.get(a.agentId);
      return h('tr', { dataset: { agentId: a.agentId, state: a.state } },
        h('th', { text: a.name || a.agentId }),
        h('td', {}, h('span', { class: `badge state-${a.state}`, dataset: { state: a.state }, text: t(`state.${a.state}`) })),
        h('td', { class: 'reason-cell', text: a.reason ? (reasonCodes.find(r => r.code === a.reason)?.label || a.reason) : '' }),
        h('td', { class: 'num time', dataset: { since: a.stateSince || '' }, text: duration(a.timeInStateMillis) }),
        h('td', { class: 'current' },
          h('span', { text: [...(a.interactions || []), a.offeredInteraction ? `(${a.offeredInteraction})` : '']
            .filter(Boolean).join(', ') }),
          ...(a.state === 'BUSY' ? (a.interactions || []).map(monitorControls) : [])),
        h('td', { class: 'num handled', text: a.handledToday }),
        h('td', { class: 'actions' },
          reasonSelect,
          h('button', { type: 'button', class: 'force-not-ready', disabled: a.state === 'LOGGED_OUT',
            onclick: () => act({ type: 'notReady', agentId: a.agentId, reason: reasonSelect.value }) }, t('sup.forceNotReady')),
          h('button', { type: 'button', class: 'force-logout', disabled: a.state === 'LOGGED_OUT',
            onclick: () => act({ type: 'logout', agentId: a.agentId }) }, t('sup.logout')),
          h('button', { type: 'button', class: 'skills', onclick: () => editSkills(a) }, t('sup.skills'))));
    }));
  }

  // Listen / whisper / barge: POST starts (the server rings this supervisor's phone and answers once it
  // joined), PUT switches live, DELETE ends. The session also ends when the call does.
  function monitorControls(interactionId) {
    const mine = monitoring && monitoring.interactionId === interactionId ? monitoring : null;
    const button = (mode, key) => h('button', { type: 'button', class: `monitor monitor-${mode.toLowerCase()}`,
      dataset: { interactionId, mode }, disabled: !!(mine && (mine.ringing || mine.mode === mode)),
      'aria-pressed': String(!!(mine && mine.mode === mode)), onclick: () => monitor(interactionId, mode) }, t(key));
    return h('div', { class: 'monitor-controls row', dataset: { interactionId } },
      button('LISTEN', 'mon.listen'), button('WHISPER', 'mon.whisper'), button('BARGE', 'mon.barge'),
      mine && !mine.ringing ? h('button', { type: 'button', class: 'monitor-end', dataset: { interactionId },
        onclick: () => endMonitor(interactionId) }, t('mon.end')) : null,
      mine ? h('span', { class: 'monitor-state muted', text: mine.ringing ? t('mon.ringing', { interaction: interactionId })
        : t('mon.active', { interaction: interactionId, mode: t(`mon.mode.${mine.mode}`) }) }) : null);
  }

  async function monitor(interactionId, mode) {
    const path = `/api/interactions/${encodeURIComponent(interactionId)}/monitor`;
    const switching = monitoring && monitoring.interactionId === interactionId && !monitoring.ringing;
    if (!switching) {
      monitoring = { interactionId, mode, ringing: true }; // the row says the phone rings
      renderAgents();
    }
    try {
      const session = switching ? await put(path, { mode }) : await post(path, { mode });
      monitoring = { interactionId, mode: session.mode, ringing: false };
    } catch (e) {
      if (!switching) monitoring = null;
      showMonitorError(e);
    }
    renderAgents();
  }

  async function endMonitor(interactionId) {
    try {
      await api('DELETE', `/api/interactions/${encodeURIComponent(interactionId)}/monitor`);
      notify(t('mon.ended'));
    } catch (e) {
      showMonitorError(e);
    }
    monitoring = null;
    renderAgents();
  }

  function showMonitorError(e) {
    const message = (e && e.message) || '';
    if (e && e.status === 409 && message.includes('has no phone')) {
      notify(t('mon.noPhone'), 'error');
    } else if (e && e.status === 409 && message.includes('is not registered')) {
      notify(t('mon.notRegistered', { phone: (message.match(/phone (\S+) is not registered/) || [])[1] || '' }), 'error');
    } else {
      showError(e);
    }
  }

  async function editSkills(a) {
    try {
      const current = await get(`/api/agents/${encodeURIComponent(a.agentId)}`);
      const text = Object.entries(current.skills || {}).map(([k, v]) => `${k}:${v}`).join(', ');
      const answer = prompt(t('sup.skillsPrompt', { agent: a.name || a.agentId }), text);
      if (answer === null) return;
      const skills = {};
      for (const part of answer.split(',').map(s => s.trim()).filter(Boolean)) {
        const [k, v] = part.split(':').map(s => s.trim());
        skills[k] = Number(v);
      }
      await put(`/api/agents/${encodeURIComponent(a.agentId)}/skills`, { skills });
      notify(t('sup.saved'));
    } catch (e) {
      showError(e);
    }
  }

  // Times count on between pushes, from when the state began / the oldest interaction arrived.
  setInterval(() => {
    const now = Date.now();
    document.querySelectorAll('#agents td.time, #queues td.longest').forEach(td => {
      if (td.dataset.since) td.textContent = duration(now - Date.parse(td.dataset.since));
    });
  }, 1000);

  $('#bulletin-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const text = $('#bulletin-text').value.trim();
    if (!text) return;
    try {
      const b = await post('/api/bulletins', { text });
      $('#bulletin-text').value = '';
      addBulletin(b);
    } catch (e) {
      showError(e);
    }
  });

  $('#kb-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const tags = $('#kb-tags').value.split(/[,，]/).map(x => x.trim()).filter(Boolean);
    try {
      await post('/api/knowledge', { title: $('#kb-title').value.trim(), body: $('#kb-body').value, tags });
      $('#kb-form').reset();
      notify(t('sup.saved'));
    } catch (e) {
      showError(e);
    }
  });

  function addBulletin(b) {
    const list = $('#bulletins');
    if (list.querySelector(`[data-bulletin-id="${CSS.escape(b.id)}"]`)) return;
    list.prepend(h('li', { class: 'bulletin', dataset: { bulletinId: b.id } }, h('p', { class: 'bulletin-text', text: b.text }),
      h('span', { class: 'muted', text: `${b.author} · ${dateTime(b.postedAt)}` })));
  }

  get('/api/bulletins').then(list => list.slice().reverse().forEach(addBulletin)).catch(showError);
  get('/api/reason-codes').then(list => { reasonCodes = list; renderAgents(); }).catch(showError);
  onLanguageChange(() => { renderQueues(); renderAgents(); });
}
