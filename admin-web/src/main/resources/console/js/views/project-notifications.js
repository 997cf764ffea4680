// The Notifications tab: the project's webhook, which receives a JSON POST when a run ends in one of
// the chosen statuses (by default WARNING and ERROR, as the Data Integrator's e-mails did).
import { get, put, del, enc, session } from '../api.js';
import { h, mount, field, formAlert, showProblem, clearProblems, toast, confirmAction, uid } from '../dom.js';

/** The statuses a run can end in; QUEUED and RUNNING never notify. */
const ENDINGS = ['COMPLETED', 'WARNING', 'ERROR', 'CANCELLED', 'INTERRUPTED'];

export async function render(panel, project) {
  const path = `/projects/${enc(project.id)}/notifications`;
  let current = null;
  try { current = await get(path); } catch (err) { if (err.status !== 404) throw err; }
  const admin = session.isAdmin();
  const chosen = new Set(current?.statuses || ['WARNING', 'ERROR']);
  const url = h('input', { type: 'url', name: 'url', value: current?.url || '', readonly: !admin, autocomplete: 'off',
    placeholder: 'https://hooks.example.com/ferry' });
  const enabled = h('input', { type: 'checkbox', name: 'enabled', checked: current ? current.enabled : true, disabled: !admin });
  const legendId = uid('statuses');
  const statuses = h('fieldset', { class: 'field', dataset: { field: 'statuses' }, 'aria-describedby': `${legendId}-help` },
    h('legend', {}, 'Notify when a run ends'),
    h('div', { class: 'checks' }, ENDINGS.map((s) => h('label', {},
      h('input', { type: 'checkbox', name: 'statuses', value: s, checked: chosen.has(s), disabled: !admin,
        onchange: (e) => (e.target.checked ? chosen.add(s) : chosen.delete(s)) }), s))),
    h('div', { class: 'help', id: `${legendId}-help` }, 'None chosen means WARNING and ERROR.'),
    h('div', { class: 'error' }));

  const form = h('form', { class: 'card', novalidate: true }, formAlert(),
    field({ label: 'Webhook URL', control: url, name: 'url', required: true,
      help: 'An https address; the server POSTs the project, run, status, counts and message as JSON (never configuration or secrets).' }),
    statuses,
    field({ label: 'Enabled', control: enabled, name: 'enabled' }),
    admin ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save notifications'),
      current ? h('button', { type: 'button', class: 'danger', onclick: remove }, 'Remove webhook') : null) : null);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    try {
      // the server's order, so a saved webhook reads the same as the checkboxes
      await put(path, { url: url.value.trim(), statuses: ENDINGS.filter((s) => chosen.has(s)), enabled: enabled.checked });
      toast('Notifications saved.', 'ok');
      render(panel, project);
    } catch (err) { showProblem(form, err); }
  });
  async function remove() {
    if (!(await confirmAction('Remove the webhook? Runs will no longer be announced.', 'Remove'))) return;
    try { await del(path); toast('Webhook removed.', 'ok'); render(panel, project); } catch (err) { showProblem(form, err); }
  }

  mount(panel, h('h2', {}, 'Notifications'),
    h('p', { class: 'muted' }, current
      ? `Runs that end ${current.statuses.join(' or ')} are announced${current.enabled ? '' : ' (disabled now)'}.`
      : 'No webhook: nobody is told when a run ends.'),
    form);
}
