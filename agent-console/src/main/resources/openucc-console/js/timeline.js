// Recent interactions and an interaction's timeline: every event the log holds for it, with a player for each
// call recording. The server decides who may play a recording (supervisors any, an agent their own calls) and
// logs every playback; the player asks for nothing until someone presses play (preload none).
import { h, fill, show, dateTime, duration } from './dom.js';
import { get } from './api.js';
import { t, onLanguageChange } from './i18n.js';

/** The "Recent interactions" card: the last ones the user may see (an agent: those they answered), each opening its timeline. */
export function initRecent(root, { onError }) {
  const list = root.querySelector('#recent-interactions');
  const box = root.querySelector('#timeline');
  let items = [];
  let opened = null;

  function renderList() {
    fill(list, items.length ? items.map(s => h('li', { dataset: { interactionId: s.interactionId } },
      h('button', { type: 'button', class: 'link timeline-open', onclick: () => open(s.interactionId) },
        `${dateTime(s.arrivedAt)} · ${s.channel || ''} · ${s.queueId || ''}`),
      h('span', { class: 'muted', text: [' ', s.agentId, s.disposition || s.outcome].filter(Boolean).join(' · ') }),
      s.recordingPath ? h('span', { class: 'has-recording', title: t('tl.hasRecording'), text: ' ♪' }) : null))
      : h('li', { class: 'muted', text: t('tl.none') }));
  }

  async function load() {
    const page = await get('/api/interactions?limit=10');
    items = page.items || [];
    renderList();
  }

  async function open(id) {
    opened = id;
    try {
      await showTimeline(box, id);
    } catch (e) {
      onError(e);
    }
  }

  root.querySelector('#recent-refresh').addEventListener('click', () => load().catch(onError));
  onLanguageChange(() => {
    renderList();
    if (opened) open(opened);
  });
  load().catch(onError);
  return { refresh: () => load().catch(onError), open };
}

/** Fills box with the interaction's timeline, oldest event first. */
export async function showTimeline(box, interactionId) {
  const detail = await get(`/api/interactions/${encodeURIComponent(interactionId)}`);
  const events = detail.timeline || [];
  const purged = new Map(events.filter(e => e.type === 'RECORDING_PURGED')
    .map(e => [String(e.details.recordingId), e]));
  fill(box,
    h('h3', { text: t('tl.title', { id: interactionId }) }),
    h('ol', { class: 'list timeline', dataset: { interactionId } }, events.map(e => h('li', {
      class: `event ev-${e.type}`, dataset: { eventId: e.id, type: e.type },
    },
    h('span', { class: 'muted', text: dateTime(e.at) }), ' ',
    h('strong', { text: eventName(e.type) }),
    who(e) ? h('span', { class: 'muted', text: ` · ${who(e)}` }) : null,
    e.type === 'RECORDING_AVAILABLE' ? recording(interactionId, e, purged.get(String(e.id))) : null))));
  show(box, true);
}

/** The event's name in the user's language; an event this console does not know yet by its code. */
function eventName(type) {
  const name = t(`ev.${type}`);
  return name === `ev.${type}` ? type : name;
}

function who(e) {
  return e.actor || e.agentId || '';
}

/** A player for one recording, or the note that it was deleted. */
function recording(interactionId, e, purged) {
  if (purged) {
    return h('p', { class: 'recording purged muted', text: t('tl.purged', { at: dateTime(purged.at) }) });
  }
  const src = `/api/interactions/${encodeURIComponent(interactionId)}/recordings/${encodeURIComponent(e.id)}`;
  const problem = h('p', { class: 'error recording-error', hidden: true });
  const audio = h('audio', { controls: true, preload: 'none', src, class: 'recording-player',
    dataset: { recordingId: e.id }, 'aria-label': t('tl.play') });
  // A media element hides the HTTP answer: ask for the headers to say why it cannot play.
  audio.addEventListener('error', async () => {
    let status = 0;
    try {
      status = (await fetch(src, { method: 'HEAD', credentials: 'same-origin' })).status;
    } catch {
      status = 0;
    }
    problem.textContent = t([403, 404, 410, 429].includes(status) ? `tl.err.${status}` : 'tl.err.other');
    show(problem, true);
  });
  return h('div', { class: 'recording' },
    h('span', { text: t('tl.recording', { duration: duration(e.details.durationMillis) }) }), ' ', audio, problem);
}
