// The Tasks tab: tasks in run order (add, move, delete) and the mapping editor of the chosen task, with
// the key map of each leg that syncs without business keys.
import { all, post, put, del, enc, session } from '../api.js';
import { h, mount, field, formAlert, showProblem, toast, confirmAction, modal, select } from '../dom.js';
import { legEditor } from './mapping-editor.js';
import { guardUnsaved, mayLeave } from '../guard.js';
import { taskPreview } from './task-preview.js';
import { keyMapPanel } from './key-map.js';

export async function render(panel, project, set) {
  let tasks = project.tasks;
  let chosen = tasks[0]?.id;
  const base = `/projects/${enc(project.id)}/tasks`;
  const list = h('ol', { class: 'task-list' });
  const editor = h('div');
  const admin = session.isAdmin();
  let legForms = [];
  const dirtyLegs = () => legForms.filter((f) => f.isDirty());
  const chosenTask = () => tasks.find((t) => t.id === chosen);
  guardUnsaved(() => {
    const n = dirtyLegs().length;
    return n ? `The mappings of '${chosenTask()?.name}' have unsaved changes${n > 1 ? ` in ${n} legs` : ''}.` : null;
  });
  /** Showing another task drops the editor's edits: asked first, like leaving the page. */
  async function choose(taskId) {
    if (taskId === chosen) return;
    if (dirtyLegs().length && !(await mayLeave())) return;
    chosen = taskId;
    renderList();
    renderEditor();
  }

  async function reload() {
    tasks = await all(base);
    renderList();
    renderEditor();
  }
  function renderList() {
    mount(list, tasks.map((t, i) => h('li', { class: t.id === chosen ? 'chosen' : '' },
      h('button', { type: 'button', class: 'link task-name', 'aria-pressed': String(t.id === chosen), onclick: () => choose(t.id) },
        `${i + 1}. ${t.name}`),
      h('span', { class: 'muted legs' }, t.legs.map((l, n) => (n === 0 ? `${l.sourceRole}:${l.sourceEntity} → ` : '') + `${l.targetRole}:${l.targetEntity}`).join(' → ')),
      admin ? h('span', { class: 'row-actions' },
        h('button', { type: 'button', class: 'icon', disabled: i === 0, 'aria-label': `Move ${t.name} up`, onclick: () => move(t, i - 1) }, '↑'),
        h('button', { type: 'button', class: 'icon', disabled: i === tasks.length - 1, 'aria-label': `Move ${t.name} down`, onclick: () => move(t, i + 1) }, '↓'),
        h('button', { type: 'button', class: 'icon danger', 'aria-label': `Delete ${t.name}`, onclick: () => remove(t) }, '✕')) : null)));
  }
  function renderEditor() {
    const task = tasks.find((t) => t.id === chosen);
    legForms = [];
    if (!task) {
      mount(editor, h('p', { class: 'muted' }, tasks.length ? 'Choose a task.'
        : admin ? 'This project has no task yet: add one with Add task.' : 'This project has no task yet.'));
      return;
    }
    // the preview sits under the legs it previews; operators may preview (it writes nothing) but not edit. With
    // unsaved edits it previews the draft, so the effect of a change is seen before it is saved
    const preview = taskPreview(project, task, () => (dirtyLegs().length
      ? { name: task.name, legs: legForms.map((f) => f.draft()) } : null));
    const previewButton = session.canRun() ? h('button', { type: 'button', 'aria-controls': preview.element.id,
      onclick: () => preview.open() }, 'Preview') : null;
    preview.element.addEventListener('panel-closed', () => previewButton?.focus());
    mount(editor, h('div', { class: 'page-head' }, h('h2', {}, `Mappings of ${task.name}`), previewButton),
      task.legs.map((leg, n) => {
        // the key map shows what runs wrote, so it follows the saved leg, not the editor's unsaved choice
        const keyMap = keyMapPanel(project, task, n, leg);
        const keyMapButton = h('button', { type: 'button', hidden: !leg.keyMap, 'aria-controls': keyMap.element.id,
          onclick: () => keyMap.open() }, 'Key map');
        keyMap.element.addEventListener('panel-closed', () => keyMapButton.focus());
        const legForm = legEditor({ leg, index: n, set, readOnly: !admin, actions: keyMapButton,
          save: async (changed) => {
            // the task as last saved: saving one leg must not undo what was saved on another
            const current = tasks.find((t) => t.id === task.id) || task;
            const legs = current.legs.map((l, i) => (i === n ? changed : l));
            const saved = await put(`${base}/${enc(task.id)}`, { name: current.name, legs });
            toast('Mappings saved.', 'ok');
            tasks = tasks.map((t) => (t.id === saved.id ? saved : t));
            keyMapButton.hidden = !saved.legs[n].keyMap;
            if (keyMapButton.hidden) keyMap.element.hidden = true;
            return saved.legs[n];
          } });
        legForms.push(legForm);
        return [legForm, keyMap.element];
      }),
      preview.element);
  }
  async function move(task, position) {
    try { await put(`${base}/${enc(task.id)}`, { position }); await reload(); } catch (err) { toast(err.message, 'error'); }
  }
  async function remove(task) {
    if (!(await confirmAction(`Delete the task '${task.name}'?`))) return;
    try { await del(`${base}/${enc(task.id)}`); if (chosen === task.id) chosen = null; await reload(); } catch (err) { toast(err.message, 'error'); }
  }
  async function add() {
    const created = await modal('Add task', (close) => addTaskForm(set, async (body, form) => {
      try { close(await post(base, body)); } catch (err) { showProblem(form, err); }
    }, () => close(null)));
    if (created) { chosen = created.id; await reload(); }
  }

  renderList();
  renderEditor();
  mount(panel, h('div', { class: 'page-head' }, h('h2', {}, 'Tasks'), admin ? h('button', { type: 'button', onclick: add }, 'Add task') : null),
    h('p', { class: 'muted' }, 'Tasks run in this order; each runs its legs in order (source → hub, hub → destination).'),
    list, editor);
}

function addTaskForm(set, submit, cancel) {
  const roles = Object.keys(set?.connections || {});
  const entityInput = (role, label, name) => {
    const listId = `${name}-entities`;
    const input = h('input', { name, list: listId, autocomplete: 'off' });
    const options = h('datalist', { id: listId });
    const fill = async () => {
      const connection = set?.connections[role.value];
      const items = connection ? await all(`/connections/${enc(connection)}/entities`).catch(() => []) : [];
      options.replaceChildren(...items.map((e) => h('option', { value: e.name }, e.label)));
    };
    role.addEventListener('change', fill);
    fill();
    return [field({ label, control: input, name, required: true }), options];
  };
  const name = h('input', { name: 'name' });
  const sourceRole = select(roles, roles[0], { name: 'sourceRole' });
  const targetRole = select(roles, roles.includes('cds') ? 'cds' : roles[1], { name: 'targetRole' });
  const destRole = select(['', ...roles], '', { name: 'destRole' });
  const [sourceEntity, sourceList] = entityInput(sourceRole, 'Source entity', 'legs.0.sourceEntity');
  const [targetEntity, targetList] = entityInput(targetRole, 'Target entity', 'legs.0.targetEntity');
  const [destEntity, destList] = entityInput(destRole, 'Destination entity (second leg)', 'legs.1.targetEntity');
  const form = h('form', { novalidate: true }, formAlert(),
    field({ label: 'Task name', control: name, name: 'name', required: true }),
    h('fieldset', {}, h('legend', {}, 'First leg'),
      field({ label: 'Source role', control: sourceRole, name: 'legs.0.sourceRole' }), sourceEntity, sourceList,
      field({ label: 'Target role', control: targetRole, name: 'legs.0.targetRole' }), targetEntity, targetList),
    h('fieldset', {}, h('legend', {}, 'Second leg (optional): from the first leg\'s target on'),
      field({ label: 'Destination role', control: destRole, name: 'legs.1.targetRole', help: 'Leave empty for a one-leg task.' }), destEntity, destList),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create task'), h('button', { type: 'button', onclick: cancel }, 'Cancel')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = (n) => form.querySelector(`[name="${n}"]`).value.trim();
    const legs = [{ sourceRole: sourceRole.value, sourceEntity: value('legs.0.sourceEntity'), targetRole: targetRole.value, targetEntity: value('legs.0.targetEntity'), mappings: [] }];
    if (destRole.value) legs.push({ sourceRole: targetRole.value, sourceEntity: legs[0].targetEntity, targetRole: destRole.value, targetEntity: value('legs.1.targetEntity'), mappings: [] });
    submit({ name: name.value.trim(), legs }, form);
  });
  return form;
}
