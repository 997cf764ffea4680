// Create or edit a connection. The form is generated from the connector type's declared fields, so a
// partner's connector gets a proper form without console changes.
import { all, get, post, put, del, enc, forgetSchemas, session } from '../api.js';
import { h, mount, field, formAlert, showProblem, clearProblems, toast, confirmAction, select, table } from '../dom.js';
import { guardUnsaved } from '../guard.js';

const MASK = '********';

export async function render(root, [id]) {
  const creating = id === 'new';
  const types = await all('/connector-types');
  const connection = creating ? { name: '', type: types[0]?.type, config: {} } : await get(`/connections/${enc(id)}`);
  const readOnly = !session.isAdmin();

  const name = h('input', { name: 'name', value: connection.name, maxlength: 200, readonly: readOnly });
  const typeSelect = select(types.map((t) => [t.type, t.displayName]), connection.type,
    { name: 'type', disabled: !creating || readOnly });
  const configBox = h('fieldset', { class: 'config' });
  const form = h('form', { novalidate: true, class: 'card' },
    formAlert(),
    field({ label: 'Name', control: name, name: 'name', required: true }),
    field({ label: 'Connector type', control: typeSelect, name: 'type', required: true,
      help: creating ? '' : 'The type of a saved connection does not change; create another connection instead.' }),
    configBox,
    readOnly ? null : h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, creating ? 'Create connection' : 'Save'),
      h('button', { type: 'button', onclick: () => test() }, 'Test connection'),
      creating ? null : h('button', { type: 'button', onclick: () => refresh() }, 'Refresh entities'),
      creating ? null : h('button', { type: 'button', class: 'danger', onclick: () => remove() }, 'Delete')),
    h('div', { class: 'test-result', role: 'status', 'aria-live': 'polite' }));

  let controls = {};
  function renderFields() {
    const type = types.find((t) => t.type === typeSelect.value);
    controls = {};
    mount(configBox, h('legend', {}, type ? `${type.displayName} settings` : 'Settings'),
      type?.description ? h('p', { class: 'muted' }, type.description) : null,
      !type ? h('p', { class: 'form-alert', role: 'alert' }, `Connector type '${connection.type}' is not deployed: its settings cannot be edited.`) : null,
      (type?.fields || []).map((f) => {
        const stored = connection.config?.[f.name];
        const control = configControl(f, creating ? f.defaultValue : stored, readOnly);
        controls[f.name] = { f, control, stored };
        const storedSecret = f.secret && stored === MASK;
        return field({ label: f.label, control, name: `config.${f.name}`, required: f.required && !storedSecret,
          help: [f.description, storedSecret ? 'A value is stored and stays unless you type a new one.' : null].filter(Boolean).join(' ') });
      }));
  }
  typeSelect.addEventListener('change', renderFields);
  renderFields();

  function body() {
    const config = {};
    for (const [key, { f, control, stored }] of Object.entries(controls)) {
      let value = f.type === 'BOOLEAN' ? String(control.checked) : control.value.trim();
      // a secret left blank keeps the stored value: the API keeps it when it gets the mask back
      if (f.secret && value === '' && stored === MASK) value = MASK;
      if (value !== '') config[key] = value;
    }
    return { name: name.value.trim(), type: typeSelect.value, config };
  }

  // what was loaded or last saved, to tell unsaved edits (secrets typed count as edits)
  let saved = JSON.stringify(body());
  const unguard = guardUnsaved(() => (!readOnly && JSON.stringify(body()) !== saved
    ? `The connection '${name.value.trim() || 'new connection'}' has unsaved changes.` : null));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    try {
      const stored = creating ? await post('/connections', body()) : await put(`/connections/${enc(id)}`, body());
      forgetSchemas(stored.id);
      saved = JSON.stringify(body());
      unguard();
      toast(`Connection '${stored.name}' saved.`, 'ok');
      location.hash = `#/connections/${enc(stored.id)}`;
      if (!creating) render(root, [id]);
    } catch (err) { showProblem(form, nameConflict(err)); }
  });

  /** "clientSecret: refused" in the words of the form: the field's label, not its key. */
  const labelled = (text) => Object.entries(controls).reduce((t, [key, { f }]) =>
    t.replaceAll(`config.${key}: `, `${f.label}: `).replaceAll(`${key}: `, `${f.label}: `), text || '');

  const result = form.querySelector('.test-result');
  /** Tests what the form holds now, saved or not: the server opens the connection without storing it. */
  async function test() {
    clearProblems(form);
    mount(result, h('span', { class: 'muted' }, 'Testing the settings as they are in the form…'));
    try {
      const answer = await post('/connections/test', { ...body(), id: creating ? undefined : id });
      if (!answer.ok && answer.errors?.length) {
        showProblem(form, { problem: { detail: answer.message, errors: answer.errors.map((e) => ({ ...e, message: labelled(e.message) })) } });
      }
      mount(result, h('span', { class: ['badge', answer.ok ? 'st-completed' : 'st-error'] }, answer.ok ? 'OK' : 'Failed'),
        ' ', answer.ok ? answer.message : failedFields(answer.errors) || labelled(answer.message),
        h('span', { class: 'muted' }, ` (${answer.elapsedMillis} ms${creating || JSON.stringify(body()) !== saved ? ', settings not saved yet' : ''})`));
    } catch (err) {
      showProblem(form, err);
      mount(result, h('span', { class: 'badge st-error' }, 'Failed'), ' ', err.problem?.errors?.length
        ? failedFields(err.problem.errors) : err.message);
    }
    result.scrollIntoView({ block: 'nearest' });
  }
  /** The fields at fault by their labels: "Client secret: the token endpoint refused the credentials". */
  function failedFields(errors) {
    if (!errors?.length) return null;
    return errors.map((e) => {
      const key = (e.field || '').replace(/^config\./, '');
      const label = controls[key]?.f.label || (key === 'name' ? 'Name' : key === 'type' ? 'Connector type' : key);
      return label ? `${label}: ${labelled(e.message)}` : labelled(e.message);
    }).join('; ');
  }
  async function refresh() {
    mount(result, h('span', { class: 'muted' }, 'Refreshing the entity list…'));
    try {
      const page = await post(`/connections/${enc(id)}/entities/refresh`);
      forgetSchemas(id);
      mount(result, `${page.items.length}${page.next ? '+' : ''} entities found.`);
    } catch (err) { mount(result, h('span', { class: 'badge st-error' }, 'Failed'), ' ', err.message); }
  }
  async function remove() {
    if (!(await confirmAction(`Delete the connection '${connection.name}'?`))) return;
    try {
      await del(`/connections/${enc(id)}`);
      unguard();
      toast('Connection deleted.', 'ok');
      location.hash = '#/connections';
    } catch (err) { showProblem(form, err); }
  }

  mount(root,
    h('p', { class: 'crumbs' }, h('a', { href: '#/connections' }, 'Connections'), ' / '),
    h('h1', {}, creating ? 'New connection' : connection.name),
    form,
    creating ? null : await budget(id),
    creating || readOnly ? null : await actions(id));
  name.focus();
}

/** Each application user's service-protection budget, as this server sees it (shared by every run). */
async function budget(id) {
  let list;
  try { list = await all(`/connections/${enc(id)}/budget`); } catch { return null; }
  if (!list.length) return null;
  return h('section', { class: 'card' }, h('h2', {}, 'Service budget'),
    h('p', { class: 'muted' }, 'Per application user, shared by every project and run in this server.'),
    table(['Application user', 'In flight', 'At most', 'Service recommends', 'Requests', 'Throttled (429)', 'Paused'],
      list.map((u) => h('tr', {},
        h('td', {}, u.clientId), h('td', {}, String(u.inFlight)), h('td', {}, String(u.maxInFlight)),
        h('td', {}, u.recommended ? String(u.recommended) : '—'), h('td', {}, String(u.requests)),
        h('td', {}, String(u.throttled)), h('td', {}, u.pausedForMillis ? `${Math.ceil(u.pausedForMillis / 1000)} s` : '—'))),
      'Service budget'));
}

/** A taken name is the name field's problem: shown next to it, not only in the banner. */
export function nameConflict(err) {
  if (err.status !== 409 || !/named '.*' exists already/.test(err.message)) return err;
  return { ...err, problem: { ...err.problem, errors: [{ field: 'name', message: err.message }] } };
}

function configControl(f, value, readOnly) {
  const common = { name: f.name, readonly: readOnly, disabled: readOnly && (f.type === 'BOOLEAN' || f.type === 'CHOICE') };
  switch (f.type) {
    case 'BOOLEAN': return h('input', { ...common, type: 'checkbox', checked: value === 'true' || value === true });
    case 'CHOICE': return select([...(f.required ? [] : [['', '—']]), ...f.options], value ?? '', common);
    case 'INTEGER': return h('input', { ...common, type: 'number', step: 1, inputmode: 'numeric', value: value ?? '' });
    case 'URL': return h('input', { ...common, type: 'url', value: value ?? '', placeholder: 'https://…' });
    case 'PASSWORD':
      return h('input', { ...common, type: 'password', autocomplete: 'new-password', value: '',
        placeholder: value === MASK ? MASK : '' });
    default:
      return f.secret
        ? h('input', { ...common, type: 'password', autocomplete: 'off', value: '', placeholder: value === MASK ? MASK : '' })
        : h('input', { ...common, type: 'text', value: value ?? '' });
  }
}

/** The connector's own actions on this connection (the CDS hub's "Clear all data"). */
async function actions(id) {
  let list;
  try { list = await all(`/connections/${enc(id)}/actions`); } catch { return null; }
  if (!list.length) return null;
  const out = h('div', { role: 'status', 'aria-live': 'polite' });
  return h('section', { class: 'card' }, h('h2', {}, 'Actions'), list.map((a) => h('div', { class: 'action-row' },
    h('button', { type: 'button', class: a.destructive ? 'danger' : '', onclick: async () => {
      if (a.destructive && !(await confirmAction(`${a.label}: ${a.description || ''}`, a.label))) return;
      try { mount(out, (await post(`/connections/${enc(id)}/actions/${enc(a.name)}`)).message); } catch (err) { mount(out, err.message); }
    } }, a.label), ' ', h('span', { class: 'muted' }, a.description || ''))), out);
}
