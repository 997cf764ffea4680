// The console's shell: hash routes (so the server only serves files), the navigation, and the login gate.
import { session, whenUnauthorized, del } from './api.js';
import { h, mount, toast } from './dom.js';
import { forgetGuards, mayLeave, unsavedWork } from './guard.js';
import { restartEvents } from './events.js';

const routes = [
  [/^\/login$/, () => import('./views/login.js'), true],
  [/^\/projects$/, () => import('./views/projects.js')],
  [/^\/projects\/new$/, () => import('./views/wizard.js')],
  [/^\/projects\/import$/, () => import('./views/project-import.js')],
  [/^\/projects\/([^/]+)(?:\/(tasks|schedule|history|notifications))?$/, () => import('./views/project.js')],
  [/^\/runs$/, () => import('./views/runs.js')],
  [/^\/runs\/([^/]+)$/, () => import('./views/run.js')],
  [/^\/connections$/, () => import('./views/connections.js')],
  [/^\/connections\/([^/]+)$/, () => import('./views/connection-form.js')],
  [/^\/connection-sets$/, () => import('./views/connection-sets.js')],
  [/^\/connection-sets\/([^/]+)$/, () => import('./views/connection-set-form.js')],
  [/^\/templates$/, () => import('./views/templates.js')],
  [/^\/plugins$/, () => import('./views/plugins.js')],
  [/^\/users$/, () => import('./views/users.js')],
  [/^\/audit$/, () => import('./views/audit.js')],
  [/^\/cluster$/, () => import('./views/cluster.js')],
];

const nav = [
  ['#/projects', 'Projects'],
  ['#/runs', 'Runs'],
  ['#/connections', 'Connections'],
  ['#/connection-sets', 'Connection sets'],
  ['#/templates', 'Templates'],
  ['#/plugins', 'Plugins'],
  ['#/cluster', 'Cluster'],
  ['#/users', 'Users', 'admin'],
  ['#/audit', 'Audit', 'admin'],
];

let cleanup = null;
const main = document.getElementById('main');

function path() {
  return (location.hash || '#/projects').slice(1).split('?')[0] || '/projects';
}

async function route() {
  if (cleanup) { try { cleanup(); } catch { /* a view's timers only */ } cleanup = null; }
  forgetGuards();
  const current = path();
  const loggedIn = !!session.get()?.token;
  if (!loggedIn && current !== '/login') {
    sessionStorage.setItem('ferry.after-login', location.hash);
    location.hash = '#/login';
    return;
  }
  renderShell(loggedIn && current !== '/login');
  const match = routes.map(([re, load, open]) => [current.match(re), load, open]).find(([m]) => m);
  if (!match) {
    mount(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no page at ', h('code', {}, current), '.'));
    return;
  }
  const [m, load] = match;
  try {
    const view = await load();
    const result = await view.render(main, m.slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p))));
    cleanup = typeof result === 'function' ? result : null;
    const heading = main.querySelector('h1');
    document.title = heading ? `${heading.textContent} · Ferry` : 'Ferry console';
  } catch (e) {
    if (e.status === 401) return;
    mount(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'form-alert', role: 'alert' }, e.message));
  }
}

function renderShell(visible) {
  const bar = document.getElementById('topbar');
  bar.hidden = !visible;
  if (!visible) return;
  const me = session.get();
  document.getElementById('who').textContent = `${me.username} (${me.role})`;
  const current = `#${path()}`;
  mount(document.getElementById('nav'), h('ul', {}, nav
    .filter(([, , role]) => !role || me.role === role)
    .map(([href, label]) => h('li', {}, h('a', { href, 'aria-current': current === href || current.startsWith(`${href}/`) ? 'page' : null }, label)))));
}

document.getElementById('logout').addEventListener('click', async () => {
  if (!(await mayLeave())) return;
  forgetGuards();
  try { await del('/auth/token'); } catch { /* the token is dropped either way */ }
  session.clear();
  restartEvents();
  location.hash = '#/login';
});

const toggle = document.getElementById('menu-toggle');
toggle.addEventListener('click', () => {
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', String(open));
  document.getElementById('nav').classList.toggle('open', open);
});
document.getElementById('nav').addEventListener('click', (e) => {
  if (e.target.closest('a')) { toggle.setAttribute('aria-expanded', 'false'); e.currentTarget.classList.remove('open'); }
});

whenUnauthorized(() => {
  forgetGuards();
  restartEvents();
  if (path() !== '/login') {
    sessionStorage.setItem('ferry.after-login', location.hash);
    toast('Your session has ended. Please log in again.', 'error');
    location.hash = '#/login';
  }
});

// the address the page shows now, to go back to when the user stays with unsaved work
let shown = location.hash;
window.addEventListener('hashchange', async () => {
  if (unsavedWork()) {
    const target = location.hash;
    history.replaceState(null, '', shown || '#/projects'); // no hashchange: the page stays as it is
    if (!(await mayLeave())) return;
    forgetGuards();
    location.hash = target;
    return;
  }
  shown = location.hash;
  route();
  main.focus({ preventScroll: true });
});
route();
