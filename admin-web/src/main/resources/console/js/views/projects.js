// The projects list: each project's set, task count and last run (kept current by the server's events), Run
// buttons, a search box, and projects as code (export of all, import).
import { all, get, post, enc, session } from '../api.js';
import { h, mount, table, when, statusBadge, toast, confirmAction, tableFilter } from '../dom.js';
import { onChange, throttled } from '../events.js';
import { showExport } from './project-export.js';

export async function render(root) {
  const [projects, sets] = await Promise.all([all('/projects'), all('/connection-sets').catch(() => [])]);
  const setName = Object.fromEntries(sets.map((s) => [s.id, s.name]));
  const lastRun = new Map();
  const showLast = (projectId) => {
    const cell = lastRun.get(projectId);
    if (!cell) return;
    get(`/projects/${enc(projectId)}/runs?limit=1`).then((page) => {
      const run = page.items[0];
      mount(cell, run ? h('a', { href: `#/runs/${enc(run.id)}` }, statusBadge(run.status), ' ', when(run.startedAt)) : h('span', { class: 'muted' }, 'never run'));
    }).catch(() => mount(cell, '—'));
  };
  const rows = projects.map((p) => {
    const last = h('td', {}, '…');
    lastRun.set(p.id, last);
    return h('tr', {},
      h('td', {}, h('a', { href: `#/projects/${enc(p.id)}` }, p.name)),
      h('td', {}, setName[p.connectionSet] || 'a deleted connection set', h('span', { class: 'muted' }, ` · ${p.organizationMapping}`)),
      h('td', {}, String(p.tasks.length)),
      last,
      h('td', { class: 'row-actions' }, session.canRun() ? [
        h('button', { type: 'button', onclick: () => run(p, 'incremental') }, 'Run'),
        h('button', { type: 'button', onclick: () => run(p, 'full') }, 'Run with all data')] : null));
  });
  const list = table(['Project', 'Connection set · mapping', 'Tasks', 'Last run', h('span', { class: 'sr-only' }, 'Actions')], rows, 'Projects',
    session.isAdmin() ? 'No project yet: create one with New project, or import one.' : 'No project yet: an admin creates them.');
  const filter = tableFilter('Search projects', list);
  mount(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Projects'),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', onclick: () => showExport(null) }, 'Export all'),
        session.isAdmin() ? h('a', { class: 'button', href: '#/projects/import' }, 'Import project') : null,
        session.isAdmin() ? h('a', { class: 'button primary', href: '#/projects/new' }, 'New project') : null)),
    projects.length > 5 ? filter : null, list);
  projects.forEach((p) => showLast(p.id));
  const refresh = new Map();
  return onChange((event) => {
    if (event.kind === 'resync') { projects.forEach((p) => showLast(p.id)); return; }
    if (event.kind !== 'run' || !lastRun.has(event.projectId)) return;
    if (!refresh.has(event.projectId)) refresh.set(event.projectId, throttled(() => showLast(event.projectId), 1000));
    refresh.get(event.projectId)();
  });
}

/** Starts a run from the console (trigger "manual"); a run with all data is confirmed first. */
export async function run(project, mode) {
  if (mode === 'full' && !(await confirmAction(`Run '${project.name}' with all data? Every record is read and written again,`
    + ' whatever the checkpoints say; on large entities this takes long and uses the services\' request budgets.', 'Run with all data'))) return;
  try {
    const started = await post(`/projects/${enc(project.id)}/runs`, { mode, trigger: 'manual' });
    toast(`${mode === 'full' ? 'Run with all data' : 'Run'} of '${project.name}' started.`, 'ok');
    location.hash = `#/runs/${enc(started.id)}`;
  } catch (err) {
    toast(err.status === 409 ? `'${project.name}' is already running.` : err.message, 'error');
  }
}
