// Create or edit a connection set: connections by role, the organization mappings grid (one row per
// mapping, one unit per role, units listed by each connection), and integration keys per role and entity.
import { all, get, post, put, del, enc, session } from '../api.js';
import { h, mount, field, formAlert, showProblem, clearProblems, toast, confirmAction, select, uid } from '../dom.js';
import { fieldPicker } from '../field-picker.js';
import { guardUnsaved } from '../guard.js';
import { nameConflict } from './connection-form.js';
import { templateOf } from './templates.js';

export async function render(root, [id]) {
  const creating = id === 'new';
  const [connections, set, templates] = await Promise.all([all('/connections'),
    creating ? { name: '', connections: {}, organizationMappings: [], integrationKeys: {} } : get(`/connection-sets/${enc(id)}`),
    creating ? all('/templates').then((list) => list.map(templateOf)).catch(() => []) : []]);
  const state = {
    roles: Object.entries(set.connections).map(([role, connection]) => ({ role, connection })),
    mappings: set.organizationMappings.map((m) => ({ name: m.name, units: { ...m.units } })),
    keys: Object.entries(set.integrationKeys).flatMap(([role, byEntity]) =>
      Object.entries(byEntity).map(([entity, fields]) => ({ role, entity, fields: fields.join(', ') }))),
  };
  if (creating) state.roles.push({ role: 'source', connection: '' }, { role: 'cds', connection: '' });

  const name = h('input', { name: 'name', value: set.name });
  // a new set can take its roles from the template its projects will use, each with the one connection of its type
  const fromTemplate = creating && templates.length ? select([['', '— none: name the roles yourself —'],
    ...templates.map((t) => [t.id, t.name])], '', { name: 'template', onchange: (e) => {
    const t = templates.find((x) => x.id === e.target.value);
    if (!t) return;
    state.roles = t.roles.map((r) => {
      const fitting = connections.filter((c) => c.type === r.connectorType);
      return { role: r.role, connection: fitting.length === 1 ? fitting[0].id : '' };
    });
    renderRoles(); renderMappings(); renderKeys();
  } }) : null;
  const rolesBox = h('div');
  const mappingsBox = h('div');
  const keysBox = h('div');
  const form = h('form', { novalidate: true, class: 'card' }, formAlert(),
    field({ label: 'Name', control: name, name: 'name', required: true }),
    h('h2', {}, 'Connections'),
    fromTemplate ? field({ label: 'Roles from a template', control: fromTemplate, name: 'template',
      help: 'The roles the template\'s tasks use, each with the one connection of the right type where there is one.' }) : null,
    h('p', { class: 'muted' }, 'Name each role the way the templates do (sales, cds, operations).'),
    rolesBox,
    h('h2', {}, 'Organization mappings'),
    h('p', { class: 'muted' }, 'Each mapping names the organization units that belong together: a legal entity, a business unit, a CDS organization. A project picks one.'),
    mappingsBox,
    h('h2', {}, 'Integration keys'),
    h('p', { class: 'muted' }, 'The fields that identify a related record, per role and entity. In the field box, type "." to list the fields of related entities.'),
    keysBox,
    session.isAdmin() ? h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, creating ? 'Create connection set' : 'Save'),
      creating ? null : h('button', { type: 'button', class: 'danger', onclick: () => remove() }, 'Delete')) : null);

  const connectionOptions = [['', '— choose —'], ...connections.map((c) => [c.id, `${c.name} (${c.type})`])];
  const connectionOf = (role) => state.roles.find((r) => r.role === role)?.connection;

  function renderRoles() {
    const rows = state.roles.map((r, i) => h('tr', { class: 'field', dataset: { field: `connections.${r.role}` } },
      h('td', {}, h('input', { value: r.role, 'aria-label': `Role ${i + 1} name`,
        oninput: (e) => { r.role = e.target.value.trim(); },
        onchange: () => { renderMappings(); renderKeys(); } })),
      h('td', {}, select(connectionOptions, r.connection, { 'aria-label': `Connection for role ${r.role}`,
        onchange: (e) => { r.connection = e.target.value; renderMappings(); renderKeys(); } }), h('div', { class: 'error' })),
      h('td', {}, h('button', { type: 'button', class: 'icon', 'aria-label': `Remove role ${r.role}`,
        onclick: () => { state.roles.splice(i, 1); renderRoles(); renderMappings(); renderKeys(); } }, '✕'))));
    const addRole = () => {
      state.roles.push({ role: '', connection: '' });
      renderRoles();
      rolesBox.querySelector('tbody tr:last-child input').focus();
    };
    mount(rolesBox,
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Connection'),
          h('th', {}, h('span', { class: 'sr-only' }, 'Remove')))),
        h('tbody', {}, rows))),
      h('button', { type: 'button', onclick: addRole }, 'Add role'));
  }

  // the units of each connection, fetched once; a connection without units (files) gets a free text box
  const unitCache = new Map();
  function unitsOf(connectionId) {
    if (!connectionId) return Promise.resolve([]);
    if (!unitCache.has(connectionId)) unitCache.set(connectionId, all(`/connections/${enc(connectionId)}/organizations`).catch(() => []));
    return unitCache.get(connectionId);
  }

  /**
   * Synchronous, so the grid (and whatever the user is typing in it) is never rebuilt under them; each
   * unit cell fills itself in when its connection's units arrive.
   */
  function renderMappings() {
    const roles = state.roles.filter((r) => r.role);
    const unitCell = (m, i, r) => {
      const cell = h('td');
      const label = `${r.role} unit of mapping ${m.name || i + 1}`;
      const set = (v) => { if (v) m.units[r.role] = v; else delete m.units[r.role]; };
      unitsOf(r.connection).then((units) => mount(cell, unitControl(units, m.units[r.role], label, set)));
      return cell;
    };
    mount(mappingsBox, h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Mapping name'), roles.map((r) => h('th', { scope: 'col' }, r.role)), h('th', {}, h('span', { class: 'sr-only' }, 'Remove')))),
      h('tbody', {}, state.mappings.length ? state.mappings.map((m, i) => h('tr', { class: 'field', dataset: { field: `organizationMappings.${i}.name` } },
        h('td', {}, h('input', { value: m.name, 'aria-label': `Mapping ${i + 1} name`, oninput: (e) => { m.name = e.target.value; } }), h('div', { class: 'error' })),
        roles.map((r) => unitCell(m, i, r)),
        h('td', {}, h('button', { type: 'button', class: 'icon', 'aria-label': `Remove mapping ${m.name}`,
          onclick: () => { state.mappings.splice(i, 1); renderMappings(); } }, '✕'))))
        : h('tr', {}, h('td', { colspan: roles.length + 2, class: 'muted' }, 'No organization mapping yet.'))))),
    h('button', { type: 'button', onclick: () => { state.mappings.push({ name: '', units: {} }); renderMappings(); mappingsBox.querySelector('tbody tr:last-child input')?.focus(); } }, 'Add organization mapping'));
  }

  function renderKeys() {
    const roles = state.roles.filter((r) => r.role && r.connection);
    mount(keysBox, state.keys.length ? h('div', { class: 'key-list' }, state.keys.map((k, i) => keyRow(k, i, roles))) : h('p', { class: 'muted' }, 'No integration keys yet.'),
      h('button', { type: 'button', disabled: !roles.length, onclick: () => { state.keys.push({ role: roles[0]?.role || '', entity: '', fields: '' }); renderKeys(); } }, 'Add integration key'));
  }

  function keyRow(k, i, roles) {
    const entityList = uid('entities');
    const entities = h('datalist', { id: entityList });
    const connectionId = connectionOf(k.role);
    if (connectionId) all(`/connections/${enc(connectionId)}/entities`).then((list) =>
      entities.replaceChildren(...list.map((e) => h('option', { value: e.name }, e.label)))).catch(() => {});
    const picker = fieldPicker({ connectionId, entity: k.entity, value: k.fields, label: `Key fields of ${k.entity || 'entity'}`,
      keysOf: (entity) => state.keys.find((x) => x.role === k.role && x.entity === entity)?.fields.split(',').map((s) => s.trim()).filter(Boolean),
      onchange: (v) => { k.fields = v; } });
    return h('div', { class: 'key-row field', dataset: { field: `integrationKeys.${k.role}.${k.entity}` } },
      h('label', {}, h('span', { class: 'sr-only' }, 'Role'), select(roles.map((r) => r.role), k.role, { onchange: (e) => { k.role = e.target.value; renderKeys(); } })),
      h('label', {}, h('span', { class: 'sr-only' }, 'Entity'), h('input', { value: k.entity, list: entityList, placeholder: 'Entity', 'aria-label': 'Entity',
        onchange: (e) => { k.entity = e.target.value.trim(); renderKeys(); } }), entities),
      picker,
      h('button', { type: 'button', class: 'icon', 'aria-label': `Remove the key of ${k.entity}`, onclick: () => { state.keys.splice(i, 1); renderKeys(); } }, '✕'),
      h('div', { class: 'error' }));
  }

  function body() {
    const integrationKeys = {};
    for (const k of state.keys.filter((x) => x.role && x.entity)) {
      (integrationKeys[k.role] ||= {})[k.entity] = k.fields.split(',').map((s) => s.trim()).filter(Boolean);
    }
    return {
      name: name.value.trim(),
      connections: Object.fromEntries(state.roles.filter((r) => r.role).map((r) => [r.role, r.connection])),
      organizationMappings: state.mappings.map((m) => ({ name: m.name.trim(), units: m.units })),
      integrationKeys,
    };
  }

  let kept = null;
  const unguard = guardUnsaved(() => (session.isAdmin() && kept !== null && JSON.stringify(body()) !== kept
    ? `The connection set '${name.value.trim() || 'new connection set'}' has unsaved changes.` : null));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    try {
      const saved = creating ? await post('/connection-sets', body()) : await put(`/connection-sets/${enc(id)}`, body());
      kept = JSON.stringify(body());
      toast(`Connection set '${saved.name}' saved.`, 'ok');
      if (creating) { unguard(); location.hash = `#/connection-sets/${enc(saved.id)}`; }
    } catch (err) { showProblem(form, nameConflict(err)); }
  });
  async function remove() {
    if (!(await confirmAction(`Delete the connection set '${set.name}'?`))) return;
    try { await del(`/connection-sets/${enc(id)}`); unguard(); toast('Connection set deleted.', 'ok'); location.hash = '#/connection-sets'; } catch (err) { showProblem(form, err); }
  }

  renderRoles();
  renderKeys();
  renderMappings();
  kept = JSON.stringify(body());
  mount(root, h('p', { class: 'crumbs' }, h('a', { href: '#/connection-sets' }, 'Connection sets'), ' / '),
    h('h1', {}, creating ? 'New connection set' : set.name), form);
}

/** Units by name (the id after it, for those who know ids); the root of a hierarchy, the whole organization, is marked. */
function unitControl(units, value, label, set) {
  if (!units.length) return h('input', { value: value || '', 'aria-label': label, placeholder: 'unit id', oninput: (e) => set(e.target.value.trim()) });
  const hierarchy = units.some((u) => u.parentId);
  const named = (u) => {
    const root = hierarchy && !u.parentId ? ' (root: the whole organization)' : '';
    return u.name && u.name !== u.id ? `${u.name}${root} — ${u.id}` : `${u.id}${root}`;
  };
  const options = [['', '—'], ...units.slice().sort((a, b) => (a.parentId ? 1 : 0) - (b.parentId ? 1 : 0)).map((u) => [u.id, named(u)])];
  if (value && !units.some((u) => u.id === value)) options.push([value, `${value} (not found)`]);
  return select(options, value || '', { 'aria-label': label, onchange: (e) => set(e.target.value) });
}
