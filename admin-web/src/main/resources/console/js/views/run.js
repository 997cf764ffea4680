// One run: status, live progress per task and leg (done of total with percentage and time left where the source
// gave a count, records so far where it did not), pushed by the server's events; Cancel, Re-run and Retry failed
// records (fix and replay); and the failed records triaged by cause (run-triage.js).
import { get, post, enc, session } from '../api.js';
import { h, mount, when, duration, statusBadge, toast, confirmAction } from '../dom.js';
import { onChange, throttled } from '../events.js';
import { finished, totals, modeLabel, triggerText } from './project-history.js';
import { runTriage } from './run-triage.js';

const SEGMENTS = ['inserted', 'updated', 'unchanged', 'skipped', 'failed'];

export async function render(root, [id]) {
  let run = await get(`/runs/${enc(id)}`);
  const project = await get(`/projects/${enc(run.projectId)}`).catch(() => ({ id: run.projectId, name: 'a deleted project' }));
  const head = h('div');
  const legs = h('div', { class: 'legs' });
  const triage = runTriage(id);
  const rates = new Map();
  const original = run.mode === 'replay' && run.rerunOf ? await get(`/runs/${enc(run.rerunOf)}`).catch(() => null) : null;
  let problems = -1;
  let lastHeard = Date.now();

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
        h('dt', {}, 'Trigger'), h('dd', {}, triggerText(run)),
        h('dt', {}, 'Mode'), h('dd', {}, modeLabel(run.mode)),
        run.rerunOf && run.mode !== 'replay' ? [h('dt', {}, 'Re-run of'), h('dd', {}, h('a', { href: `#/runs/${enc(run.rerunOf)}` }, 'earlier run'))] : null,
        h('dt', {}, 'Totals'), h('dd', {}, `${t.read} read · ${t.inserted} inserted · ${t.updated} updated · ${t.unchanged} unchanged · ${t.skipped} skipped · ${t.failed} failed`)),
      run.message ? h('p', { class: ['run-message', `st-${run.status.toLowerCase()}-text`] }, run.message) : null);
    mount(legs, run.tasks.map((task, ti) => h('section', { class: 'card task-progress' },
      h('h2', {}, task.name),
      task.legs.map((leg, li) => legProgress(leg, run, rates, `${ti}/${li}`)))));
  }

  async function cancel() {
    if (!(await confirmAction('Cancel this run? It stops at its next batch; what it wrote stays, and the next run goes on'
      + ' from the last checkpoint.', 'Cancel run'))) return;
    try { run = await post(`/runs/${enc(id)}/cancel`); toast('Cancel requested: the run stops at its next batch.', 'ok'); draw(); } catch (err) { toast(err.message, 'error'); }
  }
  async function rerun() {
    try { const again = await post(`/runs/${enc(id)}/rerun`); location.hash = `#/runs/${enc(again.id)}`; } catch (err) { toast(err.status === 409 ? `'${project.name}' is already running.` : err.message, 'error'); }
  }
  async function retryFailed() {
    try {
      const replay = await post(`/runs/${enc(id)}/retry-failed`);
      toast('Replay of the failed records started.', 'ok');
      location.hash = `#/runs/${enc(replay.id)}`;
    } catch (err) { toast(err.status === 409 ? `'${project.name}' is already running.` : err.message, 'error'); }
  }
  /** A replay says which run it repeats up front: its counts only make sense next to that run's failures. */
  function replayNote() {
    if (run.mode !== 'replay' || !run.rerunOf) return null;
    return h('p', { class: 'replay-of' }, 'Replay of the failed records of ',
      h('a', { href: `#/runs/${enc(run.rerunOf)}` }, 'the original run'), original ? ` (${when(original.startedAt)}, ${original.status})` : '', '.');
  }

  const reloadTriage = throttled(() => triage.reload(finished(run.status)), 1500);
  function changed(next) {
    lastHeard = Date.now();
    const wasLive = !finished(run.status);
    run = next;
    draw();
    const t = totals(run);
    const now = t.failed + t.skipped;
    // failures appear while the run goes; the list is read again when it grew, and once more at the end
    if (now !== problems || (wasLive && finished(run.status))) {
      problems = now;
      if (finished(run.status)) triage.reload(true); else reloadTriage();
    }
  }
  const stop = onChange(async (event) => {
    if (event.kind === 'resync' || (event.kind === 'run' && event.id === id)) {
      if (event.kind === 'run' && event.data) changed(event.data);
      else changed(await get(`/runs/${enc(id)}`).catch(() => run));
    }
  });
  // a stream that went quiet (a proxy that buffers) must not leave a live run's page stale
  const watchdog = setInterval(async () => {
    if (!finished(run.status) && Date.now() - lastHeard > 10000) changed(await get(`/runs/${enc(id)}`).catch(() => run));
  }, 5000);

  draw();
  mount(root, h('p', { class: 'crumbs' }, h('a', { href: '#/projects' }, 'Projects'), ' / ',
    h('a', { href: `#/projects/${enc(project.id)}/history` }, project.name), ' / '), head, legs, triage.element);
  problems = totals(run).failed + totals(run).skipped;
  triage.reload(finished(run.status));
  return () => { stop(); clearInterval(watchdog); };
}

/**
 * A leg's progress: of the records the source said it would return, how many were inserted, updated, unchanged,
 * skipped, failed, with the percentage and the time left at the rate so far; where the source gave no count,
 * the records so far, honestly.
 */
function legProgress(leg, run, rates, key) {
  const done = SEGMENTS.reduce((n, k) => n + (leg[k] || 0), 0);
  const total = leg.total ?? null;
  const of = Math.max(total ?? 0, leg.read || 0, done, 1);
  const running = !finished(run.status) && leg.status === 'RUNNING';
  const label = `${leg.source} → ${leg.target}`;
  let words;
  if (total !== null) {
    const pct = Math.min(100, Math.floor((100 * done) / Math.max(total, 1)));
    words = `${done.toLocaleString()} of ${total.toLocaleString()} records (${pct}%)`;
    const left = running ? timeLeft(rates, key, done, total) : null;
    if (left) words += `, about ${left} left`;
  } else {
    words = running ? `${done.toLocaleString()} records so far (the source gives no total)` : `${done.toLocaleString()} records`;
  }
  const bar = h('div', { class: ['bar-track', running ? 'running' : ''], role: 'progressbar', 'aria-label': label,
    'aria-valuemin': 0, 'aria-valuemax': total ?? of, 'aria-valuenow': done, 'aria-valuetext': words },
  SEGMENTS.filter((k) => leg[k] > 0).map((k) => {
    const seg = h('div', { class: ['seg', `seg-${k}`], title: `${leg[k]} ${k}` });
    seg.style.width = `${(100 * leg[k]) / of}%`; // CSSOM, which the CSP allows (no style attributes)
    return seg;
  }));
  return h('div', { class: 'leg-progress' },
    h('div', { class: 'leg-title' }, h('span', { class: 'mono' }, label), ' ', leg.status ? statusBadge(leg.status) : null,
      ' ', h('span', { class: 'progress-words' }, words)),
    bar,
    h('div', { class: 'counts' }, `${leg.read} read`, SEGMENTS.concat(['deleted']).filter((k) => leg[k] > 0).map((k) => h('span', { class: `count-${k}` }, ` · ${leg[k]} ${k}`))),
    leg.note ? h('p', { class: 'leg-note' }, leg.note.charAt(0).toUpperCase() + leg.note.slice(1), '.') : null);
}

/** Time left at the rate seen since this page first saw the leg move; null until there is a rate. */
function timeLeft(rates, key, done, total) {
  const now = Date.now();
  const first = rates.get(key);
  if (!first) { rates.set(key, { t: now, done }); return null; }
  const perMs = (done - first.done) / (now - first.t);
  if (!(perMs > 0) || now - first.t < 1500) return null;
  const sec = Math.round((total - done) / perMs / 1000);
  if (sec < 60) return `${Math.max(sec, 1)} s`;
  return sec < 3600 ? `${Math.round(sec / 60)} min` : `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min`;
}
