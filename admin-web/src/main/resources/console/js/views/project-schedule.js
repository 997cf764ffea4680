// The Scheduling tab: every N minutes/hours/days/weeks/months from a start, optional end, enabled.
import { get, put, del, enc, session } from '../api.js';
import { h, mount, field, formAlert, showProblem, clearProblems, toast, when, select, confirmAction } from '../dom.js';

export async function render(panel, project) {
  const path = `/projects/${enc(project.id)}/schedule`;
  let schedule = null;
  try { schedule = await get(path); } catch (err) { if (err.status !== 404) throw err; }
  const admin = session.isAdmin();
  const every = h('input', { type: 'number', min: 1, step: 1, name: 'every', value: schedule?.every ?? 1, readonly: !admin });
  const unit = select(['minutes', 'hours', 'days', 'weeks', 'months'], schedule?.unit?.toLowerCase() || 'hours', { name: 'unit', disabled: !admin });
  const start = h('input', { type: 'datetime-local', name: 'start', value: local(schedule?.start || new Date().toISOString()), readonly: !admin });
  const end = h('input', { type: 'datetime-local', name: 'end', value: local(schedule?.end), readonly: !admin });
  const enabled = h('input', { type: 'checkbox', name: 'enabled', checked: schedule ? schedule.enabled : true, disabled: !admin });
  const form = h('form', { class: 'card', novalidate: true }, formAlert(),
    h('div', { class: 'inline-fields' },
      field({ label: 'Run every', control: every, name: 'every', required: true }),
      field({ label: 'Unit', control: unit, name: 'unit' })),
    field({ label: 'Start', control: start, name: 'start', required: true, help: `Your local time (${Intl.DateTimeFormat().resolvedOptions().timeZone}).` }),
    field({ label: 'End (optional)', control: end, name: 'end', help: 'Leave empty to run indefinitely.' }),
    field({ label: 'Enabled', control: enabled, name: 'enabled' }),
    schedule ? h('dl', { class: 'facts inline' }, h('dt', {}, 'Next run'), h('dd', {}, when(schedule.nextRun)),
      h('dt', {}, 'Last run'), h('dd', {}, schedule.lastRun ? h('a', { href: `#/runs/${enc(schedule.lastRun)}` }, 'open') : '—')) : null,
    admin ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save schedule'),
      schedule ? h('button', { type: 'button', class: 'danger', onclick: remove }, 'Remove schedule') : null) : null);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    try {
      await put(path, { every: Number(every.value), unit: unit.value, start: iso(start.value), end: end.value ? iso(end.value) : null, enabled: enabled.checked });
      toast('Schedule saved.', 'ok');
      render(panel, project);
    } catch (err) { showProblem(form, err); }
  });
  async function remove() {
    if (!(await confirmAction(`Remove the schedule of '${project.name}'? The project then runs only when someone starts it.`,
      'Remove schedule'))) return;
    try { await del(path); toast('Schedule removed.', 'ok'); render(panel, project); } catch (err) { showProblem(form, err); }
  }
  mount(panel, h('h2', {}, 'Scheduling'),
    h('p', { class: 'muted' }, schedule ? 'The project runs on this schedule. A run never starts before the previous one ended; after downtime, one catch-up run.'
      : admin ? 'No schedule: the project runs only when started. Set one below and save it.' : 'No schedule: the project runs only when started.'),
    form);
}

/** ISO instant → the value of a datetime-local input, in the browser's time zone. */
function local(isoText) {
  if (!isoText) return '';
  const d = new Date(isoText);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const iso = (value) => new Date(value).toISOString();
