// A WebSocket that reconnects with exponential backoff (0.5 s doubling to 10 s, with jitter).
// The server greets every new connection with the full picture (the agent's state, a ringing offer,
// the work in hand; the supervisor's snapshot), so a reconnect loses nothing: the page simply
// rebuilds from the greeting. Commands carry an id; send() resolves with the ack or rejects with the error.

import { t } from './i18n.js';

const MIN_DELAY = 500, MAX_DELAY = 10000, PING_EVERY = 25000;

export class ConsoleSocket {
  constructor(path, { onMessage, onStatus, onFatal, onRefused }) {
    this.url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
    this.onMessage = onMessage;
    this.onStatus = onStatus || (() => {});
    this.onFatal = onFatal || (() => {});
    this.onRefused = onRefused || (() => {});
    this.delay = MIN_DELAY;
    this.pending = new Map();
    this.nextId = 1;
    this.stopped = false;
    this.connect();
    this.pinger = setInterval(() => this.isOpen() && this.ws.send(JSON.stringify({ type: 'ping' })), PING_EVERY);
  }

  isOpen() {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  connect() {
    this.onStatus('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.delay = MIN_DELAY;
      this.onStatus('open');
    };
    ws.onmessage = ev => {
      let m;
      try { m = JSON.parse(ev.data); } catch { return; }
      if ((m.type === 'ack' || m.type === 'error') && m.id && this.pending.has(m.id)) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.type === 'ack') p.resolve(m); else p.reject(Object.assign(new Error(m.message || m.error), { reply: m }));
        return;
      }
      if (m.type === 'sessionEnded') {
        this.stopped = true;
        this.onFatal(m.reason || 'session ended');
      }
      this.onMessage(m);
    };
    ws.onclose = ev => {
      for (const p of this.pending.values()) p.reject(new Error(t('conn.lost')));
      this.pending.clear();
      if (this.stopped) {
        this.onStatus('closed');
        return;
      }
      // Closed before it opened: the server is away, or refused the handshake (401/403: the session
      // ended). The page tells the two apart by asking who is logged in.
      if (!opened) this.onRefused();
      this.onStatus('reconnecting');
      const wait = Math.min(MAX_DELAY, this.delay) * (0.8 + Math.random() * 0.4);
      this.delay = Math.min(MAX_DELAY, this.delay * 2);
      this.timer = setTimeout(() => this.connect(), wait);
    };
  }

  /** Sends a command; resolves with the ack, rejects with an Error carrying the server's message. */
  send(message) {
    if (!this.isOpen()) return Promise.reject(new Error(t('conn.notConnected')));
    const id = 'm' + this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ ...message, id }));
    });
  }

  /** Drops the connection as a network blip would; it reconnects by itself. */
  drop() {
    if (this.ws) this.ws.close();
  }

  close() {
    this.stopped = true;
    clearInterval(this.pinger);
    clearTimeout(this.timer);
    if (this.ws) this.ws.close();
  }
}
