/*
 * OpenUCC chat widget. Put one tag on any page:
 *   <script src="https://contact.example.com/chat/widget.js" defer></script>
 * It records the pages the visitor browses on the site (this browser only, localStorage), and opens a
 * chat over a WebSocket to the server the script came from. Text is always shown with textContent,
 * never as HTML. A reload or a network blip resumes the same chat with its resume token.
 */
(function () {
  'use strict';
  if (window.OpenUccChat) { return; }
  var script = document.currentScript;
  var base = new URL(script ? script.src : '/chat/widget.js', location.href);
  var wsUrl = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + '/ws/chat';
  var PAGES = 'openucc.chat.pages', TOKEN = 'openucc.chat.token';
  // A site whose visitor is logged in may vouch for them: <script src=".../widget.js" data-identity="TOKEN">
  var identity = script && script.dataset ? script.dataset.identity : undefined;

  function store(key, value) { try { if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); } } catch (e) { /* private mode */ } }
  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }

  var pages = [];
  try { pages = JSON.parse(load(PAGES) || '[]'); } catch (e) { pages = []; }
  if (pages[pages.length - 1] !== location.href) { pages.push(location.href); }
  pages = pages.slice(-20);
  store(PAGES, JSON.stringify(pages));

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var root = el('div', { id: 'openucc-chat', style: 'position:fixed;right:16px;bottom:16px;font:14px sans-serif;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:8px' });
  var button = el('button', { type: 'button', id: 'openucc-chat-open', 'aria-expanded': 'false', style: 'padding:10px 16px;border-radius:20px;border:0;background:#1f6feb;color:#fff;cursor:pointer' }, 'Chat with us');
  var panel = el('div', { id: 'openucc-chat-panel', role: 'dialog', 'aria-label': 'Chat', style: 'display:none;width:320px;height:440px;background:#fff;border:1px solid #ccc;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2);flex-direction:column' });
  var status = el('div', { 'aria-live': 'polite', style: 'padding:8px;background:#f3f5f8;border-bottom:1px solid #ddd' }, '');
  var log = el('div', { style: 'flex:1;overflow:auto;padding:8px' });
  var typingLine = el('div', { style: 'padding:0 8px;color:#666;font-size:12px;min-height:16px' }, '');
  var form = el('form', { style: 'padding:8px;display:flex;flex-direction:column;gap:6px' });
  var name = el('input', { name: 'name', placeholder: 'Your name', required: 'required', maxlength: '100' });
  var email = el('input', { name: 'email', type: 'email', placeholder: 'Email (optional)', maxlength: '320' });
  var phone = el('input', { name: 'phone', type: 'tel', placeholder: 'Phone (optional)', maxlength: '50' });
  var topic = el('select', { name: 'topic' });
  var startButton = el('button', { type: 'submit' }, 'Start chat');
  [name, email, phone, topic, startButton].forEach(function (x) { form.appendChild(x); });
  var compose = el('form', { style: 'display:none;flex-wrap:wrap;padding:8px;gap:6px;border-top:1px solid #ddd' });
  var input = el('input', { name: 'text', placeholder: 'Type a message', maxlength: '2000', style: 'flex:1 1 100%;min-width:0', autocomplete: 'off' });
  var send = el('button', { type: 'submit' }, 'Send');
  var endButton = el('button', { type: 'button' }, 'End');
  var file = el('input', { type: 'file', name: 'file', 'aria-label': 'Send a file', style: 'flex:1;min-width:0;font-size:12px' });
  [input, send, file, endButton].forEach(function (x) { compose.appendChild(x); });
  var after = el('div', { style: 'display:none;padding:8px;border-top:1px solid #ddd' });
  [status, log, typingLine, form, compose, after].forEach(function (x) { panel.appendChild(x); });
  root.appendChild(panel);
  root.appendChild(button);

  var ws = null, token = load(TOKEN), lines = {}, pending = {}, seq = 0, ended = false, retry = 0, typingTimer = null;

  function show(open) { panel.style.display = open ? 'flex' : 'none'; button.setAttribute('aria-expanded', String(open)); }
  button.addEventListener('click', function () { show(panel.style.display === 'none'); if (token && !ws) { connect(); } });

  function addLine(m) {
    if (lines[m.messageId]) { return; }
    var row = el('div', { 'data-from': m.from, style: 'margin:4px 0;text-align:' + (m.from === 'visitor' ? 'right' : 'left') });
    var bubble = el('span', { style: 'display:inline-block;padding:6px 8px;border-radius:8px;background:' + (m.from === 'visitor' ? '#dbeafe' : '#eee') }, m.text);
    var mark = el('small', { style: 'margin-left:4px;color:#666' }, '');
    row.appendChild(bubble); row.appendChild(mark);
    log.appendChild(row); log.scrollTop = log.scrollHeight;
    lines[m.messageId] = { row: row, mark: mark, from: m.from };
    if (m.from === 'agent' && document.visibilityState === 'visible') { sendJson({ type: 'read', messageId: m.messageId }); }
  }
  function mark(messageId, state) { var l = lines[messageId]; if (l) { l.mark.textContent = state === 'read' ? '✓✓ read' : state === 'delivered' ? '✓✓' : '✓'; } }
  function sendJson(o) { if (ws && ws.readyState === 1) { ws.send(JSON.stringify(o)); return true; } return false; }
  function chatting() { form.style.display = 'none'; compose.style.display = 'flex'; }

  function connect() {
    ws = new WebSocket(wsUrl);
    // The server closes connections idle for server.http.idleTimeout (2 min by default): keep a waiting chat's open.
    var pinger = setInterval(function () { sendJson({ type: 'ping' }); }, 25000);
    ws.onopen = function () { retry = 0; if (token) { sendJson({ type: 'resume', resumeToken: token }); } };
    ws.onmessage = function (ev) {
      var m = JSON.parse(ev.data);
      switch (m.type) {
        case 'started': token = m.resumeToken; store(TOKEN, token); chatting(); queued(m); break;
        case 'resumed': chatting(); (m.messages || []).forEach(addLine); if (m.state === 'ENDED') { finished('The chat has ended.', m.agentTookPart); } else if (m.agentName) { status.textContent = m.agentName + ' is chatting with you'; } else { queued(m); } break;
        case 'queue': queued(m); break;
        case 'agentJoined': status.textContent = m.agentName + ' is chatting with you'; break;
        case 'transferred': status.textContent = m.text; break;
        case 'message': addLine(m); typingLine.textContent = ''; break;
        case 'receipt':
          if (m.clientId && pending[m.clientId]) { var p = pending[m.clientId]; delete pending[m.clientId]; lines[m.messageId] = p; delete lines[m.clientId]; }
          mark(m.messageId, m.status); break;
        case 'typing': typingLine.textContent = m.typing ? 'typing…' : ''; break;
        case 'ended': finished(m.by === 'agent' ? 'The agent has ended the chat.' : 'The chat has ended.', m.agentTookPart); break;
        case 'rated': after.textContent = 'Thank you for your rating.'; break;
        case 'transcriptRequested': status.textContent = 'The transcript will be emailed to you.'; break;
        case 'transcriptSent': status.textContent = 'The transcript was emailed to you.'; break;
        case 'error':
          if (m.status === 404 && token) { token = null; store(TOKEN, null); form.style.display = 'flex'; compose.style.display = 'none'; }
          status.textContent = m.message; break;
      }
    };
    ws.onclose = function () { ws = null; clearInterval(pinger); if (token && !ended) { retry = Math.min(retry + 1, 6); setTimeout(connect, 500 * Math.pow(2, retry)); } };
  }

  // Position 0: no longer waiting in the queue, an agent's console is ringing with the chat.
  function queued(m) {
    status.textContent = m.position > 0
      ? 'You are number ' + m.position + ' in the queue (about ' + Math.max(1, Math.round(m.estimatedWaitSeconds / 60)) + ' min).'
      : 'Connecting you to an agent…';
  }

  // A rating is asked for only when an agent took part (a chat nobody answered has nothing to rate).
  function finished(text, agentTookPart) {
    ended = true; status.textContent = text; compose.style.display = 'none'; after.style.display = 'block';
    while (after.firstChild) { after.removeChild(after.firstChild); }
    if (agentTookPart) {
      after.appendChild(el('div', {}, 'How did we do?'));
      [1, 2, 3, 4, 5].forEach(function (n) { var b = el('button', { type: 'button', 'aria-label': n + ' stars' }, '★' + n); b.addEventListener('click', function () { sendJson({ type: 'rate', score: n }); }); after.appendChild(b); });
    }
    var t = el('button', { type: 'button' }, 'Email me the transcript');
    t.addEventListener('click', function () { sendJson({ type: 'transcript', email: email.value || undefined }); });
    after.appendChild(t);
    var again = el('button', { type: 'button' }, 'New chat');
    again.addEventListener('click', function () { token = null; store(TOKEN, null); ended = false; if (ws) { ws.close(); } log.textContent = ''; lines = {}; after.style.display = 'none'; form.style.display = 'flex'; status.textContent = ''; });
    after.appendChild(again);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var start = function () { sendJson({ type: 'start', name: name.value, email: email.value, phone: phone.value, topic: topic.value, pages: pages, currentPage: location.href, identityToken: identity || undefined }); };
    if (!ws) { connect(); ws.addEventListener('open', start, { once: true }); } else { start(); }
  });
  compose.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    var clientId = 'c' + (++seq);
    if (sendJson({ type: 'message', clientId: clientId, text: text })) {
      addLine({ messageId: clientId, from: 'visitor', text: text });
      pending[clientId] = lines[clientId];
      input.value = '';
    }
  });
  input.addEventListener('input', function () {
    if (!typingTimer) { sendJson({ type: 'typing', typing: true }); } else { clearTimeout(typingTimer); }
    typingTimer = setTimeout(function () { typingTimer = null; sendJson({ type: 'typing', typing: false }); }, 1500);
  });
  endButton.addEventListener('click', function () { sendJson({ type: 'end' }); });
  file.addEventListener('change', function () {
    var f = file.files[0];
    if (!f || !token) { return; }
    fetch(new URL('/chat/attachments', base), { method: 'POST', body: f, headers: {
      'content-type': f.type || 'application/octet-stream', 'x-chat-token': token, 'x-file-name': encodeURIComponent(f.name) } })
      .then(function (r) { return r.ok ? null : r.json().then(function (e) { status.textContent = e.message || 'The file was not accepted.'; }); })
      .catch(function () { status.textContent = 'The file could not be sent.'; })
      .then(function () { file.value = ''; });
  });

  fetch(new URL('/chat/topics', base)).then(function (r) { return r.json(); }).then(function (topics) {
    topics.forEach(function (t) { topic.appendChild(el('option', { value: t.id }, t.label)); });
  }).catch(function () { status.textContent = 'Chat is not available right now.'; });

  function ready() { document.body.appendChild(root); if (token) { show(true); connect(); } }
  if (document.body) { ready(); } else { document.addEventListener('DOMContentLoaded', ready); }
  window.OpenUccChat = { open: function () { show(true); } };
}());
