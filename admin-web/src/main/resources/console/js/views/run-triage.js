// A run's failed and skipped records, for runs of any size: the causes first (errors grouped by task, leg,
// field and the pattern of their message, with counts and the first keys), then the records of the chosen
// cause or of all, searched by business key or text, 50 a page, each with the record as read and the values
// sent; and the whole list (or what is filtered) exported as CSV.
import { get, enc, download } from '../api.js';
import { h, mount, table, toast, uid, when } from '../dom.js';

const PAGE = 50;

/** @return {element, reload(finished)} */
export function runTriage(runId) {
  const groupsBox = h('div', { class: 'groups' });
  const recordsBox = h('div', { class: 'records' });
  const summary = h('p', { class: 'muted triage-summary', 'aria-live': 'polite' });
  const q = h('input', { type: 'search', name: 'q', placeholder: 'Business key, source id or words of the message',
    'aria-label': 'Search records by business key or text', autocomplete: 'off' });
  const searchForm = h('form', { class: 'triage-search', role: 'search', novalidate: true },
    q, h('button', { type: 'submit' }, 'Search'),
    h('button', { type: 'button', onclick: () => { q.value = ''; state.group = null; state.offset = 0; loadRecords(); drawGroups(); } }, 'Show all records'),
    h('button', { type: 'button', onclick: exportCsv }, 'Export CSV'));
  searchForm.addEventListener('submit', (e) => { e.preventDefault(); state.offset = 0; loadRecords(); });
  const recordsHeadingId = uid('records');
  const element = h('section', { class: 'card triage', 'aria-labelledby': 'errors-h' },
    h('h2', { id: 'errors-h' }, 'Failed and skipped records'), summary, groupsBox,
    h('h3', { id: recordsHeadingId, tabindex: -1, class: 'records-heading' }, 'All records'), searchForm, recordsBox);
  const state = { groups: [], group: null, offset: 0, finished: false };

  function filterQuery(extra = {}) {
    const params = new URLSearchParams();
    if (state.group) params.set('group', state.group.group);
    if (q.value.trim()) params.set('q', q.value.trim());
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return params.toString();
  }

  async function loadGroups() {
    try {
      state.groups = (await get(`/runs/${enc(runId)}/errors/groups?limit=100`)).items;
      if (state.group && !state.groups.some((g) => g.group === state.group.group)) state.group = null;
      drawGroups();
    } catch (err) { mount(groupsBox, h('p', { class: 'form-alert', role: 'alert' }, err.message)); }
  }

  function drawGroups() {
    const count = (kind) => state.groups.filter((g) => g.kind === kind).reduce((n, g) => n + g.count, 0);
    const failed = count('failed');
    const skipped = count('skipped');
    const stopped = state.groups.some((g) => g.kind === 'run');
    summary.textContent = !state.groups.length
      ? (state.finished ? 'No record failed or was skipped.' : 'No record has failed so far; failures appear here while the run goes.')
      : `${failed.toLocaleString()} failed · ${skipped.toLocaleString()} skipped, in ${state.groups.length} group(s) by cause`
        + `${stopped ? '; the run could not go on (see below)' : ''}${state.finished ? '.' : ', so far.'}`;
    if (!state.groups.length) { groupsBox.replaceChildren(); return; }
    mount(groupsBox, table(['Records', 'Why', 'Field', 'Task · leg', 'First keys', h('span', { class: 'sr-only' }, 'Show')],
      state.groups.map((g) => h('tr', { class: [`kind-${g.kind}`, state.group?.group === g.group ? 'chosen' : ''] },
        h('td', { class: 'num' }, g.count.toLocaleString()),
        h('td', {}, h('span', { class: 'group-message' }, g.message), g.kind !== 'failed' ? h('span', { class: 'badge' }, g.kind) : null),
        h('td', { class: 'mono' }, g.field || '—'),
        h('td', {}, [g.task, g.leg?.replace(' -> ', ' → ')].filter(Boolean).join(' · ') || 'the run as a whole'),
        h('td', { class: 'mono sample-keys' }, g.sampleKeys.join(', ') || '—'),
        h('td', {}, h('button', { type: 'button', 'aria-label': `Show the ${g.count} records: ${g.message}`,
          onclick: () => { state.group = g; state.offset = 0; drawGroups(); loadRecords(true); } }, 'Show records')))),
      'Errors grouped by cause'));
  }

  let latest = 0;
  async function loadRecords(focus = false) {
    // only the newest request draws: a reload the run's end asked for must not answer over the search typed since
    const mine = ++latest;
    const heading = element.querySelector('.records-heading');
    heading.textContent = state.group ? `Records: ${state.group.message}` : (q.value.trim() ? 'Records found' : 'All records');
    let page;
    try {
      page = await get(`/runs/${enc(runId)}/errors?${filterQuery({ offset: state.offset, limit: PAGE })}`);
    } catch (err) {
      if (mine === latest) mount(recordsBox, h('p', { class: 'form-alert', role: 'alert' }, err.message));
      return;
    }
    if (mine !== latest) return;
    const from = page.items.length ? state.offset + 1 : 0;
    const to = state.offset + page.items.length;
    mount(recordsBox,
      h('p', { class: 'muted', 'aria-live': 'polite' }, page.total
        ? `Records ${from.toLocaleString()}–${to.toLocaleString()} of ${page.total.toLocaleString()}${q.value.trim() ? ` matching '${q.value.trim()}'` : ''}.`
        : q.value.trim() ? `No record matches '${q.value.trim()}'. Search by a whole or partial business key, source id or words of the message.`
          : 'None.'),
      page.items.length ? table(['Business key', 'Field', 'Message', 'Kind'], page.items.map((e) => h('tr', {},
        h('td', {}, h('button', { type: 'button', class: 'link mono', 'aria-expanded': 'false', onclick: (ev) => detail(ev.currentTarget, e) }, recordName(e))),
        h('td', { class: 'mono' }, e.field || '—'), h('td', {}, e.message), h('td', {}, e.kind || '—'))), 'Records') : null,
      h('div', { class: 'actions' },
        state.offset > 0 ? h('button', { type: 'button', onclick: () => { state.offset = Math.max(0, state.offset - PAGE); loadRecords(); } }, 'Previous page') : null,
        page.next ? h('button', { type: 'button', onclick: () => { state.offset += PAGE; loadRecords(); } }, 'Next page') : null));
    if (focus) heading.focus({ preventScroll: false });
  }

  async function exportCsv() {
    const name = `run-${runId}-errors${state.group || q.value.trim() ? '-filtered' : ''}.csv`;
    try {
      await download(`/runs/${enc(runId)}/errors?${filterQuery({ format: 'csv' })}`, name);
      toast(`${name} saved: ${state.group || q.value.trim() ? 'the records shown' : 'every record'}, with the record as read and the values sent.`, 'ok');
    } catch (err) { toast(err.message, 'error'); }
  }

  return {
    element,
    /** Reads the groups and the page of records shown again; `finished` says whether more can come. */
    async reload(finished) {
      state.finished = finished;
      await loadGroups();
      await loadRecords();
    },
  };
}

/** A record by its business key; one without (or on a key-map leg) by the id its source gave it. */
export function recordName(e) {
  if (e.businessKey) return e.businessKey;
  return e.sourceId ? `sourceId ${e.sourceId}` : (e.kind === 'run' ? '(the run)' : '(no key)');
}

function detail(button, e) {
  const row = button.closest('tr');
  const open = button.getAttribute('aria-expanded') === 'true';
  button.setAttribute('aria-expanded', String(!open));
  if (open) { row.nextElementSibling?.classList.contains('detail') && row.nextElementSibling.remove(); return; }
  row.after(h('tr', { class: 'detail' }, h('td', { colspan: 4 },
    h('dl', { class: 'facts' },
      h('dt', {}, 'Business key'), h('dd', { class: 'mono' }, e.businessKey || '(none)'),
      e.sourceId ? [h('dt', {}, 'Source id'), h('dd', { class: 'mono' }, e.sourceId)] : null,
      h('dt', {}, 'Task and leg'), h('dd', {}, [e.task, e.leg?.replace(' -> ', ' → ')].filter(Boolean).join(' · ') || 'the run as a whole'),
      h('dt', {}, 'Field'), h('dd', { class: 'mono' }, e.field || '—'),
      h('dt', {}, 'What happened'), h('dd', {}, e.message),
      h('dt', {}, 'When'), h('dd', {}, when(e.at))),
    e.source || e.written ? h('div', { class: 'record-pair' },
      h('div', {}, h('h4', {}, 'Record as read'), values(e.source, e.field, 'Not kept: the record failed before it was read.')),
      h('div', {}, h('h4', {}, 'Values sent'), values(e.written, e.field, 'Nothing was sent: the record failed while it was mapped.'))) : null)));
}

/** Field values as "name: value" lines, the field at fault marked; secrets come masked from the server. */
function values(map, field, none) {
  const entries = Object.entries(map || {});
  if (!entries.length) return h('p', { class: 'muted' }, none);
  return h('dl', { class: 'kv' }, entries.map(([k, v]) => {
    const fault = field && (k === field || k.toLowerCase() === field.toLowerCase());
    return [h('dt', { class: fault ? 'fault' : null }, k),
      h('dd', { class: fault ? 'fault' : null }, v === null || v === undefined ? h('span', { class: 'muted' }, 'null')
        : v === '' ? h('span', { class: 'muted' }, '(empty)') : v)];
  }));
}
