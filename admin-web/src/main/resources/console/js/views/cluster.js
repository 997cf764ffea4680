// The nodes sharing the store (GET /api/cluster): one row per node, refreshed while the page is open.
import { get, enc } from '../api.js';
import { h, mount, table, when } from '../dom.js';

const REFRESH_MS = 5000;

export async function render(root) {
  let timer = null;
  async function draw() {
    const cluster = await get('/cluster');
    const rows = cluster.nodes.map((n) => h('tr', {},
      h('td', { class: 'mono' }, n.id + (n.id === cluster.node ? ' (this node)' : '')),
      h('td', {}, n.url ? h('a', { href: n.url }, n.url) : '—'),
      h('td', {}, h('span', { class: ['badge', n.status === 'UP' ? 'st-active' : 'st-error'] }, n.status)),
      h('td', {}, when(n.startedAt)), h('td', {}, when(n.lastSeenAt)),
      h('td', {}, `${n.runs.length} of ${n.runSlots}`),
      h('td', {}, n.runs.length ? n.runs.map((id) => h('a', { href: `#/runs/${enc(id)}`, class: 'mono' }, id.slice(0, 8))) : '—')));
    mount(root, h('h1', {}, 'Cluster'),
      h('p', { class: 'muted' }, cluster.nodes.length > 1
        ? `${cluster.nodes.length} nodes share this store; any of them serves the whole console and API. A node is LOST once its heartbeat is older than its lease; its runs are then taken over by another.`
        : 'This server is alone on its store. Nodes started with the same PostgreSQL store appear here.'),
      table(['Node', 'Address', 'Status', 'Started', 'Last seen', 'Runs', 'Runs held'], rows, 'Nodes'));
  }
  await draw();
  timer = setInterval(() => { draw().catch(() => { /* the next refresh tries again */ }); }, REFRESH_MS);
  return () => clearInterval(timer);
}
