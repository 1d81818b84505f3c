// Preview campaigns: the card of the record the server shows the agent (campaignPreview), with Dial, Skip
// and "Call back at…"; the record goes away when dialled, skipped, called back or withdrawn by the server
// (campaignPreviewWithdrawn: the agent took other work, or let it sit too long). A preview call's wrap-up
// can schedule a callback too (previewCallback before wrapUp).
import { $, h, show } from './dom.js';
import { t } from './i18n.js';

/** The date-time input's value (local time) as an ISO instant, or null when empty. */
function instant(value) {
  return value ? new Date(value).toISOString() : null;
}

/**
 * @param command      sends a console command, answers its ack (rejects with the error)
 * @param notify       tells the agent something
 * @param openCustomer opens a customer's card by id
 */
export function createPreview({ command, notify, openCustomer }) {
  let current = null;               // the campaignPreview message shown
  const calls = new Map();          // interactionId -> recordId of the preview calls in hand

  function render() {
    const card = $('#preview-card');
    show(card, !!current);
    if (!current) return;
    card.dataset.recordId = current.recordId;
    $('#preview-campaign').textContent = current.campaignName || current.campaignId;
    $('#preview-name').textContent = current.name || '';
    $('#preview-phone').textContent = current.phone;
    $('#preview-attempt').textContent = t('preview.attempt', { n: current.attempt + 0 });
    $('#preview-fields').replaceChildren(...Object.entries(current.fields || {}).flatMap(([k, v]) =>
      [h('dt', { text: k }), h('dd', { text: v })]));
    const link = $('#preview-customer');
    show(link, !!current.customerId);
    link.onclick = () => current?.customerId && openCustomer(current.customerId);
    show($('#preview-error'), false);
  }

  async function act(message, done) {
    const box = $('#preview-error');
    try {
      const ack = await command(message, box);
      done(ack);
      current = null;
      render();
    } catch (e) {
      // shown in the card's error box
    }
  }

  $('#btn-preview-dial').addEventListener('click', () => current && act(
    { type: 'previewDial', recordId: current.recordId }, ack => {
      calls.set(ack?.interactionId || ack?.result?.interactionId, current.recordId);
      notify(t('dial.started', { number: current.phone }));
    }));
  $('#btn-preview-skip').addEventListener('click', () => current && act(
    { type: 'previewSkip', recordId: current.recordId }, () => notify(t('preview.skipped'))));
  $('#btn-preview-callback').addEventListener('click', () => {
    const at = instant($('#preview-callback-at').value);
    if (!current) return;
    if (!at) {
      $('#preview-error').textContent = t('preview.callbackAt') + ' ?';
      show($('#preview-error'), true);
      return;
    }
    act({ type: 'previewCallback', recordId: current.recordId, at },
      () => notify(t('preview.callbackSet', { at: new Date(at).toLocaleString() })));
  });

  return {
    /** Handles the preview messages; false for any other. */
    onMessage(m) {
      if (m.type === 'campaignPreview') {
        current = m;
        $('#preview-callback-at').value = '';
        render();
        return true;
      }
      if (m.type === 'campaignPreviewWithdrawn') {
        if (current && current.recordId === m.recordId) {
          current = null;
          render();
          notify(t('preview.withdrawn'));
        }
        return true;
      }
      if (m.type === 'wrapUpEnded') calls.delete(m.interactionId);
      return false;
    },
    /** The record of a preview call in hand (for the wrap-up's "call back at"), or undefined. */
    recordOf(interactionId) {
      return calls.get(interactionId);
    },
    /** Before the wrap-up of a preview call: schedules the callback the agent chose, if any. */
    async beforeWrapUp(interactionId, errorBox) {
      const recordId = calls.get(interactionId);
      const at = instant($('#wrapup-callback-at').value);
      if (recordId && at) await command({ type: 'previewCallback', recordId, at }, errorBox);
    },
  };
}
