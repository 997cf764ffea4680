import { all, session } from '../api.js';
import { h, mount, table, when, tableFilter } from '../dom.js';

export async function render(root) {
  const [connections, types] = await Promise.all([all('/connections'), all('/connector-types')]);
  const typeName = Object.fromEntries(types.map((t) => [t.type, t.displayName]));
  const list = table(['Name', 'Type', 'Plugin', 'Updated'], connections.map((c) => h('tr', {},
    h('td', {}, h('a', { href: `#/connections/${encodeURIComponent(c.id)}` }, c.name)),
    h('td', {}, typeName[c.type] || c.type),
    h('td', {}, c.deployed ? 'deployed' : h('span', { class: 'badge st-error' }, `'${c.type}' not deployed`)),
    h('td', {}, when(c.updatedAt)))), 'Connections',
  session.isAdmin() ? 'No connection yet: create one with New connection, one per system (and one for the CDS hub).' : 'No connection yet.');
  mount(root,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Connections'),
      session.isAdmin() ? h('a', { class: 'button primary', href: '#/connections/new' }, 'New connection') : null),
    h('p', { class: 'muted' }, 'A connection pairs a connector type with the address and credentials of one system.'),
    connections.length ? tableFilter('Search connections by name or type', list) : null,
    list);
}
