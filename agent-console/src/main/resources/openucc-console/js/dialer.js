// Dial-out: the dial pad, click-to-call buttons next to numbers (screen pop, search results), and the
// DTMF keypad of a connected call. A call is started with POST /api/agents/me/calls; the agent's phone
// rings first, then the customer's, and the call arrives on /ws/agent like any other interaction.
import { $, h } from './dom.js';
import { post } from './api.js';
import { t } from './i18n.js';

let handler = null;
let lastDial = 0;

/** What a click-to-call does (set once by the agent page). */
export function onDial(fn) {
  handler = fn;
}

/** Starts a call to the number (customerId when known); answers the server's {interactionId, number, …}. */
export async function dial(number, customerId) {
  lastDial = Date.now();
  return post('/api/agents/me/calls', customerId ? { number, customerId } : { number });
}

/** Whether an offer that just came is the agent's own call (it needs no ringing tone). */
export function justDialled() {
  return Date.now() - lastDial < 10000;
}

/** A small "call" button for a number, for the screen pop and the search results. */
export function callButton(number, customerId) {
  return h('button', {
    type: 'button', class: 'link call', title: t('dial.callNumber', { number }), 'aria-label': t('dial.callNumber', { number }),
    dataset: { callNumber: number, ...(customerId ? { customerId } : {}) },
    onclick: () => handler && handler(number, customerId),
  }, '☎');
}

/**
 * A call button for a customer whose number is found when clicked ({@code number()} may be async and
 * answer null: then the agent is told there is no number on file).
 */
export function callCustomerButton(customerId, number, onNone) {
  return h('button', {
    type: 'button', class: 'link call', title: t('dial.call'), 'aria-label': t('dial.call'),
    dataset: { callCustomer: customerId },
    onclick: async () => {
      const n = await number();
      if (!n) onNone(t('dial.noPhone'));
      else if (handler) handler(n, customerId);
    },
  }, '☎');
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
const DTMF_KEYS = ['1', '2', '3', 'A', '4', '5', '6', 'B', '7', '8', '9', 'C', '*', '0', '#', 'D'];

/** The dial pad: keys type into the number field; Call (or Enter) dials it. */
export function initDialPad() {
  const input = $('#dial-number');
  $('#dial-keys').replaceChildren(...KEYS.map(k => h('button', { type: 'button', dataset: { key: k },
    onclick: () => { input.value += k; input.focus(); } }, k)),
  h('button', { type: 'button', id: 'dial-plus', onclick: () => { input.value += '+'; input.focus(); } }, '+'),
  h('button', { type: 'button', id: 'dial-back', title: t('dial.clear'), onclick: () => { input.value = input.value.slice(0, -1); } }, '⌫'));
  $('#dial-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const number = input.value.trim();
    if (number && handler) handler(number, null);
  });
}

/** The DTMF keypad: each key is sent at once on the selected call (send(digit) does it). */
export function initDtmfPad(send) {
  $('#dtmf-keys').replaceChildren(...DTMF_KEYS.map(k => h('button', { type: 'button',
    dataset: { dtmf: k }, onclick: () => send(k) }, k)));
}
