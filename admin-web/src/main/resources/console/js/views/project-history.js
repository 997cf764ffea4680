// The Execution history tab: a chart of records moved per run over time, and the runs coloured by status.
import { get, enc } from '../api.js';
import { h, s, mount, table, when, duration, statusBadge } from '../dom.js';

export const totals = (run) => run.tasks.flatMap((t) => t.legs).reduce((sum, l) => {
  for (const k of ['read', 'inserted', 'updated', 'unchanged', 'skipped', 'failed', 'deleted']) sum[k] += l[k] || 0;
  return sum;
}, { read: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, deleted: 0 });

export async function render(panel, project) {
  const page = await get(`/projects/${enc(project.id)}/runs?limit=100`);
  const runs = page.items;
  const body = h('div');
  mount(panel, h('h2', {}, 'Execution history'), body);
  const draw = () => mount(body, chart(runs), runTable(runs), page.next ? h('p', { class: 'muted' }, 'The latest 100 runs are shown.') : null);
  draw();
  // keep the list fresh while something runs, slower than the run page's 1 s
  const timer = setInterval(async () => {
    if (!runs.some((r) => !finished(r.status))) return;
    const fresh = await get(`/projects/${enc(project.id)}/runs?limit=100`).catch(() => null);
    if (fresh) { runs.splice(0, runs.length, ...fresh.items); draw(); }
  }, 3000);
  return () => clearInterval(timer);
}

function runTable(runs) {
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
      h('td', {}, statusBadge(r.status)), h('td', {}, r.trigger), h('td', {}, mode(r)),
      h('td', {}, duration(r.startedAt, r.endedAt)),
      h('td', { class: 'num' }, t.read), h('td', { class: 'num' }, t.inserted + t.updated + t.deleted), h('td', { class: 'num' }, t.failed));
  }), 'Runs, newest first');
}

export const finished = (status) => !['QUEUED', 'RUNNING'].includes(status);

/** The run modes in the console's words ("full" is "Run with all data" on the buttons). */
export const modeLabel = (mode) => ({ full: 'all data', replay: 'replay' }[mode] || mode);

/** Records moved (inserted + updated + deleted) per run, oldest left, as an inline SVG bar chart. */
export function chart(runs) {
  const points = runs.filter((r) => r.startedAt).slice().reverse().map((r) => ({ run: r, t: totals(r) }));
  if (!points.length) return h('p', { class: 'muted' }, 'No run yet.');
  const W = 720; const H = 200; const left = 48; const bottom = 28; const top = 12;
  const max = Math.max(1, ...points.map((p) => p.t.inserted + p.t.updated + p.t.deleted + p.t.failed));
  const step = (W - left - 8) / points.length;
  const bar = Math.max(2, Math.min(28, step * 0.7));
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const ticks = [0, max / 2, max].map((v) => Math.round(v));
  const summary = `${points.length} runs; most records moved in one run: ${max}.`;
  return h('figure', { class: 'chart' },
    s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Records moved per run. ${summary}`, preserveAspectRatio: 'xMidYMid meet' },
      ticks.map((v) => [s('line', { x1: left, x2: W - 4, y1: y(v), y2: y(v), class: 'gridline' }),
        s('text', { x: left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, String(v))]),
      points.map((p, i) => {
        const x = left + i * step + (step - bar) / 2;
        const moved = p.t.inserted + p.t.updated + p.t.deleted;
        return s('a', { href: `#/runs/${enc(p.run.id)}` },
          s('title', {}, `${when(p.run.startedAt)}: ${p.run.status}, ${moved} moved, ${p.t.failed} failed`),
          s('rect', { x, width: bar, y: y(moved), height: Math.max(0, H - bottom - y(moved)), class: `bar st-${p.run.status.toLowerCase()}` }),
          p.t.failed ? s('rect', { x, width: bar, y: y(moved + p.t.failed), height: Math.max(0, y(moved) - y(moved + p.t.failed)), class: 'bar failed' }) : null);
      }),
      s('text', { x: left, y: H - 8, class: 'axis' }, new Date(points[0].run.startedAt).toLocaleDateString()),
      s('text', { x: W - 4, y: H - 8, class: 'axis', 'text-anchor': 'end' }, new Date(points[points.length - 1].run.startedAt).toLocaleDateString())),
    h('figcaption', { class: 'muted' }, 'Records moved per run (inserted, updated, deleted), oldest on the left; failed records on top in red. ', summary));
}
