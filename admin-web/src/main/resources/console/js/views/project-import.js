// Projects as code, inward: paste (or load) an export, choose the connection set and organization
// mapping it will run on, say which of the set's roles stands for each role the export names (so a
// project made on a dev set runs on a prod set whose roles are named differently), and give consent.
import { all, post } from '../api.js';
import { h, mount, field, formAlert, showProblem, clearProblems, toast, select } from '../dom.js';
import { consentNotice } from './wizard.js';

export async function render(root) {
  const [sets, connections] = await Promise.all([all('/connection-sets'), all('/connections')]);
  const typeOf = Object.fromEntries(connections.map((c) => [c.id, c.type]));
  let exported = null;
  const roleChoice = {};

  const json = h('textarea', { class: 'json', name: 'project', rows: 12, spellcheck: 'false', oninput: () => parse() });
  const file = h('input', { type: 'file', accept: '.json,application/json', onchange: () => load() });
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const name = h('input', { name: 'name' });
  const set = select([['', 'Choose a connection set…'], ...sets.map((s) => [s.id, s.name])], sets.length === 1 ? sets[0].id : '',
    { name: 'connectionSet', onchange: () => { drawMappings(); drawRoles(); } });
  const mappingBox = h('div');
  const roles = h('fieldset', { class: 'field', dataset: { field: 'roles' } }, h('legend', {}, 'Roles'));
  const consent = h('input', { type: 'checkbox', name: 'consent' });
  let mapping = null;

  async function load() {
    const chosen = file.files[0];
    if (!chosen) return;
    json.value = await chosen.text();
    parse();
  }
  function parse() {
    exported = null;
    try {
      const value = JSON.parse(json.value);
      // an export of all projects holds several: the import takes one project at a time
      if (Array.isArray(value?.projects)) throw new Error('This is an export of all projects; paste the JSON of one project.');
      if (!value || typeof value !== 'object' || !Array.isArray(value.tasks)) throw new Error('Expected a project export, with "tasks".');
      exported = value;
      summary.textContent = `'${value.name}': ${value.tasks.length} task(s), roles ${Object.keys(value.roles || {}).join(', ') || 'none'}.`;
      if (!name.value) name.placeholder = value.name || '';
    } catch (e) {
      summary.textContent = json.value.trim() ? `Not a project export yet: ${e.message}` : '';
    }
    drawRoles();
  }
  function chosenSet() { return sets.find((s) => s.id === set.value); }
  function drawMappings() {
    const s = chosenSet();
    const names = (s?.organizationMappings || []).map((m) => m.name);
    mapping = select(names, names[0], { name: 'organizationMapping' });
    mount(mappingBox, s ? field({ label: 'Organization mapping', control: mapping, name: 'organizationMapping', required: true }) : null);
  }
  function drawRoles() {
    const s = chosenSet();
    const wanted = Object.entries(exported?.roles || {});
    if (!s || !wanted.length) {
      mount(roles, h('legend', {}, 'Roles'), h('p', { class: 'muted' }, 'Paste an export and choose a connection set to map its roles.'));
      return;
    }
    const available = Object.entries(s.connections).map(([role, id]) => [role, `${role} (${typeOf[id] || 'unknown type'})`]);
    mount(roles, h('legend', {}, 'Roles'),
      h('p', { class: 'muted' }, 'Which role of the connection set each role of the export becomes.'),
      h('div', { class: 'role-map' }, wanted.map(([role, type]) => {
        // keep an earlier choice; else the same name; else the first role with a connection of the same type
        const guess = roleChoice[role] || (s.connections[role] ? role : available.find(([r]) => typeOf[s.connections[r]] === type)?.[0]) || '';
        roleChoice[role] = guess;
        const control = select([['', 'Choose…'], ...available], guess, { onchange: (e) => { roleChoice[role] = e.target.value; } });
        return field({ label: `${role} (${type || 'any type'})`, control, name: `roles.${role}` });
      })));
  }

  const form = h('form', { class: 'card', novalidate: true }, formAlert(),
    field({ label: 'Project JSON', control: json, name: 'project', required: true, help: 'The JSON of Export on a project page.' }),
    field({ label: 'Or load a file', control: file, name: 'file' }),
    summary,
    field({ label: 'Name', control: name, name: 'name', help: 'Leave empty to keep the exported name.' }),
    field({ label: 'Connection set', control: set, name: 'connectionSet', required: true }),
    mappingBox, roles,
    h('h2', {}, 'Privacy notice and consent'), consentNotice(),
    field({ label: 'I have read this notice, and I am authorized to allow this data movement.', control: consent, name: 'consent' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Import project'),
      h('a', { class: 'button', href: '#/projects' }, 'Cancel')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    if (!exported) { showProblem(form, { problem: { errors: [{ field: 'project', message: 'Paste the JSON of a project export.' }] } }); return; }
    const renames = Object.fromEntries(Object.entries(roleChoice).filter(([from, to]) => to && to !== from));
    try {
      // consent is sent as given: the server refuses a project without it and says so next to the box
      const created = await post('/projects/import', { project: exported, name: name.value.trim() || null, connectionSet: set.value || null,
        organizationMapping: mapping?.value || null, roles: renames, consent: { accepted: consent.checked } });
      toast(`Project '${created.name}' imported.`, 'ok');
      location.hash = `#/projects/${encodeURIComponent(created.id)}`;
    } catch (err) { showProblem(form, err); }
  });

  drawMappings();
  drawRoles();
  mount(root, h('p', { class: 'crumbs' }, h('a', { href: '#/projects' }, 'Projects'), ' / '), h('h1', {}, 'Import project'), form);
  json.focus();
}
