// The key map of a leg that syncs without business keys: which target record each source record was
// written to, paged, with a source-id search. Admins may forget one source id or the whole map, so the
// next run creates those records in the target anew (after they were deleted or re-created there by hand).
import { get, del, enc, session } from '../api.js';
import { h, mount, field, uid, when, toast, confirmAction, inlinePanel } from '../dom.js';

const PAGE = 50;
const HEADERS = ['Source organization', 'Source id', 'Target id', 'Target organization', 'Last written'];

/** The key-map panel of one leg; `open()` shows it and loads the first page. */
export function keyMapPanel(project, task, index, leg) {
  const base = `/projects/${enc(project.id)}/tasks/${enc(task.id)}/legs/${index}/key-map`;
  const admin = session.isAdmin();
  const headingId = uid('keymap');
  const heading = h('h2', { id: headingId, tabindex: -1 }, `Key map of leg ${index + 1}: `,
    h('span', { class: 'mono' }, `${leg.sourceRole}:${leg.sourceEntity} → ${leg.targetRole}:${leg.targetEntity}`));
  const search = h('input', { type: 'search', name: 'sourceId', autocomplete: 'off', class: 'mono' });
  const results = h('div', { class: 'key-map-results', 'aria-live': 'polite' });
  let offset = 0;
  let sourceId = '';

  const controls = h('form', { class: 'preview-controls', role: 'search', novalidate: true },
    field({ label: 'Source id', control: search, name: 'sourceId', help: 'A record\'s id in the source system; empty lists all.' }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Search'),
      admin ? h('button', { type: 'button', class: 'danger', onclick: () => forget(null) }, 'Forget all') : null,
      h('button', { type: 'button', onclick: () => panel.close() }, 'Close key map')));
  controls.addEventListener('submit', (e) => { e.preventDefault(); sourceId = search.value.trim(); offset = 0; load(); });

  const section = h('section', { class: 'card key-map', id: uid('key-map-panel'), 'aria-labelledby': headingId, hidden: true },
    heading,
    h('p', { class: 'muted' }, `Which ${leg.targetEntity} record each ${leg.sourceEntity} record was written to, per organization. `
      + 'Forget an entry after its target record was deleted or re-created by hand: the next run creates it anew.'),
    controls, results);

  async function load(focusSummary = false) {
    mount(results, h('p', { class: 'muted' }, 'Loading…'));
    const query = `offset=${offset}&limit=${PAGE}${sourceId ? `&sourceId=${enc(sourceId)}` : ''}`;
    let page;
    try {
      page = await get(`${base}?${query}`);
    } catch (err) {
      mount(results, h('p', { class: 'form-alert', role: 'alert' }, err.message));
      return;
    }
    // forgetting the last entries of the last page leaves it empty: show the page before
    if (!page.items.length && offset > 0) { offset = Math.max(0, offset - PAGE); await load(focusSummary); return; }
    draw(page);
    if (focusSummary) results.querySelector('.key-map-summary')?.focus();
  }

  function draw(page) {
    const { items } = page;
    const summary = items.length ? `Entries ${offset + 1} to ${offset + items.length}${sourceId ? ` for source id '${sourceId}'` : ''}.`
      : sourceId ? `No entry for source id '${sourceId}'.` : 'The key map is empty: the next run creates every record and fills it.';
    const headers = admin ? [...HEADERS, 'Forget'] : HEADERS;
    mount(results,
      h('p', { class: 'key-map-summary muted', tabindex: -1 }, summary),
      items.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'key-map-table' },
        h('caption', { class: 'sr-only' }, `Key map of leg ${index + 1}. ${summary}`),
        h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, items.map((e) => row(e, headers, items))))) : null,
      h('div', { class: 'actions' },
        offset > 0 ? h('button', { type: 'button', onclick: () => { offset = Math.max(0, offset - PAGE); load(true); } }, 'Previous page') : null,
        page.next ? h('button', { type: 'button', onclick: () => { offset += PAGE; load(true); } }, 'Next page') : null));
  }

  function row(e, headers, items) {
    const cell = (i, ...content) => h('td', { dataset: { label: headers[i] } }, ...content);
    const none = () => h('span', { class: 'muted' }, '—');
    return h('tr', {},
      cell(0, e.sourceOrganization ? h('span', { class: 'mono' }, e.sourceOrganization) : none()),
      cell(1, h('span', { class: 'mono id' }, e.sourceId)),
      cell(2, h('span', { class: 'mono id' }, e.targetId)),
      cell(3, e.targetOrganization ? h('span', { class: 'mono' }, e.targetOrganization) : none()),
      cell(4, e.runId ? h('a', { href: `#/runs/${enc(e.runId)}` }, when(e.updatedAt)) : when(e.updatedAt)),
      admin ? cell(5, h('button', { type: 'button', class: 'danger', 'aria-label': `Forget source id ${e.sourceId}`,
        onclick: () => forget(e.sourceId, items.filter((x) => x.sourceId === e.sourceId).length) }, 'Forget')) : null);
  }

  /** Forgets one source id (in every organization it has an entry in), or the whole map when `id` is null. */
  async function forget(id, entries = 1) {
    const question = id === null
      ? `Forget every entry of this key map? The next run creates every ${leg.targetEntity} record anew: do this only after they were removed from the ${leg.targetRole} connection.`
      : `Forget source id '${id}'${entries > 1 ? ` (its ${entries} entries, one per organization)` : ''}? The next run creates its ${leg.targetEntity} record anew.`;
    if (!(await confirmAction(question, id === null ? 'Forget all' : 'Forget'))) return;
    try {
      const answer = await del(id === null ? base : `${base}?sourceId=${enc(id)}`);
      toast(`${answer.forgotten} ${answer.forgotten === 1 ? 'entry' : 'entries'} forgotten.`, 'ok');
      if (id === null) offset = 0;
      await load(true);
    } catch (err) {
      toast(err.status === 409 ? 'The project is running: forget entries once the run has ended.' : err.message, 'error');
    }
  }

  const panel = inlinePanel(section, heading, load);
  return panel;
}
