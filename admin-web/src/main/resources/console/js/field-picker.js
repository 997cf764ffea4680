// A combobox of an entity's fields. Typing "." follows lookups: "parentcustomerid." lists the fields of
// the entity that parentcustomerid refers to, and a bare "." lists the business-key fields of every
// related entity — the Data Integrator's (transactionEntityField).(fieldFromRelatedTable) picker.
import { entitySchema } from './api.js';
import { h, uid } from './dom.js';

const MAX_OPTIONS = 80;

/**
 * @param connectionId the connection whose entity is described
 * @param entity       the entity the paths start from
 * @param value        the initial path
 * @param keysOf       (entityName) → key fields to offer for a bare "." (integration keys, else business key)
 */
export function fieldPicker({ connectionId, entity, value = '', label = 'Field', name, keysOf = () => null, onchange }) {
  const listId = uid('list');
  const input = h('input', { type: 'text', value, name, role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': listId, autocomplete: 'off', spellcheck: 'false', 'aria-label': label, class: 'picker-input' });
  const list = h('ul', { id: listId, role: 'listbox', class: 'picker-list', hidden: true, 'aria-label': `${label} suggestions` });
  const box = h('div', { class: 'picker' }, input, list);
  let options = [];
  let active = -1;
  let seq = 0;

  async function suggest() {
    const mine = ++seq;
    let found;
    try { found = await candidates(connectionId, entity, input.value.trim(), keysOf); } catch { found = []; }
    if (mine !== seq) return; // a later keystroke already asked
    options = found.slice(0, MAX_OPTIONS);
    active = -1;
    list.replaceChildren(...options.map((o, i) => h('li', { role: 'option', id: `${listId}-${i}`, 'aria-selected': 'false',
      onmousedown: (e) => { e.preventDefault(); choose(i); } }, h('span', { class: 'mono' }, o.path), ' ', h('span', { class: 'muted' }, o.hint))));
    const open = options.length > 0 && document.activeElement === input;
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
  }
  function highlight(i) {
    active = (i + options.length) % options.length;
    [...list.children].forEach((li, n) => li.setAttribute('aria-selected', String(n === active)));
    input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    list.children[active]?.scrollIntoView({ block: 'nearest' });
  }
  function choose(i) {
    input.value = options[i].path;
    close();
    onchange?.(input.value);
    if (options[i].reference) { input.value += '.'; suggest(); }
  }
  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  input.addEventListener('input', () => { suggest(); onchange?.(input.value); });
  input.addEventListener('focus', suggest);
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    // Enter in a picker picks (or just closes the list); it never submits the form around it
    if (e.key === 'Enter') {
      e.preventDefault();
      if (!list.hidden && active >= 0) choose(active); else close();
      return;
    }
    if (list.hidden && e.key === 'ArrowDown') { suggest(); return; }
    if (list.hidden) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); highlight(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active - 1); }
    else if (e.key === 'Escape') { e.preventDefault(); close(); }
  });
  box.input = input;
  return box;
}

/** The paths to offer for what was typed. */
export async function candidates(connectionId, entity, typed, keysOf) {
  if (!connectionId || !entity) return [];
  const root = await entitySchema(connectionId, entity);
  const dot = typed.lastIndexOf('.');
  if (dot < 0) return fieldsOf(root, '', typed);
  if (typed === '.') return relatedKeys(connectionId, root, keysOf);
  // walk the lookups named before the last dot: "a.b.c" → fields of the target of a, then of b …
  let schema = root;
  const parts = typed.slice(0, dot).split('.');
  for (const part of parts) {
    const f = schema.fields.find((x) => x.name === part);
    if (!f || f.type !== 'REFERENCE' || !f.lookup?.length) return [];
    schema = await entitySchema(connectionId, f.lookup[0]);
  }
  return fieldsOf(schema, `${typed.slice(0, dot)}.`, typed.slice(dot + 1));
}

function fieldsOf(schema, prefix, query) {
  const q = query.toLowerCase();
  return schema.fields
    .filter((f) => f.name.toLowerCase().includes(q) || (f.label || '').toLowerCase().includes(q))
    .map((f) => ({ path: prefix + f.name, reference: f.type === 'REFERENCE',
      hint: f.type === 'REFERENCE' ? `→ ${f.lookup.join(', ')} (type . for its fields)` : `${f.label !== f.name ? `${f.label}, ` : ''}${f.type.toLowerCase()}${f.maxLength ? `(${f.maxLength})` : ''}${f.required ? ', required' : ''}` }));
}

async function relatedKeys(connectionId, schema, keysOf) {
  const out = [];
  for (const f of schema.fields.filter((x) => x.type === 'REFERENCE' && x.lookup?.length)) {
    for (const target of f.lookup) {
      let keys = keysOf(target);
      if (!keys?.length) {
        try { keys = (await entitySchema(connectionId, target)).businessKey; } catch { keys = []; }
      }
      for (const k of keys || []) out.push({ path: `${f.name}.${k}`, hint: `${target} key` });
    }
  }
  return out;
}
