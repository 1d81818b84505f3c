// The customer card: who the customer is (name, tier, account), their contacts, open cases, last
// interactions with dispositions, the IVR path and context collected before routing, and their notes.
import { h, fill, show, dateTime, duration } from './dom.js';
import { get, post, put } from './api.js';
import { t } from './i18n.js';
import { callButton } from './dialer.js';

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
      context.phone ? h('p', { id: 'pop-phone' }, h('span', { text: context.phone }), ' ', callButton(context.phone, null)) : null,
      contextSection(context));
    return;
  }
  const tier = pop.tier || c.tier;
  const editForm = customerEditForm(c, async updated => {
    pop.customer = updated;
    await renderCard(card, pop, onError);
  }, onError);
  const notesList = h('ul', { id: 'customer-notes', class: 'list notes' });
  const contactsList = h('ul', { id: 'customer-contacts', class: 'list' }, pop.contact ? contactItem(pop.contact, true, c.id) : null);
  fill(card,
    h('header', { class: 'card-head' },
      h('h2', { id: 'customer-name', text: c.name }),
      tier ? h('span', { id: 'customer-tier', class: `tier tier-${tier}`, text: tier }) : null,
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', id: 'customer-edit', class: 'link', text: t('pop.edit'),
        onclick: () => { show(editForm, !editForm.hidden ? false : true); } })),
    editForm,
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
    contactsList.append(...others.map(x => contactItem(x, false, c.id)));
  }).catch(onError);
  loadNotes(c.id, notesList).catch(onError);
}

/** A contact with a click-to-call button after each of its numbers. */
function contactItem(contact, caller, customerId) {
  const phones = (contact.phones || []).map(p => h('span', { class: 'phone' },
    h('span', { class: 'muted', text: p.number + (p.label ? ` (${p.label})` : '') }), callButton(p.number, customerId), ' '));
  return h('li', { class: caller ? 'caller' : '' }, h('strong', { text: contact.name || '' }),
    contact.title ? ` — ${contact.title}` : '', h('br'), phones,
    h('span', { class: 'muted', text: (contact.emails || []).join(' · ') }));
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

/**
 * Edits the customer's name, tier, industry and city. The record is re-read first and sent back whole
 * with the version read, so nothing else is lost and a change by someone else meanwhile is a 409.
 */
function customerEditForm(c, onSaved, onError) {
  const name = h('input', { id: 'edit-name', value: c.name || '', maxlength: 200, required: true });
  const tier = h('select', { id: 'edit-tier' }, ['VIP', 'A', 'B', 'C'].map(x => h('option', { value: x, text: x })));
  tier.value = c.tier || 'C';
  const industry = h('input', { id: 'edit-industry', value: c.industry || '', maxlength: 200 });
  const city = h('input', { id: 'edit-city', value: (c.address && c.address.city) || '', maxlength: 200 });
  const form = h('form', {
    id: 'customer-edit-form', class: 'edit', hidden: true, onsubmit: async ev => {
      ev.preventDefault();
      try {
        const id = encodeURIComponent(c.id);
        const now = await get(`/api/customers/${id}`);
        const address = { ...(now.address || {}), city: city.value.trim() || null };
        Object.keys(address).forEach(k => address[k] === null && delete address[k]);
        const updated = await put(`/api/customers/${id}`, { name: name.value.trim(), tier: tier.value,
          industry: industry.value.trim() || undefined, address, accountNumber: now.accountNumber || undefined,
          tags: now.tags, customFields: now.customFields, version: c.version });
        await onSaved(updated);
      } catch (e) {
        onError(e);
      }
    },
  },
  h('div', { class: 'row' },
    h('label', {}, h('span', { text: t('edit.name') }), name),
    h('label', {}, h('span', { text: t('edit.tier') }), tier),
    h('label', {}, h('span', { text: t('edit.industry') }), industry),
    h('label', {}, h('span', { text: t('edit.city') }), city),
    h('button', { type: 'submit', id: 'customer-save', class: 'primary', text: t('edit.save') })));
  return form;
}
