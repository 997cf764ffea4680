// The Execution history tab: a chart of records moved per run on a time axis (runs that moved nothing show as a
// mark on the base line), and the runs coloured by status, filtered by status; both follow the server's events,
// so a run a schedule starts appears while the page is open.
import { get, enc } from '../api.js';
import { h, s, mount, table, when, duration, statusBadge, select } from '../dom.js';
import { onChange, throttled } from '../events.js';

export const totals = (run) => run.tasks.flatMap((t) => t.legs).reduce((sum, l) => {
  for (const k of ['read', 'inserted', 'updated', 'unchanged', 'skipped', 'failed', 'deleted']) sum[k] += l[k] || 0;
  return sum;
}, { read: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, deleted: 0 });

const STATUSES = ['COMPLETED', 'WARNING', 'ERROR', 'RUNNING', 'QUEUED', 'CANCELLED', 'INTERRUPTED'];

export async function render(panel, project) {
  const status = select([['', 'Every status'], ...STATUSES.map((x) => [x, x.charAt(0) + x.slice(1).toLowerCase()])], '',
    { 'aria-label': 'Show runs of status', name: 'status' });
  const query = () => `/runs?project=${enc(project.id)}&limit=100${status.value ? `&status=${status.value}` : ''}`;
  let page = await get(query());
  const body = h('div');
  const draw = () => mount(body, chart(page.items), runTable(page.items, status.value),
    page.next ? h('p', { class: 'muted' }, 'The latest 100 runs are shown; the Runs page lists them all.') : null);
  const reload = throttled(async () => {
    const fresh = await get(query()).catch(() => null);
    if (fresh) { page = fresh; draw(); }
  }, 1000);
  status.addEventListener('change', reload);
  mount(panel, h('div', { class: 'page-head' }, h('h2', {}, 'Execution history'), h('div', { class: 'filter-bar' }, status)), body);
  draw();
  return onChange((event) => {
    if (event.kind === 'resync' || (event.kind === 'run' && event.projectId === project.id)) reload();
  });
}

function runTable(runs, filtered) {
  const byId = Object.fromEntries(runs.map((r) => [r.id, r]));
  // a replay names the run it repeats, so the history reads "replay of <that run>"
  const mode = (r) => {
    if (r.mode !== 'replay' || !r.rerunOf) return modeLabel(r.mode);
    const original = byId[r.rerunOf];
    return [modeLabel(r.mode), ' of ', h('a', { href: `#/runs/${enc(r.rerunOf)}` }, original ? when(original.startedAt) : 'an earlier run')];
  };
  return table(['Started', 'Status', 'Trigger', 'Mode', 'Duration', 'Read', 'Written', 'Failed'], runs.map((r) => {
    const t = totals(r);
    return h('tr', { class: `row-${r.status.toLowerCase()}` },
      h('td', {}, h('a', { href: `#/runs/${enc(r.id)}` }, when(r.startedAt))),
      h('td', {}, statusBadge(r.status)), h('td', {}, triggerText(r)), h('td', {}, mode(r)),
      h('td', {}, duration(r.startedAt, r.endedAt)),
      h('td', { class: 'num' }, t.read), h('td', { class: 'num' }, t.inserted + t.updated + t.deleted), h('td', { class: 'num' }, t.failed));
  }), 'Runs, newest first', filtered ? `No ${filtered.toLowerCase()} run among the latest.` : 'No run yet: start one with Run, or set a schedule.');
}

export const finished = (status) => !['QUEUED', 'RUNNING'].includes(status);

/** The run modes in the console's words ("full" is "Run with all data" on the buttons). */
export const modeLabel = (mode) => ({ full: 'all data', replay: 'replay' }[mode] || mode);

/** Who or what started a run: "manual, by alice", "schedule", "api (ci-bot)", "replay, by alice". */
export function triggerText(run) {
  const by = run.startedBy;
  switch (run.trigger) {
    case 'manual': return by ? `manual, by ${by}` : 'manual';
    case 'schedule': return 'schedule';
    case 'rerun': return by ? `re-run, by ${by}` : 're-run';
    case 'replay': return by ? `replay, by ${by}` : 'replay';
    default: return by ? `${run.trigger} (${by})` : run.trigger;
  }
}

/**
 * Records moved (inserted + updated + deleted) per run as an inline SVG chart on a time axis: each run at the
 * time it started, failed records on top in red, a run that moved nothing as a short mark on the base line.
 */
export function chart(runs) {
  const points = runs.filter((r) => r.startedAt).slice().reverse().map((r) => ({ run: r, t: totals(r), at: new Date(r.startedAt).getTime() }));
  if (!points.length) return h('p', { class: 'muted' }, 'No run yet: the chart fills as runs end.');
  const W = 720; const H = 210; const left = 48; const right = 14; const bottom = 34; const top = 12;
  const max = Math.max(1, ...points.map((p) => p.t.inserted + p.t.updated + p.t.deleted + p.t.failed));
  let t0 = points[0].at;
  let t1 = points[points.length - 1].at;
  if (t1 - t0 < 60000) { t0 -= 30000; t1 += 30000; } // one moment: half a minute either side
  const span = t1 - t0;
  const x = (at) => left + ((W - left - right) * (at - t0)) / span;
  const bar = Math.max(3, Math.min(16, ((W - left - right) / points.length) * 0.6));
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const ticks = [0, max / 2, max].map((v) => Math.round(v));
  const moved = (p) => p.t.inserted + p.t.updated + p.t.deleted;
  const idle = points.filter((p) => moved(p) === 0 && p.t.failed === 0).length;
  const summary = `${points.length} runs from ${when(points[0].run.startedAt)} to ${when(points[points.length - 1].run.startedAt)};`
    + ` most records moved in one run: ${max}${idle ? `; ${idle} moved nothing` : ''}.`;
  return h('figure', { class: 'chart' },
    s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Records moved per run over time. ${summary}`, preserveAspectRatio: 'xMidYMid meet' },
      ticks.map((v) => [s('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'gridline' }),
        s('text', { x: left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v))]),
      timeTicks(t0, t1).map((at) => [s('line', { x1: x(at), x2: x(at), y1: H - bottom, y2: H - bottom + 4, class: 'tick' }),
        s('text', { x: x(at), y: H - bottom + 16, class: 'axis', 'text-anchor': 'middle' }, tickLabel(at, span))]),
      s('line', { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: 'baseline' }),
      points.map((p) => {
        const cx = Math.min(W - right - bar / 2, Math.max(left + bar / 2, x(p.at)));
        const bx = cx - bar / 2;
        const m = moved(p);
        const nothing = m === 0 && p.t.failed === 0;
        return s('a', { href: `#/runs/${enc(p.run.id)}` },
          s('title', {}, `${when(p.run.startedAt)}: ${p.run.status}, ${m} moved, ${p.t.failed} failed${nothing ? ' (moved nothing)' : ''}`),
          nothing
            ? s('rect', { x: bx, width: bar, y: H - bottom - 3, height: 3, class: `bar zero st-${p.run.status.toLowerCase()}` })
            : s('rect', { x: bx, width: bar, y: y(m), height: Math.max(0, H - bottom - y(m)), class: `bar st-${p.run.status.toLowerCase()}` }),
          p.t.failed ? s('rect', { x: bx, width: bar, y: y(m + p.t.failed), height: Math.max(0, y(m) - y(m + p.t.failed)), class: 'bar failed' }) : null);
      })),
    h('figcaption', { class: 'muted' }, 'Records moved per run (inserted, updated, deleted) at the time each started; failed records on top in red;'
      + ' a run that moved nothing is a mark on the base line. ', summary));
}

/** Four or five round times between t0 and t1. */
function timeTicks(t0, t1) {
  const steps = [60e3, 5 * 60e3, 15 * 60e3, 3600e3, 6 * 3600e3, 86400e3, 7 * 86400e3, 30 * 86400e3];
  const step = steps.find((st) => (t1 - t0) / st <= 6) || 90 * 86400e3;
  const out = [];
  for (let at = Math.ceil(t0 / step) * step; at <= t1; at += step) out.push(at);
  return out.length ? out : [t0];
}

function tickLabel(at, span) {
  const d = new Date(at);
  if (span <= 2 * 86400e3) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}
