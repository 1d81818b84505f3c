// The agent's side panels: customer search, the knowledge base of standard answers, the bulletin board.
import { $, h, fill, dateTime } from './dom.js';
import { get } from './api.js';
import { t } from './i18n.js';
import { callCustomerButton } from './dialer.js';

/** The customer's first phone number on file (their contacts'), or null. */
async function firstPhone(customerId) {
  const contacts = await get(`/api/customers/${encodeURIComponent(customerId)}/contacts`);
  for (const c of contacts || []) {
    if (c.phones && c.phones.length) return c.phones[0].number;
  }
  return null;
}

/** What the search box holds, as the customer search's query parameter. */
function searchQuery(text) {
  const q = text.trim();
  if (q.includes('@')) return `email=${encodeURIComponent(q)}`;
  if (/^[+\d][\d\s\-()/]{2,}$/.test(q)) return `phone=${encodeURIComponent(q)}`;
  return `name=${encodeURIComponent(q)}`;
}

export function initPanels({ onError, openCustomer }) {
  $('#search-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const text = $('#search-input').value;
    if (!text.trim()) return;
    try {
      const query = searchQuery(text);
      const page = await get(`/api/customers?${query}&limit=20`);
      const items = page.items || [];
      // Searched by number: that is the number to call; else the customer's first one on file.
      const typed = query.startsWith('phone=') ? text.trim() : null;
      const number = id => async () => {
        try {
          return typed || await firstPhone(id);
        } catch (e) {
          onError(e);
          return undefined;
        }
      };
      fill($('#search-results'), items.length ? items.map(c => h('li', {},
        h('button', { type: 'button', class: 'link', dataset: { customerId: c.id }, onclick: () => openCustomer(c.id) },
          c.name), ' ', h('span', { class: `tier tier-${c.tier}`, text: c.tier }),
        h('span', { class: 'muted', text: ` ${c.accountNumber || ''} ${c.city || ''}` }), ' ',
        callCustomerButton(c.id, number(c.id), message => onError(new Error(message)))))
        : h('li', { class: 'muted', dataset: { i18n: 'search.none' }, text: t('search.none') }));
    } catch (e) {
      onError(e);
    }
  });

  let timer = null;
  const kb = $('#kb-search');
  const searchKb = async () => {
    try {
      const items = await get(`/api/knowledge?q=${encodeURIComponent(kb.value.trim())}`);
      fill($('#kb-results'), items.length ? items.map(a => h('li', { class: 'kb-article' },
        h('details', {}, h('summary', { text: a.title }), h('p', { class: 'kb-body', text: a.body }),
          a.tags && a.tags.length ? h('p', { class: 'muted', text: a.tags.join(', ') }) : null)))
        : h('li', { class: 'muted', dataset: { i18n: 'kb.none' }, text: t('kb.none') }));
    } catch (e) {
      onError(e);
    }
  };
  kb.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(searchKb, 250);
  });
  searchKb();

  get('/api/bulletins').then(list => {
    fill($('#bulletins'));
    if (!list.length) $('#bulletins').append(h('li', { class: 'muted empty', dataset: { i18n: 'board.none' }, text: t('board.none') }));
    list.slice().reverse().forEach(b => showBulletin(b, false));
  }).catch(onError);
}

/** Adds a bulletin at the top of the board (newest first); highlighted when it just arrived. */
export function showBulletin(b, fresh) {
  const board = $('#bulletins');
  board.querySelector('.empty')?.remove();
  if (board.querySelector(`[data-bulletin-id="${CSS.escape(b.id)}"]`)) return;
  board.prepend(h('li', { class: `bulletin${fresh ? ' fresh' : ''}`, dataset: { bulletinId: b.id } },
    h('p', { class: 'bulletin-text', text: b.text }),
    h('span', { class: 'muted', text: `${b.author} · ${dateTime(b.postedAt)}` })));
}
