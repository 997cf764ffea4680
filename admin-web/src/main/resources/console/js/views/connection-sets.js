import { all, session } from '../api.js';
import { h, mount, table, when } from '../dom.js';

export async function render(root) {
  const [sets, connections] = await Promise.all([all('/connection-sets'), all('/connections')]);
  const nameOf = Object.fromEntries(connections.map((c) => [c.id, c.name]));
  mount(root,
    h('div', { class: 'page-head' }, h('h1', {}, 'Connection sets'),
      session.isAdmin() ? h('a', { class: 'button primary', href: '#/connection-sets/new' }, 'New connection set') : null),
    h('p', { class: 'muted' }, 'A connection set names a connection per role, the organization units that belong together, and the integration keys of related entities. Projects use one; keep one for development and one for production.'),
    table(['Name', 'Connections', 'Organization mappings', 'Updated'], sets.map((s) => h('tr', {},
      h('td', {}, h('a', { href: `#/connection-sets/${encodeURIComponent(s.id)}` }, s.name)),
      h('td', {}, Object.entries(s.connections).map(([role, id]) => h('div', {}, h('span', { class: 'mono' }, role), ': ', nameOf[id] || 'a deleted connection'))),
      h('td', {}, s.organizationMappings.map((m) => m.name).join(', ') || '—'),
      h('td', {}, when(s.updatedAt)))), 'Connection sets',
    !connections.length ? 'No connection set yet. Create the connections first (Connections, New connection), then a set here.'
      : session.isAdmin() ? 'No connection set yet: create one with New connection set; a project needs one.' : 'No connection set yet.'));
}
