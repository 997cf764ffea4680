// The mapping editor of one leg: rows "target ← source" with the map type in the middle: "=" for a
// straight copy, "Fn" when transforms apply (click either to edit them; the chain is written under it), plus the
// source filter and how records are matched (business key or key map). The form tells whether it holds unsaved
// edits (isDirty) and what they are (draft), for the leave guard and the preview of the draft.
import { entitySchema } from '../api.js';
import { h, mount, field, formAlert, showProblem, clearProblems, uid, radios } from '../dom.js';
import { fieldPicker } from '../field-picker.js';
import { editTransforms } from './transform-editor.js';
import { deletionChoice } from './deletion-choice.js';

/** `actions`: nodes shown beside the leg's heading (the task view's Key map button). */
export function legEditor({ leg, index, set, readOnly, save, actions }) {
  const sourceConnection = set?.connections[leg.sourceRole];
  const targetConnection = set?.connections[leg.targetRole];
  const keysOf = (role) => (entity) => set?.integrationKeys?.[role]?.[entity];
  let state = copy(leg);
  const rows = h('tbody');
  const missing = h('p', { class: 'muted', 'aria-live': 'polite' });
  const dirty = h('span', { class: 'muted', 'aria-live': 'polite' });
  const filter = h('input', { name: 'filter', value: state.filter || '', readonly: readOnly, class: 'mono',
    oninput: (e) => { state.filter = e.target.value; changed(); } });
  const businessKey = h('input', { name: 'businessKey', value: (state.businessKey || []).join(', '), readonly: readOnly,
    oninput: (e) => { state.businessKey = e.target.value.split(',').map((x) => x.trim()).filter(Boolean); changed(); } });
  const deletes = h('input', { type: 'checkbox', name: 'deletes', checked: !!state.deletes, disabled: readOnly,
    onchange: (e) => { state.deletes = e.target.checked; deletion.element.hidden = !state.deletes; changed(); } });
  const deletion = deletionChoice({ state, index, readOnly, connectionId: targetConnection, entity: leg.targetEntity, changed });
  const businessKeyHelp = () => (state.keyMap ? 'Not used: records are matched through the key map.'
    : 'Comma-separated. Empty uses the target entity\'s own business key.');
  const businessKeyField = field({ label: 'Business key (target fields)', control: businessKey, name: `legs.${index}.businessKey`, help: businessKeyHelp() });
  const matching = () => radios(uid('match'), [
    ['businessKey', 'Business key', 'The target record with the same key values is updated, or created; records without a key are skipped.'],
    ['keyMap', 'Key map (no business key)', 'For entities without one: created in the target on first sight, then updated through a map of source ids to target ids.']],
  state.keyMap ? 'keyMap' : 'businessKey', (v) => { state.keyMap = v === 'keyMap'; showMatching(); changed(); },
  { legend: 'Match records by', path: `legs.${index}.keyMap`, disabled: readOnly });
  let matchBox = matching();
  const title = `Leg ${index + 1}: ${leg.sourceRole}:${leg.sourceEntity} → ${leg.targetRole}:${leg.targetEntity}`;
  const headingId = uid('leg');

  let edited = false;
  function changed() { edited = true; dirty.textContent = 'Unsaved changes'; }

  /** A key-map leg has no use for a business key: the field stays visible, but says so and takes no input. */
  function showMatching() {
    businessKey.disabled = readOnly || !!state.keyMap;
    businessKeyField.querySelector('.help').textContent = businessKeyHelp();
  }

  function renderRows() {
    mount(rows, state.mappings.map((m, i) => {
      const fn = m.transforms?.length > 0;
      const target = fieldPicker({ connectionId: targetConnection, entity: leg.targetEntity, value: m.target, label: `Target field ${i + 1}`,
        onchange: (v) => { m.target = v.trim(); changed(); checkRequired(); } });
      const source = fieldPicker({ connectionId: sourceConnection, entity: leg.sourceEntity, value: m.source || '', label: `Source field for ${m.target || `row ${i + 1}`}`,
        keysOf: keysOf(leg.sourceRole), onchange: (v) => { m.source = v.trim() || null; changed(); } });
      if (readOnly) { target.input.readOnly = true; source.input.readOnly = true; }
      return h('tr', { class: 'field', dataset: { field: `legs.${index}.mappings.${i}` } },
        h('td', {}, target),
        h('td', { class: 'maptype' }, h('button', { type: 'button', class: ['maptype-btn', fn ? 'fn' : ''],
          'aria-label': fn ? `Transforms of ${m.target}: ${m.transforms.map((t) => t.type).join(', ')}. Edit` : `No transform on ${m.target}. Add one`,
          title: fn ? m.transforms.map((t) => t.type).join(' → ') : 'Straight copy: click to add a transform',
          onclick: async () => {
            const result = await editTransforms(m, readOnly);
            if (result) { m.transforms = result; changed(); renderRows(); }
          } }, fn ? 'Fn' : '='),
        fn ? h('div', { class: 'chain muted' }, m.transforms.map(describeStep).join(' → ')) : null),
        h('td', {}, source, h('div', { class: 'error' })),
        h('td', {}, readOnly ? null : h('button', { type: 'button', class: 'icon', 'aria-label': `Remove the mapping of ${m.target || `row ${i + 1}`}`,
          onclick: () => { state.mappings.splice(i, 1); changed(); renderRows(); checkRequired(); } }, '✕')));
    }));
  }

  async function checkRequired() {
    try {
      const schema = await entitySchema(targetConnection, leg.targetEntity);
      const mapped = new Set(state.mappings.map((m) => m.target));
      const unmapped = schema.fields
        // the organization field is filled from the project's organization mapping, not by a mapping row
        .filter((f) => f.required && !f.readOnly && f.name !== schema.organizationField && !mapped.has(f.name)).map((f) => f.name);
      missing.textContent = unmapped.length ? `Required target fields not mapped yet: ${unmapped.join(', ')}.` : '';
    } catch { missing.textContent = ''; }
  }

  const form = h('form', { novalidate: true, class: 'card leg', 'aria-labelledby': headingId },
    h('div', { class: 'page-head' }, h('h3', { id: headingId }, title), actions),
    formAlert(),
    h('div', { class: 'table-wrap' }, h('table', { class: 'mapping' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `Target (${leg.targetEntity})`), h('th', { scope: 'col' }, 'Map type'),
        h('th', { scope: 'col' }, `Source (${leg.sourceEntity})`), h('th', {}, h('span', { class: 'sr-only' }, 'Remove')))),
      rows)),
    missing,
    readOnly ? null : h('button', { type: 'button', onclick: () => {
      state.mappings.push({ target: '', source: null, transforms: [] }); changed(); renderRows();
      rows.querySelector('tr:last-child input')?.focus();
    } }, 'Add mapping'),
    h('details', { class: 'leg-options', open: !!(state.filter || state.businessKey?.length || state.deletes || state.keyMap) }, h('summary', {}, 'Filter and keys'),
      field({ label: 'Source filter', control: filter, name: `legs.${index}.filter`, help: 'Only source records matching this filter are read; empty reads all.' }),
      matchBox,
      businessKeyField,
      field({ label: 'Propagate deletions', control: deletes, name: `legs.${index}.deletes` }),
      deletion.element),
    readOnly ? null : h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save mappings'),
      h('button', { type: 'button', onclick: () => { state = copy(leg); edited = false; showState(); dirty.textContent = ''; } }, 'Undo changes'), dirty));

  /** The leg as it would be saved. */
  function draft() {
    // a key-map leg saves no business key, nor a leg without deletes a deactivation: what is stored is used
    return { ...state, mappings: state.mappings.filter((m) => m.target), filter: state.filter?.trim() || null,
      keyMap: !!state.keyMap, businessKey: state.keyMap ? [] : state.businessKey,
      deactivate: state.deletes && state.deactivate ? state.deactivate : null };
  }
  form.isDirty = () => edited;
  form.draft = draft;

  /** The options' inputs and the rows from `state`, after an undo or a save. */
  function showState() {
    filter.value = state.filter || '';
    businessKey.value = (state.businessKey || []).join(', ');
    deletes.checked = !!state.deletes;
    deletion.show(state);
    const fresh = matching();
    matchBox.replaceWith(fresh);
    matchBox = fresh;
    showMatching();
    renderRows();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    try {
      leg = await save(draft());
      state = copy(leg);
      edited = false;
      dirty.textContent = 'Saved';
      showState();
    } catch (err) { showProblem(form, err); }
  });
  showMatching();
  renderRows();
  checkRequired();
  return form;
}

/** A transform step in a few words: "ValueMap (2 values)", "Default 'US'", "Truncate". */
export function describeStep(step) {
  const params = Object.entries(step).filter(([k]) => k !== 'type');
  const words = params.map(([k, v]) => {
    if (v && typeof v === 'object') return `${Object.keys(v).length} ${Object.keys(v).length === 1 ? 'value' : 'values'}`;
    const text = String(v);
    return params.length === 1 ? `'${text.length > 24 ? `${text.slice(0, 23)}…` : text}'` : `${k} ${text.length > 16 ? `${text.slice(0, 15)}…` : text}`;
  });
  return words.length ? `${step.type} (${words.join(', ')})` : step.type;
}

function copy(leg) {
  return JSON.parse(JSON.stringify({ ...leg, mappings: leg.mappings || [] }));
}
