// One run: status, live progress per task and leg (polled every second while it runs), Cancel,
// Re-run and Retry failed records (fix and replay), and the failed records, paged, with business key,
// field and message.
import { get, post, enc, session } from '../api.js';
import { h, mount, when, duration, statusBadge, table, toast } from '../dom.js';
import { finished, totals, modeLabel } from './project-history.js';

const SEGMENTS = ['inserted', 'updated', 'unchanged', 'skipped', 'failed'];

export async function render(root, [id]) {
  let run = await get(`/runs/${enc(id)}`);
  const project = await get(`/projects/${enc(run.projectId)}`).catch(() => ({ id: run.projectId, name: run.projectId }));
  const head = h('div');
  const legs = h('div', { class: 'legs' });
  const errors = h('section', { class: 'card', 'aria-labelledby': 'errors-h' });
  let timer = null;
  const original = run.mode === 'replay' && run.rerunOf ? await get(`/runs/${enc(run.rerunOf)}`).catch(() => null) : null;

  function draw() {
    const t = totals(run);
    mount(head,
      h('div', { class: 'page-head' },
        h('h1', {}, 'Run of ', project.name, ' ', statusBadge(run.status)),
        h('div', { class: 'row-actions' },
          session.canRun() && !finished(run.status) ? h('button', { type: 'button', class: 'danger', onclick: cancel }, 'Cancel run') : null,
          session.canRun() && finished(run.status) && t.failed > 0
            ? h('button', { type: 'button', class: 'primary', onclick: retryFailed }, 'Retry failed records') : null,
          // the server re-runs a run in its own mode, and refuses "replay" as a mode to start: a replay is retried instead
          session.canRun() && finished(run.status) && run.mode !== 'replay'
            ? h('button', { type: 'button', class: t.failed > 0 ? null : 'primary', onclick: rerun }, 'Re-run') : null)),
      replayNote(),
      h('dl', { class: 'facts inline' },
        h('dt', {}, 'Started'), h('dd', {}, when(run.startedAt)),
        h('dt', {}, 'Ended'), h('dd', {}, run.endedAt ? when(run.endedAt) : 'running'),
        h('dt', {}, 'Duration'), h('dd', {}, duration(run.startedAt, run.endedAt)),
        h('dt', {}, 'Trigger'), h('dd', {}, run.trigger),
        h('dt', {}, 'Mode'), h('dd', {}, modeLabel(run.mode)),
        run.rerunOf && run.mode !== 'replay' ? [h('dt', {}, 'Re-run of'), h('dd', {}, h('a', { href: `#/runs/${enc(run.rerunOf)}` }, 'earlier run'))] : null,
        h('dt', {}, 'Totals'), h('dd', {}, `${t.read} read · ${t.inserted} inserted · ${t.updated} updated · ${t.unchanged} unchanged · ${t.skipped} skipped · ${t.failed} failed`)),
      run.message ? h('p', { class: ['run-message', `st-${run.status.toLowerCase()}-text`] }, run.message) : null);
    mount(legs, run.tasks.map((task) => h('section', { class: 'card task-progress' },
      h('h2', {}, task.name),
      task.legs.map((leg) => legProgress(leg, run.status)))));
  }

  async function cancel() {
    try { run = await post(`/runs/${enc(id)}/cancel`); toast('Cancel requested: the run stops at its next batch.', 'ok'); draw(); } catch (err) { toast(err.message, 'error'); }
  }
  async function rerun() {
    try { const again = await post(`/runs/${enc(id)}/rerun`); location.hash = `#/runs/${enc(again.id)}`; } catch (err) { toast(err.status === 409 ? 'The project is already running.' : err.message, 'error'); }
  }
  async function retryFailed() {
    try {
      const replay = await post(`/runs/${enc(id)}/retry-failed`);
      toast('Replay of the failed records started.', 'ok');
      location.hash = `#/runs/${enc(replay.id)}`;
    } catch (err) { toast(err.status === 409 ? 'The project is already running.' : err.message, 'error'); }
  }
  /** A replay says which run it repeats up front: its counts only make sense next to that run's failures. */
  function replayNote() {
    if (run.mode !== 'replay' || !run.rerunOf) return null;
    return h('p', { class: 'replay-of' }, 'Replay of the failed records of ',
      h('a', { href: `#/runs/${enc(run.rerunOf)}` }, 'the original run'), original ? ` (${when(original.startedAt)}, ${original.status})` : '', '.');
  }
  async function poll() {
    try {
      run = await get(`/runs/${enc(id)}`);
      draw();
      if (finished(run.status)) { clearInterval(timer); timer = null; loadErrors(0); }
    } catch { /* a missed poll is retried a second later */ }
  }

  async function loadErrors(offset) {
    const page = await get(`/runs/${enc(id)}/errors?offset=${offset}&limit=50`).catch((e) => ({ items: [], error: e }));
    mount(errors, h('h2', { id: 'errors-h' }, 'Failed and skipped records'),
      page.error ? h('p', { class: 'form-alert' }, page.error.message)
        : page.items.length || offset ? table(['Task', 'Leg', 'Business key', 'Field', 'Message', 'Kind'], page.items.map((e, i) => h('tr', {},
          h('td', {}, e.task), h('td', { class: 'mono' }, e.leg),
          h('td', {}, h('button', { type: 'button', class: 'link mono', 'aria-expanded': 'false', onclick: (ev) => detail(ev.currentTarget, e, offset + i) }, recordName(e))),
          h('td', { class: 'mono' }, e.field || '—'), h('td', {}, e.message), h('td', {}, e.kind || '—'))), 'Failed records')
          : h('p', { class: 'muted' }, finished(run.status) ? 'No record failed or was skipped.' : 'Shown when the run ends.'),
      h('div', { class: 'actions' },
        offset > 0 ? h('button', { type: 'button', onclick: () => loadErrors(Math.max(0, offset - 50)) }, 'Previous page') : null,
        page.next ? h('button', { type: 'button', onclick: () => loadErrors(offset + 50) }, 'Next page') : null));
  }

  draw();
  mount(root, h('p', { class: 'crumbs' }, h('a', { href: '#/projects' }, 'Projects'), ' / ',
    h('a', { href: `#/projects/${enc(project.id)}/history` }, project.name), ' / '), head, legs, errors);
  if (finished(run.status)) loadErrors(0);
  else { loadErrors(0); timer = setInterval(poll, 1000); }
  return () => timer && clearInterval(timer);
}

/** A stacked bar: of the records read, how many were inserted, updated, unchanged, skipped, failed. */
function legProgress(leg, runStatus) {
  const done = SEGMENTS.reduce((n, k) => n + (leg[k] || 0), 0);
  const of = Math.max(leg.read || 0, done);
  const running = !finished(runStatus) && (!leg.status || leg.status === 'RUNNING');
  const label = `${leg.source} → ${leg.target}`;
  const bar = h('div', { class: ['bar-track', running ? 'running' : ''], role: 'progressbar', 'aria-label': label,
    'aria-valuemin': 0, 'aria-valuemax': of, 'aria-valuenow': done, 'aria-valuetext': `${done} of ${of} records read so far processed` },
  SEGMENTS.filter((k) => leg[k] > 0).map((k) => {
    const seg = h('div', { class: ['seg', `seg-${k}`], title: `${leg[k]} ${k}` });
    seg.style.width = `${(100 * leg[k]) / of}%`; // CSSOM, which the CSP allows (no style attributes)
    return seg;
  }));
  return h('div', { class: 'leg-progress' },
    h('div', { class: 'leg-title' }, h('span', { class: 'mono' }, label), ' ', leg.status ? statusBadge(leg.status) : null),
    bar,
    h('div', { class: 'counts' }, `${leg.read} read`, SEGMENTS.concat(['deleted']).filter((k) => leg[k] > 0).map((k) => h('span', { class: `count-${k}` }, ` · ${leg[k]} ${k}`))));
}

/** A record by its business key; one without (or on a key-map leg) by the id its source gave it. */
function recordName(e) {
  if (e.businessKey) return e.businessKey;
  return e.sourceId ? `sourceId ${e.sourceId}` : (e.kind === 'run' ? '(the run)' : '(no key)');
}

function detail(button, e) {
  const row = button.closest('tr');
  const open = button.getAttribute('aria-expanded') === 'true';
  button.setAttribute('aria-expanded', String(!open));
  if (open) { row.nextElementSibling?.classList.contains('detail') && row.nextElementSibling.remove(); return; }
  row.after(h('tr', { class: 'detail' }, h('td', { colspan: 6 }, h('dl', { class: 'facts' },
    h('dt', {}, 'Business key'), h('dd', { class: 'mono' }, e.businessKey || '(none)'),
    e.sourceId ? [h('dt', {}, 'Source id'), h('dd', { class: 'mono' }, e.sourceId)] : null,
    h('dt', {}, 'Task and leg'), h('dd', {}, [e.task, e.leg].filter(Boolean).join(' · ') || 'the run as a whole'),
    h('dt', {}, 'Field'), h('dd', { class: 'mono' }, e.field || '—'),
    h('dt', {}, 'What happened'), h('dd', {}, e.message),
    h('dt', {}, 'When'), h('dd', {}, when(e.at))))));
}
