// The preview of a task (a dry run): the first source records of each leg through the mappings and transforms as
// the editor shows them (the draft, when it holds unsaved edits), against live data, and what each would become or
// the error it would hit. The server writes nothing, so operators may use it as freely as Validate.
import { post, enc } from '../api.js';
import { h, mount, field, uid, inlinePanel } from '../dom.js';

const BADGE = { ok: ['OK', 'st-completed'], skipped: ['Skipped', 'st-warning'], failed: ['Failed', 'st-error'] };

/**
 * The preview panel of one task; `open()` shows it and runs the preview at once.
 *
 * @param draft () → the task as edited ({name, legs}) when it has unsaved edits, else null (the saved task)
 */
export function taskPreview(project, task, draft = () => null) {
  const headingId = uid('preview');
  const limit = h('input', { type: 'number', min: 1, max: 200, step: 1, value: 20, name: 'limit' });
  const onlyProblems = h('input', { type: 'checkbox', name: 'onlyProblems', onchange: () => draw() });
  const results = h('div', { class: 'preview-results', 'aria-live': 'polite' });
  const heading = h('h2', { id: headingId, tabindex: -1 }, `Preview of ${task.name}`);
  let items = null;

  const controls = h('form', { class: 'preview-controls', novalidate: true },
    field({ label: 'Records per leg', control: limit, name: 'limit', help: '1 to 200, from the start of the source.' }),
    field({ label: 'Only failed and skipped records', control: onlyProblems, name: 'onlyProblems' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Preview again'),
      h('button', { type: 'button', onclick: () => panel.close() }, 'Close preview')));
  controls.addEventListener('submit', (e) => { e.preventDefault(); load(); });

  const section = h('section', { class: 'card preview', id: uid('preview-panel'), 'aria-labelledby': headingId, hidden: true },
    heading,
    h('p', { class: 'muted' }, 'A dry run of the mappings as they are in the editor, saved or not, against live source data: nothing is written.'),
    controls, results);

  async function load() {
    items = null;
    mount(results, h('p', { class: 'muted' }, 'Reading source records…'));
    const n = Math.max(1, Math.min(200, Number(limit.value) || 20));
    limit.value = n;
    try {
      const edited = draft();
      const page = await post(`/projects/${enc(project.id)}/tasks/${enc(task.id)}/preview`, edited ? { limit: n, task: edited } : { limit: n });
      items = page.items;
      items.draft = !!edited;
      draw();
    } catch (err) {
      // a task that cannot run cannot be previewed: the problem body lists why, per field
      const problems = err.problem?.errors || [];
      mount(results, h('div', { class: 'form-alert', role: 'alert' }, err.message,
        problems.length ? h('ul', {}, problems.map((p) => h('li', {}, p.field ? `${p.field}: ${p.message}` : p.message))) : null));
    }
  }

  function draw() {
    if (!items) return;
    const legs = new Map();
    for (const item of items) {
      if (!legs.has(item.leg)) legs.set(item.leg, []);
      legs.get(item.leg).push(item);
    }
    if (!legs.size) { mount(results, h('p', { class: 'muted' }, 'The source has no records to preview.')); return; }
    mount(results, items.draft ? h('p', { class: 'notice draft-note' }, 'Previewing your unsaved changes.') : null,
      [...legs].map(([leg, rows], n) => legTable(leg, n, rows, onlyProblems.checked)));
  }

  const panel = inlinePanel(section, heading, load);
  return panel;
}

function legTable(leg, n, rows, onlyProblems) {
  const count = (s) => rows.filter((r) => r.status === s).length;
  const shown = onlyProblems ? rows.filter((r) => r.status !== 'ok') : rows;
  const headingId = uid('pleg');
  const summary = `${rows.length} record(s): ${count('ok')} OK · ${count('skipped')} skipped · ${count('failed')} failed`;
  const headers = ['Status', 'Business key', 'Source values', 'Mapped values', 'Problem'];
  return h('section', { class: 'preview-leg', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, `Leg ${n + 1}: `, h('span', { class: 'mono' }, leg.replace(' -> ', ' → '))),
    h('p', { class: 'muted' }, summary),
    shown.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'preview-table' },
      h('caption', { class: 'sr-only' }, `Preview of leg ${n + 1}: ${summary}`),
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, shown.map((r) => row(r, headers)))))
      : h('p', { class: 'ok-line' }, 'No record of this leg failed or was skipped.'));
}

function row(r, headers) {
  const [label, cls] = BADGE[r.status] || [r.status, ''];
  const cell = (i, ...content) => h('td', { dataset: { label: headers[i] } }, ...content);
  return h('tr', { class: `pv-${r.status}` },
    cell(0, h('span', { class: ['badge', cls] }, label)),
    cell(1, h('span', { class: 'mono' }, r.businessKey || '—')),
    cell(2, values(r.source)),
    cell(3, r.status === 'ok' ? values(r.mapped) : h('span', { class: 'muted' }, 'not written')),
    cell(4, r.message ? [r.field ? h('code', { class: 'pv-field' }, r.field) : null, ' ', h('span', { class: 'pv-message' }, r.message)]
      : h('span', { class: 'muted' }, '—')));
}

/** Field values as "name: value" lines; null stays distinguishable from an empty text. */
function values(map) {
  const entries = Object.entries(map || {});
  if (!entries.length) return h('span', { class: 'muted' }, '—');
  return h('dl', { class: 'kv' }, entries.map(([k, v]) => [h('dt', {}, k),
    h('dd', {}, v === null || v === undefined ? h('span', { class: 'muted' }, 'null') : v === '' ? h('span', { class: 'muted' }, '(empty)') : v)]));
}
