// What "Propagate deletions" does with a record deleted at the source: delete it downstream, or keep it
// and set a target field (Dataverse statecode = 1), for targets where records are deactivated, not deleted.
import { h, field, uid, radios } from '../dom.js';
import { fieldPicker } from '../field-picker.js';

/**
 * Edits `deactivate` ({field, value} or null) of a leg's state; shown only while its `deletes` is set.
 * Returns the element and `show(state)`, which redraws it from a leg's state (after an undo or a save).
 */
export function deletionChoice({ state, index, readOnly, connectionId, entity, changed }) {
  let current = state;
  // switching to "delete" and back keeps what was typed
  let remembered = { field: '', value: '' };
  const picker = fieldPicker({ connectionId, entity, label: 'Field to set',
    onchange: (v) => { remembered.field = v.trim(); changed(); } });
  const value = h('input', { type: 'text', name: 'deactivateValue', class: 'mono', autocomplete: 'off',
    oninput: (e) => { remembered.value = e.target.value; changed(); } });
  if (readOnly) { picker.input.readOnly = true; value.readOnly = true; }
  const fields = h('div', {}, h('div', { class: 'inline-fields' },
    field({ label: 'Field to set', control: picker.input, widget: picker, name: `legs.${index}.deactivate.field`,
      help: `A field of ${entity}, e.g. statecode.` }),
    field({ label: 'Value', control: value, name: `legs.${index}.deactivate.value`,
      help: 'As text, converted to the field\'s type, e.g. 1.' })));
  const element = h('div', { class: 'deletion-choice' });

  function choose(v) {
    current.deactivate = v === 'deactivate' ? remembered : null;
    fields.hidden = !current.deactivate;
    changed();
  }

  function show(next = current) {
    current = next;
    remembered = current.deactivate || { field: '', value: '' };
    picker.input.value = remembered.field;
    value.value = remembered.value;
    fields.hidden = !current.deactivate;
    element.hidden = !current.deletes;
    // a fresh radio group, so its checked input follows the state after an undo
    element.replaceChildren(radios(uid('deleted'), [
      ['delete', 'Delete downstream', 'The target record is deleted too.'],
      ['deactivate', 'Deactivate downstream (set field = value)', 'The target record is kept and marked: the field below is set to the value.']],
    current.deactivate ? 'deactivate' : 'delete', choose,
    { legend: 'Deleted at the source', path: `legs.${index}.deactivate`, disabled: readOnly }), fields);
  }

  show();
  return { element, show };
}
