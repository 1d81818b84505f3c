// The supervisor page's cluster panel: the members, the ACD engine's owner and epoch, whether the node serving
// the page owns the engine, and the last takeovers (GET /api/cluster). Hidden on a single node.
import { $, h, fill, show, dateTime } from './dom.js';
import { get } from './api.js';
import { t } from './i18n.js';

const REFRESH_MS = 15000;

/** Starts the panel; returns refresh() (the page calls it again when its socket reconnects). */
export function initCluster(root, { onError }) {
  let view = null;
  let timer = null;

  async function refresh() {
    clearTimeout(timer);
    try {
      view = await get('/api/cluster');
      render();
    } catch (e) {
      if (e.status !== 401 && e.status !== 403) onError(e);
    } finally {
      if (!view || view.clustered) timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  function render() {
    const panel = $('#cluster-panel', root);
    show(panel, Boolean(view && view.clustered));
    if (!view || !view.clustered) return;
    panel.dataset.owner = view.engineOwner || '';
    panel.dataset.node = view.node;
    $('#cluster-name', root).textContent = view.cluster;
    const owner = $('#cluster-owner', root);
    owner.textContent = view.engineOwner ? `${view.engineOwner} (${t('cl.epoch')} ${view.epoch})` : t('cl.noOwner');
    owner.classList.toggle('below', !view.ownerAlive);
    $('#cluster-here', root).textContent = view.ownsEngine ? t('cl.hereOwns', { node: view.node })
      : t('cl.hereFollows', { node: view.node });
    fill($('#cluster-members', root), view.members.map(m => h('li', {
      class: m === view.engineOwner ? 'member owner' : 'member', dataset: { node: m },
      text: m === view.engineOwner ? `${m} · ${t('cl.owner')}` : m,
    })));
    fill($('#cluster-takeovers tbody', root), view.takeovers.map(x => h('tr', { dataset: { epoch: x.epoch ?? '' } },
      h('td', { text: dateTime(x.at) }),
      h('td', { class: 'owner', text: x.owner }),
      h('td', { class: 'previous', text: x.previousOwner || '–' }),
      h('td', { class: 'kind', text: t(x.failover ? 'cl.failover' : 'cl.start') }),
      h('td', { class: 'num took', text: x.tookMillis == null ? '–' : `${x.tookMillis} ms` }))));
    show($('#cluster-none', root), view.takeovers.length === 0);
  }

  $('#cluster-refresh', root).addEventListener('click', refresh);
  refresh();
  return { refresh, render };
}
