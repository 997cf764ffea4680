// Projects as code, outward: the export shown as the server wrote it (sorted keys, indented, so a
// change is a small diff), with a download and a copy button. The download is an <a download> on a
// blob: URL: the console's CSP governs what the page loads, not what the user saves.
import { getText, enc } from '../api.js';
import { h, modal, toast } from '../dom.js';

/** The export of one project (`project` given) or of all projects. */
export async function showExport(project) {
  let text;
  try { text = await getText(project ? `/projects/${enc(project.id)}/export` : '/projects/export'); } catch (err) { toast(err.message, 'error'); return; }
  const file = `${project ? slug(project.name) : 'ferry-projects'}.json`;
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  await modal(project ? `Export of ${project.name}` : 'Export of all projects', (close) => {
    const area = h('textarea', { class: 'json code-view', readonly: true, spellcheck: 'false', rows: 18, 'aria-label': 'Exported JSON', value: text });
    const copied = h('span', { class: 'muted', 'aria-live': 'polite' });
    async function copy() {
      try { await navigator.clipboard.writeText(text); copied.textContent = 'Copied.'; } catch {
        // no clipboard permission (an insecure origin, say): select it so Ctrl+C works
        area.focus(); area.select(); copied.textContent = 'Selected: press Ctrl+C to copy.';
      }
    }
    return [
      h('p', { class: 'muted' }, 'Without ids, connections or secrets. Import it onto another connection set from the Projects page.'),
      area,
      h('div', { class: 'actions' },
        h('a', { class: 'button primary', href: url, download: file }, `Download ${file}`),
        h('button', { type: 'button', onclick: copy }, 'Copy'),
        h('button', { type: 'button', onclick: () => close(null) }, 'Close'), copied)];
  });
  URL.revokeObjectURL(url);
}

/** A file name from any project name ("may hold any printable characters"). */
function slug(name) {
  return String(name).normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'project';
}
