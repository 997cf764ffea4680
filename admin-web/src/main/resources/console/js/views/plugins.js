// Plugins: every bundle with its state, what it contributes and its error; upload a jar (stored in
// deploy/, installed by the framework within seconds) and remove one.
import { all, api, del, enc, session } from '../api.js';
import { h, mount, table, field, formAlert, showProblem, clearProblems, toast, confirmAction, tableFilter } from '../dom.js';
import { onChange, throttled } from '../events.js';

export async function render(root) {
  const list = h('div');
  const admin = session.isAdmin();
  let timer = null;
  const filter = tableFilter('Search plugins by name, state or what they contribute', () => list);

  async function load() {
    const plugins = await all('/plugins');
    // the framework's own bundles first would bury the plugins: deployed ones and contributors lead
    const weight = (p) => (p.deployed ? 0 : p.connectorTypes.length + p.transforms.length + p.templates.length ? 1 : 2);
    plugins.sort((a, b) => weight(a) - weight(b) || a.symbolicName.localeCompare(b.symbolicName));
    mount(list, table(['Bundle', 'Version', 'State', 'Contributes', 'Error', h('span', { class: 'sr-only' }, 'Actions')], plugins.map((p) => h('tr', {},
      h('td', { class: 'mono' }, p.symbolicName, p.deployed ? h('span', { class: 'badge' }, 'deploy/') : null),
      h('td', {}, p.version),
      h('td', {}, h('span', { class: ['badge', p.state === 'ACTIVE' ? 'st-completed' : p.error ? 'st-error' : 'st-queued'] }, p.state)),
      h('td', {}, [...p.connectorTypes.map((t) => `connector ${t}`), ...p.transforms.map((t) => `transform ${t}`), ...p.templates.map((t) => `template ${t}`)].join(', ') || '—'),
      h('td', { class: p.error ? 'error-text' : 'muted' }, p.error || '—'),
      h('td', {}, admin && p.deployed ? h('button', { type: 'button', class: 'danger', onclick: () => remove(p) }, 'Remove') : null))), 'Plugins'));
    filter.apply();
    return plugins;
  }
  async function remove(p) {
    if (!(await confirmAction(`Remove the plugin ${p.symbolicName}? Runs that need it will fail validation until it is back.`, 'Remove'))) return;
    try { await del(`/plugins/${enc(p.symbolicName)}`); toast(`${p.symbolicName} removed.`, 'ok'); settle(); } catch (err) { toast(err.message, 'error'); }
  }
  // install and uninstall happen in the background: look again a few times
  function settle() {
    let n = 0;
    clearInterval(timer);
    timer = setInterval(() => { n += 1; load(); if (n >= 5) clearInterval(timer); }, 1500);
    load();
  }

  const file = h('input', { type: 'file', name: 'file', accept: '.jar,application/java-archive' });
  const form = h('form', { class: 'card', novalidate: true }, h('h2', {}, 'Upload a plugin'), formAlert(),
    field({ label: 'Bundle (.jar)', control: file, name: 'file', required: true, help: 'An OSGi bundle with connectors, transforms or templates. It is stored in deploy/ and started within seconds.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Upload')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    if (!file.files.length) { showProblem(form, { problem: { errors: [{ field: 'file', message: 'Choose a .jar file.' }] } }); return; }
    const data = new FormData();
    data.append('file', file.files[0]);
    try {
      const stored = await api('POST', '/plugins', data);
      toast(`${stored.symbolicName || stored.fileName} uploaded.`, 'ok');
      form.reset();
      settle();
    } catch (err) { showProblem(form, err); }
  });

  mount(root, h('div', { class: 'page-head' }, h('h1', {}, 'Plugins')), admin ? form : null, filter, list);
  await load();
  // installs, starts and removals are told by the server as they happen
  const reload = throttled(load, 1000);
  const stop = onChange((event) => { if (event.kind === 'plugin' || event.kind === 'resync') reload(); });
  return () => { clearInterval(timer); stop(); };
}
