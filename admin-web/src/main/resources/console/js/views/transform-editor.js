// The transform editor of one mapping: a chain of transforms, each with a form built from the
// transform's declared parameters (a grid for value maps), and a JSON view of the whole chain — the
// Data Integrator showed transforms as JSON, and some users still prefer to paste it.
import { all } from '../api.js';
import { h, mount, modal, field, uid, select } from '../dom.js';

let catalog = null;
const transforms = () => (catalog ||= all('/transforms').catch((e) => { catalog = null; throw e; }));

/** Resolves with the new transform list, or null when cancelled. */
export async function editTransforms(mapping, readOnly) {
  const types = await transforms();
  let chain = JSON.parse(JSON.stringify(mapping.transforms || []));
  let jsonView = false;
  return modal(`Transforms of ${mapping.target || 'the field'}${mapping.source ? ` ← ${mapping.source}` : ''}`, (close) => {
    const body = h('div', { class: 'transform-body' });
    const error = h('div', { class: 'form-alert', role: 'alert', hidden: true });
    const toggle = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => switchView() }, 'JSON view');
    const json = h('textarea', { class: 'mono json', rows: 14, spellcheck: 'false', 'aria-label': 'Transforms as JSON', readonly: readOnly });

    function switchView() {
      if (jsonView && !readJson()) return;
      jsonView = !jsonView;
      toggle.setAttribute('aria-pressed', String(jsonView));
      toggle.textContent = jsonView ? 'Form view' : 'JSON view';
      render();
    }
    function readJson() {
      try {
        const parsed = JSON.parse(json.value || '[]');
        if (!Array.isArray(parsed) || parsed.some((t) => typeof t !== 'object' || !t || typeof t.type !== 'string')) {
          throw new Error('Expected a list of objects, each with a "type".');
        }
        chain = parsed;
        error.hidden = true;
        return true;
      } catch (e) {
        error.textContent = `The JSON is not valid: ${e.message}`;
        error.hidden = false;
        json.focus();
        return false;
      }
    }
    function render() {
      if (jsonView) {
        json.value = JSON.stringify(chain, null, 2);
        mount(body, h('p', { class: 'muted' }, 'The transforms in order, as the API stores them: [{"type": "…", parameters…}].'), json);
        return;
      }
      const add = select([['', 'Add a transform…'], ...types.map((t) => [t.type, t.displayName])], '', { 'aria-label': 'Add a transform', disabled: readOnly });
      add.addEventListener('change', () => {
        if (!add.value) return;
        chain.push({ type: add.value, ...(add.value === 'ValueMap' ? { valueMap: {} } : {}) });
        render();
        body.querySelector('.step:last-of-type select, .step:last-of-type input')?.focus();
      });
      mount(body,
        chain.length ? null : h('p', { class: 'muted' }, 'No transform: the source value is copied as it is (=).'),
        chain.map((step, i) => stepEditor(step, i)),
        readOnly ? null : add);
    }
    function stepEditor(step, i) {
      const type = types.find((t) => t.type === step.type);
      const headingId = uid('step');
      return h('section', { class: 'step card', 'aria-labelledby': headingId },
        h('div', { class: 'step-head' },
          h('h3', { id: headingId }, `${i + 1}. ${type?.displayName || step.type}`),
          readOnly ? null : h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'icon', disabled: i === 0, 'aria-label': `Move ${step.type} up`, onclick: () => { chain.splice(i - 1, 0, chain.splice(i, 1)[0]); render(); } }, '↑'),
            h('button', { type: 'button', class: 'icon', disabled: i === chain.length - 1, 'aria-label': `Move ${step.type} down`, onclick: () => { chain.splice(i + 1, 0, chain.splice(i, 1)[0]); render(); } }, '↓'),
            h('button', { type: 'button', class: 'icon danger', 'aria-label': `Remove ${step.type}`, onclick: () => { chain.splice(i, 1); render(); } }, '✕'))),
        type ? h('p', { class: 'muted' }, type.description) : h('p', { class: 'form-alert' }, `Transform '${step.type}' is not deployed.`),
        (type?.parameters || []).map((p) => parameterEditor(step, p, readOnly)));
    }

    render();
    return [error, h('div', { class: 'actions' }, toggle), body,
      h('div', { class: 'actions' },
        readOnly ? null : h('button', { type: 'button', class: 'primary', onclick: () => { if (!jsonView || readJson()) close(clean(chain)); } }, 'Apply'),
        h('button', { type: 'button', onclick: () => close(null) }, readOnly ? 'Close' : 'Cancel'))];
  });
}

function parameterEditor(step, p, readOnly) {
  const set = (v) => { if (v === '' || v === null || v === undefined) delete step[p.name]; else step[p.name] = v; };
  const help = [p.description, p.required ? null : '(optional)'].filter(Boolean).join(' ');
  switch (p.type) {
    case 'MAP': return valueMapGrid(step, p, readOnly);
    case 'BOOLEAN': {
      const control = select([['', 'default'], ['true', 'yes'], ['false', 'no']], step[p.name] === undefined ? '' : String(step[p.name]),
        { disabled: readOnly, onchange: (e) => set(e.target.value === '' ? null : e.target.value === 'true') });
      return field({ label: p.label, control, help, name: p.name });
    }
    case 'INTEGER':
    case 'DECIMAL': {
      const control = h('input', { type: 'number', step: p.type === 'INTEGER' ? 1 : 'any', value: step[p.name] ?? '', readonly: readOnly,
        oninput: (e) => set(e.target.value === '' ? null : Number(e.target.value)) });
      return field({ label: p.label, control, help, name: p.name, required: p.required });
    }
    case 'LIST': {
      const control = h('textarea', { rows: 3, class: 'mono', readonly: readOnly, value: (step[p.name] || []).join('\n'),
        oninput: (e) => set(e.target.value.split('\n').filter((x) => x !== '')) });
      return field({ label: p.label, control, help: `${help} One per line.`, name: p.name, required: p.required });
    }
    default: {
      const control = h('input', { type: 'text', value: step[p.name] ?? '', readonly: readOnly, oninput: (e) => set(e.target.value) });
      return field({ label: p.label, control, help, name: p.name, required: p.required });
    }
  }
}

/** The value map as a grid of "source value → destination value"; a blank source value is the default. */
function valueMapGrid(step, p, readOnly) {
  const rows = Object.entries(step[p.name] || {}).map(([from, to]) => ({ from, to: to ?? '' }));
  const tbody = h('tbody');
  const sync = () => {
    step[p.name] = Object.fromEntries(rows.filter((r) => r.from !== '' || r.to !== '').map((r) => [r.from, r.to]));
  };
  function render() {
    mount(tbody, rows.map((r, i) => h('tr', {},
      h('td', {}, h('input', { value: r.from, readonly: readOnly, placeholder: '(default)', 'aria-label': `Source value ${i + 1}`, oninput: (e) => { r.from = e.target.value; sync(); } })),
      h('td', { 'aria-hidden': 'true' }, '→'),
      h('td', {}, h('input', { value: r.to, readonly: readOnly, 'aria-label': `Destination value ${i + 1}`, oninput: (e) => { r.to = e.target.value; sync(); } })),
      h('td', {}, readOnly ? null : h('button', { type: 'button', class: 'icon', 'aria-label': `Remove row ${i + 1}`, onclick: () => { rows.splice(i, 1); sync(); render(); } }, '✕')))));
  }
  render();
  return h('fieldset', { class: 'value-map field', dataset: { field: p.name } }, h('legend', {}, p.label),
    h('p', { class: 'muted' }, 'Leave the source value blank to give the default for values not listed.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Source value'), h('th', {}), h('th', { scope: 'col' }, 'Destination value'), h('th', {}))),
      tbody)),
    readOnly ? null : h('button', { type: 'button', onclick: () => { rows.push({ from: '', to: '' }); render(); tbody.querySelector('tr:last-child input').focus(); } }, 'Add value'),
    h('div', { class: 'error' }));
}

function clean(chain) {
  return chain.filter((t) => t && t.type);
}
