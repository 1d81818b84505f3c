// The customer card: who the customer is (name, tier, account), their contacts, open cases, last
// interactions with dispositions, the IVR path and context collected before routing, and their notes.
import { h, fill, dateTime, duration } from './dom.js';
import { get, post } from './api.js';
import { t } from './i18n.js';

/** The card for a screen pop (from an offer or an interaction in hand), or for a customer found by search. */
export async function renderCard(card, pop, onError) {
  if (!pop) {
    fill(card);
    return;
  }
  const c = pop.customer;
  const context = pop.context || {};
  if (!c) {
    fill(card, h('h2', { text: t('pop.title') }), h('p', { class: 'muted', id: 'customer-name', text: t('pop.none') }),
      pop.problem ? h('p', { class: 'error', text: t('pop.problem', { problem: pop.problem }) }) : null,
      contextSection(context));
    return;
  }
  const tier = pop.tier || c.tier;
  const notesList = h('ul', { id: 'customer-notes', class: 'list notes' });
  const contactsList = h('ul', { id: 'customer-contacts', class: 'list' }, pop.contact ? contactItem(pop.contact, true) : null);
  fill(card,
    h('header', { class: 'card-head' },
      h('h2', { id: 'customer-name', text: c.name }),
      tier ? h('span', { id: 'customer-tier', class: `tier tier-${tier}`, text: tier }) : null),
    h('p', { class: 'muted' }, c.accountNumber ? `${t('pop.account')} ${c.accountNumber}` : '',
      c.industry ? ` · ${c.industry}` : '', c.address && c.address.city ? ` · ${c.address.city}` : ''),
    pop.otherMatches > 0 ? h('p', { class: 'warn', text: t('pop.otherMatches', { n: pop.otherMatches }) }) : null,
    pop.problem ? h('p', { class: 'error', text: t('pop.problem', { problem: pop.problem }) }) : null,
    h('div', { class: 'grid2' },
      h('section', {}, h('h3', { text: t('pop.contacts') }), contactsList),
      h('section', {}, h('h3', { text: t('pop.cases') }), casesList(pop.openCases || [])),
      h('section', {}, h('h3', { text: t('pop.history') }), historyList(pop.recentInteractions || [])),
      contextSection(context)),
    h('section', {}, h('h3', { text: t('pop.notes') }), notesList, noteForm(c.id, notesList, onError)));
  // Contacts and notes are read when the card opens: they change during the call (and after wrap-up).
  get(`/api/customers/${encodeURIComponent(c.id)}/contacts`).then(list => {
    const others = (list || []).filter(x => !pop.contact || x.id !== pop.contact.id);
    contactsList.append(...others.map(x => contactItem(x, false)));
  }).catch(onError);
  loadNotes(c.id, notesList).catch(onError);
}

function contactItem(contact, caller) {
  const phones = (contact.phones || []).map(p => p.number + (p.label ? ` (${p.label})` : '')).join(', ');
  return h('li', { class: caller ? 'caller' : '' }, h('strong', { text: contact.name || '' }),
    contact.title ? ` — ${contact.title}` : '', h('br'),
    h('span', { class: 'muted', text: [phones, ...(contact.emails || [])].filter(Boolean).join(' · ') }));
}

function casesList(cases) {
  if (!cases.length) return h('p', { class: 'muted', text: t('pop.noCases') });
  return h('ul', { id: 'customer-cases', class: 'list' }, cases.map(k => h('li', {},
    h('span', { class: `prio prio-${k.priority}`, text: k.priority || '' }), ' ', h('span', { text: k.subject }),
    h('span', { class: 'muted', text: ` · ${k.status} · ${dateTime(k.openedAt)}` }))));
}

function historyList(items) {
  if (!items.length) return h('p', { class: 'muted', text: t('pop.noHistory') });
  return h('ul', { id: 'customer-history', class: 'list' }, items.map(s => h('li', {},
    h('span', { text: `${dateTime(s.arrivedAt)} · ${s.channel} · ${s.queueId || ''}` }), ' ',
    s.disposition ? h('span', { class: 'disposition', text: s.disposition }) : h('span', { class: 'muted', text: s.outcome || '' }),
    s.agentId ? h('span', { class: 'muted', text: ` · ${s.agentId} · ${duration(s.talkMillis)}` }) : null)));
}

function contextSection(context) {
  const entries = Object.entries(context).sort(([a], [b]) => a.localeCompare(b));
  return h('section', {}, h('h3', { text: t('pop.context') }),
    h('dl', { id: 'customer-context', class: 'context' }, entries.map(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));
}

async function loadNotes(customerId, list) {
  const page = await get(`/api/customers/${encodeURIComponent(customerId)}/notes?limit=10`);
  fill(list, (page.items || []).map(n => h('li', {}, h('p', { class: 'note-text', text: n.text }),
    h('span', { class: 'muted', text: `${n.author} · ${dateTime(n.createdAt)}` }))));
}

function noteForm(customerId, list, onError) {
  const text = h('textarea', { id: 'note-text', rows: 2, maxlength: 20000 });
  return h('form', {
    class: 'row', id: 'note-form', onsubmit: async ev => {
      ev.preventDefault();
      if (!text.value.trim()) return;
      try {
        await post(`/api/customers/${encodeURIComponent(customerId)}/notes`, { text: text.value });
        text.value = '';
        await loadNotes(customerId, list);
      } catch (e) {
        onError(e);
      }
    },
  }, text, h('button', { type: 'submit', text: t('pop.addNote') }));
}

/** A pop-like record for a customer chosen from the search (no interaction context). */
export async function customerPop(customerId) {
  const id = encodeURIComponent(customerId);
  const [customer, cases, history] = await Promise.all([get(`/api/customers/${id}`),
    get(`/api/customers/${id}/cases?openOnly=true`), get(`/api/customers/${id}/history?limit=10`)]);
  return { customer, tier: customer.tier, contact: null, openCases: cases.items || [], recentInteractions: history.items || [],
    context: {} };
}
