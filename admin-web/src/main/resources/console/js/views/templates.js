import { all, session } from '../api.js';
import { h, mount, tableFilter } from '../dom.js';

/** TemplateInfo answers {template: {...}, bundle}; older servers answered the template itself. */
export const templateOf = (t) => ({ ...(t.template || t), bundle: t.bundle });

export async function render(root) {
  const templates = (await all('/templates')).map(templateOf);
  const cards = h('div');
  mount(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Templates')),
    h('p', { class: 'muted' }, 'Templates come from plugins. A template names the connections it needs by role and brings tasks with their mappings.'),
    templates.length > 3 ? tableFilter('Search templates', cards, 'li.card') : null,
    cards);
  mount(cards,
    templates.length ? h('ul', { class: 'cards' }, templates.map((t) => h('li', { class: 'card' },
      h('h2', {}, t.name),
      t.description ? h('p', {}, t.description) : null,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Connections'), h('dd', {}, t.roles.map((r) => h('div', {}, h('span', { class: 'mono' }, r.role), ': ', r.connectorType))),
        h('dt', {}, 'Tasks'), h('dd', {}, t.tasks.map((task) => task.name).join(', ') || '—'),
        t.prerequisites?.length ? [h('dt', {}, 'Before you start'), h('dd', {}, h('ul', {}, t.prerequisites.map((p) => h('li', {}, p))))] : null,
        h('dt', {}, 'Plugin'), h('dd', { class: 'mono' }, t.bundle || '—')),
      session.isAdmin() ? h('a', { class: 'button primary', href: `#/projects/new?template=${encodeURIComponent(t.id)}` }, 'Create a project from this template') : null)))
      : h('p', { class: 'card muted' }, 'No template is deployed. Deploy a templates plugin, or create a blank project.'));
}
