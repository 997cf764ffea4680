// Small DOM helpers: the console builds its markup with h() instead of innerHTML, so no API value is
// ever parsed as HTML (names "may hold any printable characters").

/** h('button', {class: 'primary', onclick: fn}, 'Save') → element. null/false children are skipped. */
export function h(tag, attrs, ...children) {
  const el = tag === 'svg' || attrs?.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false || key === 'svg') continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** An SVG element (the run chart): the same as h() in the SVG namespace. */
export function s(tag, attrs, ...children) {
  return h(tag, { ...attrs, svg: true }, ...children);
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A labelled form control with its help text and an error slot, wired with for/aria-describedby so
 * screen readers read all three. `name` is the API field path, used to place problem-body errors.
 * `widget` is shown in the control's place when the control sits inside one (a field picker's input).
 */
export function field({ label, control, help, name, required, widget }) {
  const id = control.id || (control.id = uid());
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  control.setAttribute('aria-describedby', `${helpId} ${errorId}`);
  if (required) control.required = true;
  const box = h('div', { class: 'field', dataset: { field: name || '' } },
    control.type === 'checkbox'
      ? h('label', { for: id, class: 'check' }, control, ' ', label)
      : [h('label', { for: id }, label, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null), widget || control],
    h('div', { class: 'help', id: helpId }, help || ''),
    h('div', { class: 'error', id: errorId }));
  return box;
}

/**
 * Choices as radio buttons in bordered boxes, each with an optional hint under its label. `name` groups
 * the inputs, so it must be unique on the page; `path` is the API field path problem bodies name (the
 * name if absent); `legend` is shown when given.
 */
export function radios(name, options, value, onchange, { legend, path = name, disabled = false } = {}) {
  return h('fieldset', { class: 'choices field', dataset: { field: path } }, h('legend', { class: legend ? null : 'sr-only' }, legend || name),
    options.map(([v, label, hint]) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: v, checked: v === value, disabled, onchange: () => onchange(v) }),
      h('span', {}, h('strong', {}, label), hint ? h('span', { class: 'muted block' }, hint) : null))),
    h('div', { class: 'error' }));
}

/** Shows a problem body (application/problem+json) on a form: field errors next to their fields. */
export function showProblem(form, error) {
  clearProblems(form);
  const problem = error.problem || { title: error.message };
  const unplaced = [];
  for (const e of problem.errors || []) {
    const box = findField(form, e.field);
    if (box) {
      box.classList.add('invalid');
      box.querySelector('.error').textContent = e.message;
      box.querySelector('input,select,textarea')?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(e.field ? `${e.field.replace(/^config\./, '')}: ${e.message}` : e.message);
    }
  }
  const summary = form.querySelector('.form-alert');
  const placed = (problem.errors || []).length - unplaced.length;
  if (summary) {
    // plain words: what is wrong, never the HTTP reason phrase ("Unprocessable Content") in front of it
    const text = placed && !unplaced.length
      ? (placed === 1 ? 'Please correct the highlighted field.' : `Please correct the ${placed} highlighted fields.`)
      : unplaced.length ? [placed ? `Please correct the ${placed} highlighted field(s), and:` : null, unplaced.join('; ')].filter(Boolean).join(' ')
        : plainWords(problem);
    summary.textContent = text;
    summary.hidden = false;
  }
  const first = form.querySelector('.invalid input, .invalid select, .invalid textarea');
  if (first) first.focus();
  else summary?.scrollIntoView({ block: 'nearest' });
}

/** A problem in a sentence: its detail, or its title where the server gave no detail. */
export function plainWords(problem) {
  return problem?.detail || problem?.title || 'Something went wrong.';
}

function findField(form, name) {
  if (!name) return null;
  const boxes = [...form.querySelectorAll('.field[data-field]')];
  // "config.baseUrl" is the field "config.baseUrl", but a form may name it just "baseUrl"
  return boxes.find((b) => b.dataset.field === name) || boxes.find((b) => b.dataset.field && name.endsWith(`.${b.dataset.field}`));
}

export function clearProblems(form) {
  form.querySelectorAll('.field.invalid').forEach((b) => {
    b.classList.remove('invalid');
    b.querySelector('.error').textContent = '';
    b.querySelector('[aria-invalid]')?.removeAttribute('aria-invalid');
  });
  const summary = form.querySelector('.form-alert');
  if (summary) summary.hidden = true;
}

export function formAlert() {
  return h('div', { class: 'form-alert', role: 'alert', hidden: true });
}

export function toast(message, kind = 'info') {
  const box = h('div', { class: ['toast', kind] }, message);
  document.getElementById('toasts').append(box);
  setTimeout(() => box.remove(), kind === 'error' ? 8000 : 4000);
}

/** A modal <dialog>; resolves with the value passed to close(), or null on Escape/Cancel. */
export function modal(title, build) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const dlg = h('dialog', { class: 'modal', 'aria-labelledby': titleId });
    const close = (value) => { dlg.close(); dlg.remove(); resolve(value ?? null); };
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(null); });
    mount(dlg, h('h2', { id: titleId }, title), build(close));
    document.body.append(dlg);
    dlg.showModal();
  });
}

export function confirmAction(text, action = 'Delete') {
  return modal('Please confirm', (close) => [
    h('p', {}, text),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', onclick: () => close(true) }, action),
      h('button', { type: 'button', onclick: () => close(false), autofocus: true }, 'Cancel')),
  ]);
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function duration(from, to) {
  if (!from) return '—';
  const ms = (to ? new Date(to) : new Date()) - new Date(from);
  if (ms < 1000) return `${ms} ms`;
  const sec = Math.round(ms / 1000);
  return sec < 120 ? `${sec} s` : `${Math.floor(sec / 60)} min ${sec % 60} s`;
}

export function statusBadge(status) {
  return h('span', { class: ['badge', `st-${String(status || '').toLowerCase()}`] }, status || '—');
}

/**
 * A panel shown in place, under what opened it (a task's preview, a leg's key map): `open()` shows it,
 * moves the focus to its heading, so keyboard users land on it, and loads it; `close()` hides it and fires
 * `panel-closed`, so the opener can take the focus back.
 */
export function inlinePanel(section, heading, load) {
  return {
    element: section,
    open() {
      section.hidden = false;
      heading.focus({ preventScroll: true });
      section.scrollIntoView({ block: 'start' });
      return load();
    },
    close() {
      section.hidden = true;
      section.dispatchEvent(new CustomEvent('panel-closed', { bubbles: true }));
    },
  };
}

/**
 * A table that scrolls sideways on a phone instead of breaking the page. `empty` is what an empty table says:
 * best the next step ("No connection yet: create one with New connection.").
 */
export function table(headers, rows, caption, empty = 'Nothing here yet.') {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', { class: 'empty' }, h('td', { colspan: headers.length, class: 'muted' }, empty)))));
}

/**
 * A search box that narrows a rendered table to the rows containing its words (any case), and says how many
 * are shown. `table` is the element table() returned, or a function answering it (for tables drawn again).
 */
export function tableFilter(label, target, items = 'tbody tr:not(.empty):not(.detail)') {
  const input = h('input', { type: 'search', 'aria-label': label, placeholder: label, class: 'table-filter' });
  const count = h('span', { class: 'muted filter-count', 'aria-live': 'polite' });
  const apply = () => {
    const wrap = typeof target === 'function' ? target() : target;
    if (!wrap) return;
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const rows = [...wrap.querySelectorAll(items)];
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase();
      const match = words.every((w) => text.includes(w));
      row.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = words.length ? `${shown} of ${rows.length} shown` : '';
  };
  input.addEventListener('input', apply);
  const box = h('div', { class: 'filter-bar' }, input, count);
  box.apply = apply;
  return box;
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map((o) => {
    const [v, label] = Array.isArray(o) ? o : [o, o];
    return h('option', { value: v, selected: v === value }, label);
  }));
}
