import { get } from '../api.js';
import { h, mount, table, when, tableFilter } from '../dom.js';

export async function render(root, _params, offset = 0) {
  const page = await get(`/audit?offset=${offset}&limit=100`);
  const list = table(['When', 'Who', 'Action', 'Subject', 'Detail'], page.items.map((e) => h('tr', {},
    h('td', {}, when(e.at)), h('td', {}, e.actor), h('td', { class: 'mono' }, e.action), h('td', { class: 'mono' }, e.subject || '—'), h('td', {}, e.detail || '—'))), 'Audit log');
  mount(root, h('h1', {}, 'Audit'),
    h('p', { class: 'muted' }, 'Consent, logins, and changes to users, connections, projects and plugins, newest first.'),
    tableFilter('Search this page by who, action or detail', list),
    list,
    h('div', { class: 'actions' },
      offset > 0 ? h('button', { type: 'button', onclick: () => render(root, _params, Math.max(0, offset - 100)) }, 'Newer') : null,
      page.next ? h('button', { type: 'button', onclick: () => render(root, _params, offset + 100) }, 'Older') : null));
}
