// Unsaved work: a view that holds edits registers a check; leaving the page (another route, log out, closing
// the tab) asks first while one says there is something unsaved.
import { modal, h } from './dom.js';

const checks = new Set();

/** @param check () → a sentence naming what would be lost, or null; returns the unregister function */
export function guardUnsaved(check) {
  checks.add(check);
  return () => checks.delete(check);
}

export function unsavedWork() {
  for (const check of checks) {
    const what = check();
    if (what) return what;
  }
  return null;
}

export function forgetGuards() {
  checks.clear();
}

/** @return whether the user chose to leave (true at once when nothing is unsaved) */
export async function mayLeave() {
  const what = unsavedWork();
  if (!what) return true;
  return (await modal('Leave without saving?', (close) => [
    h('p', {}, what, ' If you leave now, these changes are lost.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => close(false), autofocus: true }, 'Stay and keep editing'),
      h('button', { type: 'button', class: 'danger', onclick: () => close(true) }, 'Leave and discard')),
  ])) === true;
}

window.addEventListener('beforeunload', (e) => {
  if (unsavedWork()) {
    e.preventDefault();
    e.returnValue = '';
  }
});
