// Runs across projects (GET /api/runs): filtered by status, project, trigger and time, newest first, 50 a page,
// and kept current by the server's events.
import { all, get, enc } from '../api.js';
import { h, mount, table, when, duration, statusBadge, select, field, showProblem, clearProblems, formAlert } from '../dom.js';
import { onChange, throttled } from '../events.js';
import { totals, modeLabel, triggerText } from './project-history.js';

const STATUSES = ['COMPLETED', 'WARNING', 'ERROR', 'RUNNING', 'QUEUED', 'CANCELLED', 'INTERRUPTED'];
const TRIGGERS = [['manual', 'manual'], ['schedule', 'schedule'], ['api', 'api'], ['rerun', 're-run'], ['replay', 'replay']];
const PAGE = 50;

export async function render(root) {
  const projects = await all('/projects').catch(() => []);
  const projectName = Object.fromEntries(projects.map((p) => [p.id, p.name]));
  const status = select([['', 'Any'], ...STATUSES.map((x) => [x, x.charAt(0) + x.slice(1).toLowerCase()])], '', { name: 'status' });
  const project = select([['', 'Any'], ...projects.map((p) => [p.id, p.name])], '', { name: 'project' });
  const trigger = select([['', 'Any'], ...TRIGGERS], '', { name: 'trigger' });
  const from = h('input', { type: 'date', name: 'from' });
  const to = h('input', { type: 'date', name: 'to' });
  const list = h('div');
  let offset = 0;
  const form = h('form', { class: 'card filters', role: 'search', novalidate: true }, formAlert(),
    h('div', { class: 'inline-fields' },
      field({ label: 'Status', control: status, name: 'status' }),
      field({ label: 'Project', control: project, name: 'project' }),
      field({ label: 'Trigger', control: trigger, name: 'trigger' }),
      field({ label: 'Started from', control: from, name: 'from' }),
      field({ label: 'Started until (inclusive)', control: to, name: 'to' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Show runs'),
      h('button', { type: 'button', onclick: () => { form.reset(); offset = 0; load(); } }, 'Clear filters')));

  async function load() {
    clearProblems(form);
    const params = new URLSearchParams({ offset, limit: PAGE });
    for (const [k, c] of [['status', status], ['project', project], ['trigger', trigger], ['from', from], ['to', to]]) {
      if (c.value) params.set(k, c.value);
    }
    let page;
    try { page = await get(`/runs?${params}`); } catch (err) { showProblem(form, err); return; }
    const filtered = [status, project, trigger, from, to].some((c) => c.value);
    mount(list, table(['Started', 'Project', 'Status', 'Trigger', 'Mode', 'Duration', 'Read', 'Written', 'Failed'], page.items.map((r) => {
      const t = totals(r);
      return h('tr', { class: `row-${r.status.toLowerCase()}` },
        h('td', {}, h('a', { href: `#/runs/${enc(r.id)}` }, when(r.startedAt))),
        h('td', {}, projectName[r.projectId] ? h('a', { href: `#/projects/${enc(r.projectId)}/history` }, projectName[r.projectId]) : 'a deleted project'),
        h('td', {}, statusBadge(r.status)), h('td', {}, triggerText(r)), h('td', {}, modeLabel(r.mode)),
        h('td', {}, duration(r.startedAt, r.endedAt)), h('td', { class: 'num' }, t.read),
        h('td', { class: 'num' }, t.inserted + t.updated + t.deleted), h('td', { class: 'num' }, t.failed));
    }), 'Runs, newest first', filtered ? 'No run matches these filters.' : 'No run yet: open a project and start one with Run.'),
    h('div', { class: 'actions' },
      offset > 0 ? h('button', { type: 'button', onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, 'Newer') : null,
      page.next ? h('button', { type: 'button', onclick: () => { offset += PAGE; load(); } }, 'Older') : null));
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); offset = 0; load(); });

  mount(root, h('div', { class: 'page-head' }, h('h1', {}, 'Runs')),
    h('p', { class: 'muted' }, 'The runs of every project, newest first.'), form, list);
  await load();
  const reload = throttled(load, 1500);
  return onChange((event) => { if (event.kind === 'run' || event.kind === 'resync') reload(); });
}
