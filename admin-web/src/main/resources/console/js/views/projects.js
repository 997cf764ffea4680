// The projects list: each project's set, task count and last run, Run buttons, and projects as code
// (export of all, import).
import { all, get, post, enc, session } from '../api.js';
import { h, mount, table, when, statusBadge, toast } from '../dom.js';
import { showExport } from './project-export.js';

export async function render(root) {
  const [projects, sets] = await Promise.all([all('/projects'), all('/connection-sets').catch(() => [])]);
  const setName = Object.fromEntries(sets.map((s) => [s.id, s.name]));
  const rows = projects.map((p) => {
    const last = h('td', {}, '…');
    get(`/projects/${enc(p.id)}/runs?limit=1`).then((page) => {
      const run = page.items[0];
      mount(last, run ? h('a', { href: `#/runs/${enc(run.id)}` }, statusBadge(run.status), ' ', when(run.startedAt)) : h('span', { class: 'muted' }, 'never run'));
    }).catch(() => mount(last, '—'));
    return h('tr', {},
      h('td', {}, h('a', { href: `#/projects/${enc(p.id)}` }, p.name)),
      h('td', {}, setName[p.connectionSet] || p.connectionSet, h('span', { class: 'muted' }, ` · ${p.organizationMapping}`)),
      h('td', {}, String(p.tasks.length)),
      last,
      h('td', { class: 'row-actions' }, session.canRun() ? [
        h('button', { type: 'button', onclick: () => run(p, 'incremental') }, 'Run'),
        h('button', { type: 'button', onclick: () => run(p, 'full') }, 'Run with all data')] : null));
  });
  mount(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Projects'),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', onclick: () => showExport(null) }, 'Export all'),
        session.isAdmin() ? h('a', { class: 'button', href: '#/projects/import' }, 'Import project') : null,
        session.isAdmin() ? h('a', { class: 'button primary', href: '#/projects/new' }, 'New project') : null)),
    table(['Project', 'Connection set · mapping', 'Tasks', 'Last run', h('span', { class: 'sr-only' }, 'Actions')], rows, 'Projects'));
}

export async function run(project, mode) {
  try {
    const started = await post(`/projects/${enc(project.id)}/runs`, { mode });
    toast(`${mode === 'full' ? 'Run with all data' : 'Run'} of '${project.name}' started.`, 'ok');
    location.hash = `#/runs/${enc(started.id)}`;
  } catch (err) {
    toast(err.status === 409 ? `'${project.name}' is already running.` : err.message, 'error');
  }
}
