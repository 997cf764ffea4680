// The project page: what it is (connection set, mapping, consent), Validate / Run / Run with all data,
// Export, and four tabs: Tasks (with the mapping editor, preview and key maps), Scheduling, Execution
// history and Notifications.
import { get, post, del, enc, session } from '../api.js';
import { h, mount, when, toast, confirmAction, table } from '../dom.js';
import { run } from './projects.js';
import { showExport } from './project-export.js';

const TABS = [['tasks', 'Tasks'], ['schedule', 'Scheduling'], ['history', 'Execution history'], ['notifications', 'Notifications']];

export async function render(root, [id, tab = 'tasks']) {
  const project = await get(`/projects/${enc(id)}`);
  const set = await get(`/connection-sets/${enc(project.connectionSet)}`).catch(() => null);
  const problems = h('div', { class: 'problems', role: 'status', 'aria-live': 'polite' });
  const panel = h('section', { class: 'tab-panel', id: 'tab-panel', 'aria-label': TABS.find(([t]) => t === tab)?.[1] });

  async function validate() {
    mount(problems, h('p', { class: 'muted' }, 'Validating…'));
    try {
      const answer = await post(`/projects/${enc(id)}/validate`);
      mount(problems, answer.valid
        ? h('p', { class: 'ok-line' }, h('span', { class: 'badge st-completed' }, 'Valid'), ' The project can run.')
        : h('div', { class: 'card' }, h('h2', {}, `${answer.items.length} problem(s) found`),
          table(['Task', 'Leg', 'Field', 'Problem'], answer.items.map((p) => h('tr', {},
            h('td', {}, p.task || '—'), h('td', {}, p.leg || '—'), h('td', { class: 'mono' }, p.field || '—'), h('td', {}, p.message))), 'Validation problems')));
    } catch (err) { mount(problems, h('p', { class: 'form-alert', role: 'alert' }, err.message)); }
  }
  async function remove() {
    if (!(await confirmAction(`Delete the project '${project.name}' with its history?`))) return;
    try { await del(`/projects/${enc(id)}`); toast('Project deleted.', 'ok'); location.hash = '#/projects'; } catch (err) { toast(err.message, 'error'); }
  }

  mount(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/projects' }, 'Projects'), ' / '),
    h('div', { class: 'page-head' }, h('h1', {}, project.name),
      h('div', { class: 'row-actions' },
        h('button', { type: 'button', onclick: validate }, 'Validate'),
        session.canRun() ? h('button', { type: 'button', class: 'primary', onclick: () => run(project, 'incremental') }, 'Run') : null,
        session.canRun() ? h('button', { type: 'button', onclick: () => run(project, 'full') }, 'Run with all data') : null,
        h('button', { type: 'button', onclick: () => showExport(project) }, 'Export'),
        session.isAdmin() ? h('button', { type: 'button', class: 'danger', onclick: remove }, 'Delete') : null)),
    h('dl', { class: 'facts inline' },
      h('dt', {}, 'Connection set'), h('dd', {}, set ? h('a', { href: `#/connection-sets/${enc(set.id)}` }, set.name) : 'not found: it was deleted, or you may not read it'),
      h('dt', {}, 'Organization mapping'), h('dd', {}, project.organizationMapping),
      h('dt', {}, 'Template'), h('dd', {}, project.template || 'blank'),
      h('dt', {}, 'Consent'), h('dd', {}, project.consent?.accepted
        ? `accepted by ${project.consent.by} on ${when(project.consent.at)} (notice version ${project.consent.textVersion})` : 'not recorded')),
    problems,
    h('nav', { class: 'tabs', 'aria-label': 'Project sections' }, TABS.map(([t, label]) =>
      h('a', { href: `#/projects/${enc(id)}/${t}`, 'aria-current': t === tab ? 'page' : null }, label))),
    panel);

  const view = await import(`./project-${tab}.js`);
  return view.render(panel, project, set);
}
