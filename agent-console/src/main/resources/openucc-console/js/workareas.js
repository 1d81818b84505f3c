// The per-channel work areas of the agent's interaction tab: the CHAT transcript with its send box,
// the visitor's typing indicator and read receipts, and the EMAIL thread with its reply box; canned
// answers from the knowledge base go into whichever box is showing. Customer text only ever goes in
// through textContent (docs/agent-protocol-chat.md: it may hold <script>, HTML, newlines).
import { $, h, show, fill, dateTime } from './dom.js';
import { get, post } from './api.js';
import { t } from './i18n.js';

const TYPING_IDLE_MS = 3000;

/**
 * command(message, errorBox) sends on /ws/agent (a promise of the ack); notify(text) shows a toast;
 * onError(e) shows an error.
 */
export function createWorkAreas({ command, notify, onError }) {
  const chats = new Map();   // interactionId -> {lines: Map(messageId -> line), typing, loaded}
  const emails = new Map();  // interactionId -> {messages, loading}
  let current = null;        // the interaction shown: {id, channel, state}
  let typingSent = false;
  let typingTimer = null;

  const chatOf = id => {
    if (!chats.has(id)) chats.set(id, { lines: new Map(), typing: false, loaded: false });
    return chats.get(id);
  };

  function addLine(id, line) {
    const chat = chatOf(id);
    const old = chat.lines.get(line.messageId) || {};
    chat.lines.set(line.messageId, { ...old, ...line });
  }

  /** A transcript message from REST as a chat line of the protocol. */
  const lineOfMessage = m => ({ messageId: m.id, at: m.at, name: m.author, text: m.body, internal: !!m.internal,
    from: m.fromSupervisor ? 'supervisor' : m.direction === 'IN' ? 'visitor' : m.direction === 'OUT' ? 'agent' : 'system' });

  function loadChat(id) {
    const chat = chatOf(id);
    if (chat.loaded) return;
    chat.loaded = true;
    get(`/api/interactions/${encodeURIComponent(id)}/messages`).then(tr => {
      for (const m of tr.messages || []) {
        if (!chat.lines.has(m.id)) addLine(id, lineOfMessage(m));
      }
      if (current && current.id === id) renderChat();
    }).catch(e => { chat.loaded = false; onError(e); });
  }

  function loadEmail(id) {
    const mail = emails.get(id) || { messages: null, loading: false };
    emails.set(id, mail);
    if (mail.loading) return;
    mail.loading = true;
    get(`/api/interactions/${encodeURIComponent(id)}/messages`).then(tr => {
      mail.messages = tr.messages || [];
      if (current && current.id === id) renderEmail();
    }).catch(onError).finally(() => { mail.loading = false; });
  }

  // --- server messages ------------------------------------------------------------------------

  /** Takes the chat and email messages of /ws/agent; returns true when it handled one. */
  function onMessage(m) {
    switch (m.type) {
      case 'hello':
        // A (re)connect: lines and mails that came during the blip are read again from the server
        // (merged by message id); the page handles the greeting itself.
        for (const chat of chats.values()) chat.loaded = false;
        for (const mail of emails.values()) mail.messages = null;
        return false;
      case 'chatTranscript':
        for (const line of m.messages || []) addLine(m.interactionId, line);
        break;
      case 'chatMessage':
        addLine(m.interactionId, m);
        chatOf(m.interactionId).typing = false;
        break;
      case 'chatTyping':
        chatOf(m.interactionId).typing = !!m.typing;
        break;
      case 'chatReceipt': {
        const line = chatOf(m.interactionId).lines.get(m.messageId);
        // "read" wins over a late "delivered".
        if (line && line.status !== 'read') line.status = m.status;
        break;
      }
      case 'chatVisitorLeft':
        chatOf(m.interactionId).away = true;
        chatOf(m.interactionId).typing = false;
        break;
      case 'chatVisitorBack':
        chatOf(m.interactionId).away = false;
        break;
      case 'chatSupervisorJoined':
      case 'chatSupervisorLeft':
        notify(t(m.type === 'chatSupervisorJoined' ? 'chat.supervisorJoined' : 'chat.supervisorLeft', { name: m.supervisor }));
        break;
      case 'emailMessage':
        notify(t('email.new', { from: m.from || '', subject: m.subject || '' }));
        loadEmail(m.interactionId);
        break;
      default:
        return false;
    }
    if (current && current.id === m.interactionId) render(current);
    return true;
  }

  /** Tells the visitor the agent has seen their last line, once it is on the screen. */
  function markRead(chat, lines) {
    const last = lines.filter(l => l.from === 'visitor').pop();
    if (!last || document.hidden || chat.readSent === last.messageId || current.state !== 'CONNECTED') return;
    chat.readSent = last.messageId;
    command({ type: 'chatRead', interactionId: current.id, messageId: last.messageId }).catch(() => {});
  }

  /** Forgets an interaction that left the agent's hands. */
  function forget(id) {
    chats.delete(id);
    emails.delete(id);
  }

  // --- rendering ------------------------------------------------------------------------------

  /** Shows the work area for the selected interaction (or none). */
  function render(w) {
    const before = current && current.id;
    current = w ? { id: w.id, channel: w.channel, state: w.state } : null;
    const chat = !!w && w.channel === 'CHAT';
    const email = !!w && w.channel === 'EMAIL';
    show($('#chat-area'), chat);
    show($('#email-area'), email);
    show($('#canned'), (chat || email) && w.state === 'CONNECTED');
    if (!w) return;
    if (before !== w.id) {
      stopTyping();
      $('#chat-input').value = '';
      $('#email-reply').value = '';
      show($('#workarea-error'), false);
    }
    if (chat) {
      loadChat(w.id);
      renderChat();
    } else if (email) {
      const mail = emails.get(w.id);
      if (!mail || (!mail.messages && !mail.loading)) loadEmail(w.id);
      renderEmail();
    }
    if (!chat && !email) show($('#workarea-error'), false);
  }

  function renderChat() {
    const chat = chatOf(current.id);
    const lines = [...chat.lines.values()].sort((a, b) => (a.at || '').localeCompare(b.at || ''));
    const list = $('#chat-transcript');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    fill(list, lines.map(l => h('li', { class: `chat-line from-${l.from}${l.internal ? ' internal' : ''}`,
      dataset: { messageId: l.messageId, from: l.from, ...(l.internal ? { internal: 'true' } : {}) } },
      h('span', { class: 'chat-who', text: `${who(l)} · ${dateTime(l.at)}` }),
      h('span', { class: 'chat-text', text: l.text || '' }),
      l.from === 'agent' && l.status ? h('span', { class: 'chat-receipt muted', dataset: { status: l.status },
        text: t(l.status === 'read' ? 'chat.read' : 'chat.delivered') }) : null)));
    if (atBottom) list.scrollTop = list.scrollHeight;
    markRead(chat, lines);
    show($('#chat-typing'), chat.typing);
    show($('#chat-away'), !!chat.away);
    const open = current.state === 'CONNECTED';
    $('#chat-input').disabled = !open;
    $('#btn-chat-send').disabled = !open;
  }

  /** Who wrote a line; a supervisor's whisper says so (only the agent sees it). */
  function who(l) {
    if (l.from === 'supervisor') {
      return t(l.internal ? 'chat.whisperFrom' : 'chat.fromSupervisor', { name: l.name || '' });
    }
    return l.name || t(`chat.from.${l.from === 'visitor' ? 'visitor' : 'agent'}`);
  }

  function renderEmail() {
    const mail = emails.get(current.id);
    const messages = mail && mail.messages ? mail.messages : [];
    fill($('#email-thread'), messages.map(m => h('li', { class: `email-message dir-${m.direction}`, dataset: { messageId: m.id, direction: m.direction } },
      h('header', { class: 'email-head' },
        h('strong', { class: 'email-subject', text: (m.mail && m.mail.subject) || '' }),
        h('span', { class: 'muted', text: ` ${t(m.direction === 'IN' ? 'email.from' : 'email.to', { who: mailPeer(m) })} · ${dateTime(m.at)}` })),
      // The server's sanitized HTML is not rendered: the plain text is what the customer wrote, and a
      // text node cannot carry markup past the page's CSP.
      h('pre', { class: 'email-body', text: m.body || '' }),
      (m.attachments || []).length ? h('ul', { class: 'list email-files' }, m.attachments.map((a, i) => h('li', {},
        h('a', { href: `/api/interactions/${encodeURIComponent(current.id)}/attachments/${encodeURIComponent(m.id)}/${i}`,
          text: `${a.name} (${a.size} B)` })))) : null)));
    const open = current.state === 'CONNECTED';
    $('#email-reply').disabled = !open;
    $('#btn-email-reply').disabled = !open;
  }

  const mailPeer = m => m.mail ? (m.direction === 'IN' ? m.mail.from : (m.mail.to || []).join(', ')) || '' : m.author || '';

  // --- agent input ----------------------------------------------------------------------------

  function showError(e) {
    const box = $('#workarea-error');
    box.textContent = t('error', { message: e.message || String(e) });
    show(box, true);
  }

  function sendChat() {
    if (!current || current.channel !== 'CHAT') return;
    const input = $('#chat-input');
    const text = input.value.trim();
    if (!text) return;
    const id = current.id;
    show($('#workarea-error'), false);
    stopTyping();
    command({ type: 'chatSend', interactionId: id, text }).then(ack => {
      const r = ack.result || {};
      addLine(id, { messageId: r.messageId || `local-${Date.now()}`, from: 'agent', text, at: r.at || new Date().toISOString() });
      if (current && current.id === id) renderChat();
    }).catch(e => {
      // The text stays for another try.
      if (current && current.id === id && !input.value) input.value = text;
      showError(e);
    });
    input.value = '';
  }

  function typing() {
    if (!current || current.channel !== 'CHAT') return;
    if (!typingSent) {
      typingSent = true;
      command({ type: 'chatTyping', interactionId: current.id, typing: true }).catch(() => {});
    }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function stopTyping() {
    clearTimeout(typingTimer);
    if (typingSent && current && current.channel === 'CHAT') {
      command({ type: 'chatTyping', interactionId: current.id, typing: false }).catch(() => {});
    }
    typingSent = false;
  }

  async function sendReply(ev) {
    ev.preventDefault();
    if (!current || current.channel !== 'EMAIL') return;
    const box = $('#email-reply');
    const text = box.value.trim();
    if (!text) return;
    const id = current.id;
    show($('#workarea-error'), false);
    $('#btn-email-reply').disabled = true;
    try {
      await post(`/api/interactions/${encodeURIComponent(id)}/reply`, { text });
      if (current && current.id === id) box.value = '';
      notify(t('email.sent'));
      loadEmail(id);
    } catch (e) {
      showError(e);
    } finally {
      $('#btn-email-reply').disabled = false;
    }
  }

  // Canned answers: the knowledge base's standard answers, inserted into the box that is showing.
  let answers = [];
  let searchTimer = null;
  async function searchAnswers() {
    try {
      answers = await get(`/api/knowledge?q=${encodeURIComponent($('#canned-search').value.trim())}`) || [];
      fill($('#canned-select'), answers.length
        ? answers.map((a, i) => h('option', { value: String(i), text: a.title }))
        : h('option', { value: '', dataset: { i18n: 'kb.none' }, text: t('kb.none') }));
    } catch (e) {
      onError(e);
    }
  }

  function insertAnswer() {
    const a = answers[Number($('#canned-select').value)];
    if (!a || !current) return;
    const box = current.channel === 'EMAIL' ? $('#email-reply') : $('#chat-input');
    const start = box.selectionStart ?? box.value.length, end = box.selectionEnd ?? box.value.length;
    box.value = box.value.slice(0, start) + a.body + box.value.slice(end);
    box.focus();
    box.selectionStart = box.selectionEnd = start + a.body.length;
  }

  $('#chat-form').addEventListener('submit', ev => { ev.preventDefault(); sendChat(); });
  $('#chat-input').addEventListener('keydown', ev => {
    // Enter sends, Shift+Enter is a new line; an IME composing Chinese uses Enter to pick characters.
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      sendChat();
    }
  });
  $('#chat-input').addEventListener('input', typing);
  $('#email-form').addEventListener('submit', sendReply);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && current && current.channel === 'CHAT') renderChat();
  });
  $('#canned-search').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchAnswers, 250);
  });
  $('#btn-canned-insert').addEventListener('click', insertAnswer);
  searchAnswers();

  return { onMessage, render, forget, refresh: () => current && render(current) };
}
