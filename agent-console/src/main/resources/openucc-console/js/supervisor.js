// The supervisor's wall: queues and agents live from /ws/supervisor (a snapshot on connect, then each
// change), a chart of the day, and actions: force not ready, log out, change skills, post a bulletin;
// the open chats, each with a Monitor button that opens the live transcript with a whisper box and Join;
// and listen / whisper / barge on a talking agent's call (the supervisor's own phone rings).
import { $, h, fill, show, duration, dateTime } from './dom.js';
import { api, get, post, put, me, logout } from './api.js';
import { t, translate, languageToggle, onLanguageChange, reasonLabel, SYSTEM_REASONS } from './i18n.js';
import { ConsoleSocket } from './socket.js';
import { drawChart } from './chart.js';
import { initRecent } from './timeline.js';
import { initCluster } from './cluster.js';

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
        const before = agents.get(m.agent.agentId);
        agents.set(m.agent.agentId, m.agent);
        if (monitoring && !monitoring.ringing && ![...agents.values()].some(x => (x.interactions || [])
          .includes(monitoring.interactionId))) {
          monitoring = null; // the call ended: so did the session
        }
        renderAgents();
        if (String(before?.interactions || []) !== String(m.agent.interactions || [])) refreshChatsSoon();
      } else if (m.type === 'bulletin') {
        addBulletin(m.bulletin);
      } else if (m.type.startsWith('chatMonitor')) {
        onMonitorMessage(m);
      } else if (m.type === 'error') {
        showError(m);
      }
    },
    onStatus: status => {
      const el = $('#conn-status');
      // The key follows the state, so a language switch (which re-translates data-i18n) keeps it.
      el.dataset.i18n = `conn.${status}`;
      el.textContent = t(`conn.${status}`);
      el.className = `conn conn-${status}`;
      el.dataset.status = status;
      if (status === 'open') {
        el.dataset.connects = String(Number(el.dataset.connects || 0) + 1);
        refreshChats();
        cluster?.refresh(); // a reconnect may mean the node serving the page changed or a failover happened
        // A session ends with its socket: the panel opens it again on the new one.
        if (monitor) socket.send({ type: 'chatMonitor', interactionId: monitor.id, mode: monitor.mode === 'JOIN' ? 'JOIN' : 'VIEW' })
          .catch(showError);
      }
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
      // The grid is redrawn on every push: the reason a supervisor picked must survive that. None is
      // picked for them: Not ready waits until they choose one.
      const forceButton = h('button', { type: 'button', class: 'force-not-ready',
        disabled: a.state === 'LOGGED_OUT' || !chosenReason.get(a.agentId),
        onclick: () => act({ type: 'notReady', agentId: a.agentId, reason: reasonSelect.value }) }, t('sup.forceNotReady'));
      const reasonSelect = h('select', { class: 'reason', onchange: ev => {
        chosenReason.set(a.agentId, ev.target.value);
        forceButton.disabled = a.state === 'LOGGED_OUT' || !ev.target.value;
      } }, h('option', { value: '', text: t('agent.pickReason') }),
        reasonCodes.filter(r => !SYSTEM_REASONS.includes(r.code)).map(r => h('option', { value: r.code, text: r.label })));
      reasonSelect.value = chosenReason.get(a.agentId) || '';
      return h('tr', { dataset: { agentId: a.agentId, state: a.state } },
        h('th', { text: a.name || a.agentId }),
        h('td', {}, h('span', { class: `badge state-${a.state}`, dataset: { state: a.state }, text: t(`state.${a.state}`) })),
        h('td', { class: 'reason-cell', text: reasonLabel(a.reason, reasonCodes) }),
        h('td', { class: 'num time', dataset: { since: a.stateSince || '' }, text: duration(a.timeInStateMillis) }),
        h('td', { class: 'current' },
          h('span', { text: [...(a.interactions || []), a.offeredInteraction ? `(${a.offeredInteraction})` : '']
            .filter(Boolean).join(', ') }),
          ...(a.interactions || []).filter(id => chats.has(id)).map(id =>
            h('button', { type: 'button', class: 'monitor-chat', dataset: { interactionId: id },
              onclick: () => openMonitor(id) }, t('mon.monitor'))),
          ...(a.state === 'BUSY' ? (a.interactions || []).filter(id => !chats.has(id)).map(monitorControls) : [])),
        h('td', { class: 'num handled', text: a.handledToday }),
        h('td', { class: 'actions' },
          reasonSelect,
          forceButton,
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
      'aria-pressed': String(!!(mine && mine.mode === mode)), onclick: () => monitorCall(interactionId, mode) }, t(key));
    return h('div', { class: 'monitor-controls row', dataset: { interactionId } },
      button('LISTEN', 'call.mon.listen'), button('WHISPER', 'call.mon.whisper'), button('BARGE', 'call.mon.barge'),
      mine && !mine.ringing ? h('button', { type: 'button', class: 'monitor-end', dataset: { interactionId },
        onclick: () => endMonitor(interactionId) }, t('call.mon.end')) : null,
      mine ? h('span', { class: 'monitor-state muted', text: mine.ringing ? t('call.mon.ringing', { interaction: interactionId })
        : t('call.mon.active', { interaction: interactionId, mode: t(`call.mon.mode.${mine.mode}`) }) }) : null);
  }

  async function monitorCall(interactionId, mode) {
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
      notify(t('call.mon.ended'));
    } catch (e) {
      showMonitorError(e);
    }
    monitoring = null;
    renderAgents();
  }

  function showMonitorError(e) {
    const message = (e && e.message) || '';
    if (e && e.status === 409 && message.includes('has no phone')) {
      notify(t('call.mon.noPhone'), 'error');
    } else if (e && e.status === 409 && message.includes('is not registered')) {
      notify(t('call.mon.notRegistered', { phone: (message.match(/phone (\S+) is not registered/) || [])[1] || '' }), 'error');
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

  initRecent(document, { onError: showError });
  const cluster = initCluster(document, { onError: showError });

  // --- chats and monitoring ------------------------------------------------------------------

  const chats = new Map();  // open chats by interaction id (chatList)
  let monitor = null;       // the chat watched: {id, mode, agentName, visitorName, state, lines: Map}
  let chatsTimer = null;

  function refreshChats() {
    socket.send({ type: 'chatList' }).then(ack => {
      const before = [...chats.keys()].join();
      chats.clear();
      (ack.result?.chats || []).forEach(c => chats.set(c.interactionId, c));
      renderChats();
      if ([...chats.keys()].join() !== before) renderAgents(); // the rows' Monitor buttons
    }).catch(() => {}); // chat off, or reconnecting: the next push asks again
  }

  const refreshChatsSoon = () => {
    clearTimeout(chatsTimer);
    chatsTimer = setTimeout(refreshChats, 300);
  };

  function renderChats() {
    fill($('#chats tbody'), [...chats.values()].map(c => h('tr', { dataset: { interactionId: c.interactionId } },
      h('th', { text: c.interactionId }),
      h('td', { text: c.visitorName || '' }),
      h('td', { text: c.agentName || t('mon.noAgent') }),
      h('td', { text: c.state === 'CONNECTED' ? t('work.state.CONNECTED') : t('sup.waiting') }),
      h('td', {}, h('button', { type: 'button', class: 'monitor-chat', dataset: { interactionId: c.interactionId },
        onclick: () => openMonitor(c.interactionId) }, t('mon.monitor'))))));
    show($('#chats-none'), chats.size === 0);
  }

  async function openMonitor(id, mode = 'VIEW') {
    if (monitor && monitor.id !== id) await stopMonitor();
    if (!monitor || monitor.id !== id) monitor = { id, mode, lines: new Map() };
    try {
      await socket.send({ type: 'chatMonitor', interactionId: id, mode });
    } catch (e) {
      if (monitor && monitor.id === id && !monitor.started) monitor = null;
      showError(e);
    }
    renderMonitor();
  }

  async function stopMonitor() {
    const m = monitor;
    if (!m) return;
    monitor = null;
    renderMonitor();
    await socket.send({ type: 'chatMonitorStop', interactionId: m.id }).catch(() => {});
  }

  function onMonitorMessage(m) {
    if (!monitor || monitor.id !== m.interactionId) return;
    if (m.type === 'chatMonitorStarted') {
      monitor.started = true;
      monitor.visitorName = m.visitorName;
      (m.messages || []).forEach(l => monitor.lines.set(l.messageId, l));
    }
    if (m.type === 'chatMonitorStarted' || m.type === 'chatMonitorState') {
      Object.assign(monitor, { mode: m.mode, state: m.state, agentName: m.agentName || m.agentId || '' });
    } else if (m.type === 'chatMonitorMessage') {
      monitor.lines.set(m.messageId, m);
    } else if (m.type === 'chatMonitorEnded') {
      notify(t('mon.ended', { reason: m.reason }));
      monitor = null;
    }
    renderMonitor();
  }

  function renderMonitor() {
    const panel = $('#monitor-panel');
    show(panel, !!monitor);
    if (!monitor) return;
    panel.dataset.interactionId = monitor.id;
    panel.dataset.mode = monitor.mode || '';
    $('#monitor-title').textContent = t('mon.title', { id: monitor.id });
    $('#monitor-agent').textContent = monitor.agentName || t('mon.noAgent');
    $('#monitor-visitor').textContent = monitor.visitorName || '';
    $('#monitor-mode').textContent = monitor.mode ? t(`mon.mode.${monitor.mode}`) : '';
    const list = $('#monitor-transcript');
    const lines = [...monitor.lines.values()].sort((a, b) => (a.at || '').localeCompare(b.at || ''));
    fill(list, lines.map(l => h('li', { class: `chat-line from-${l.from}${l.internal ? ' internal' : ''}`,
      dataset: { messageId: l.messageId, from: l.from, ...(l.internal ? { internal: 'true' } : {}) } },
      h('span', { class: 'chat-who', text: [l.name || t(`mon.from.${l.from}`), l.internal ? `(${t('mon.internal')})` : '',
        dateTime(l.at)].filter(Boolean).join(' · ') }),
      h('span', { class: 'chat-text', text: l.text || '' }))));
    list.scrollTop = list.scrollHeight;
    const joined = monitor.mode === 'JOIN';
    show($('#say-form'), joined);
    show($('#btn-join'), !joined);
    show($('#btn-leave'), joined);
  }

  $('#whisper-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const text = $('#whisper-text').value.trim();
    if (!text || !monitor) return;
    socket.send({ type: 'chatWhisper', interactionId: monitor.id, text })
      .then(() => { $('#whisper-text').value = ''; }).catch(showError);
  });
  $('#say-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const text = $('#say-text').value.trim();
    if (!text || !monitor) return;
    socket.send({ type: 'chatSend', interactionId: monitor.id, text })
      .then(() => { $('#say-text').value = ''; }).catch(showError);
  });
  $('#btn-join').addEventListener('click', () => monitor && openMonitor(monitor.id, 'JOIN'));
  $('#btn-leave').addEventListener('click', () => stopMonitor());
  $('#btn-monitor-stop').addEventListener('click', () => stopMonitor());
  $('#btn-chats-refresh').addEventListener('click', () => refreshChats());
  window.openuccMonitor = () => monitor && { id: monitor.id, mode: monitor.mode, lines: monitor.lines.size };

  get('/api/bulletins').then(list => list.slice().reverse().forEach(addBulletin)).catch(showError);
  get('/api/reason-codes').then(list => { reasonCodes = list; renderAgents(); }).catch(showError);
  onLanguageChange(() => { renderQueues(); renderAgents(); renderChats(); renderMonitor(); cluster.render(); });
}
