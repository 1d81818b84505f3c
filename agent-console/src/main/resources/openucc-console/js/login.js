import { $, show } from './dom.js';
import { post, me } from './api.js';
import { t, translate, languageToggle } from './i18n.js';

// Supervisors and admins go to the wallboard, agents to their console; ?next=supervisor asks for the wallboard.
function landing(who) {
  const wantsSupervisor = new URLSearchParams(location.search).get('next') === 'supervisor';
  if (who.role !== 'AGENT' && (wantsSupervisor || !who.agentId)) return '/supervisor.html';
  return '/agent.html';
}

translate();
languageToggle($('#lang-toggle'));

const already = await me().catch(() => null);
if (already) location.replace(landing(already));

$('#login-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  show($('#login-error'), false);
  $('#login-submit').disabled = true;
  try {
    const who = await post('/api/auth/login', { username: $('#username').value.trim(), password: $('#password').value });
    location.href = landing(who);
  } catch (e) {
    const box = $('#login-error');
    box.textContent = t('login.failed', { message: e.message });
    show(box, true);
  } finally {
    $('#login-submit').disabled = false;
  }
});
