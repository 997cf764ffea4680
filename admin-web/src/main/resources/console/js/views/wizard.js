// New project: name → template → connection set (only the compatible ones) → organization mapping →
// the Privacy Notice and Consent page, whose Create button sends the consent.
import { all, post } from '../api.js';
import { h, mount, field, formAlert, showProblem, clearProblems, toast, radios } from '../dom.js';
import { templateOf } from './templates.js';

const STEPS = ['Name', 'Template', 'Connection set', 'Organization mapping', 'Privacy notice and consent'];

export async function render(root) {
  const [templates, sets, connections] = await Promise.all([all('/templates'), all('/connection-sets'), all('/connections')]);
  const typeOf = Object.fromEntries(connections.map((c) => [c.id, c.type]));
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const state = { step: 0, name: '', template: params.get('template') || '', set: '', mapping: '', consent: false };
  const list = templates.map(templateOf);

  // A set fits a template when every role the template names is in the set with a connection of the
  // right type; a set may hold more connections than the template needs (the seed's rule).
  const fits = (set, template) => !template || template.roles.every((r) => typeOf[set.connections[r.role]] === r.connectorType);
  const chosenTemplate = () => list.find((t) => t.id === state.template);

  const form = h('form', { novalidate: true, class: 'card wizard' });
  const steps = h('ol', { class: 'steps' });

  function renderStep() {
    mount(steps, STEPS.map((label, i) => h('li', { 'aria-current': i === state.step ? 'step' : null, class: i < state.step ? 'done' : '' }, label)));
    const body = [stepBody()].flat();
    mount(form, h('h2', { tabindex: -1 }, `Step ${state.step + 1} of ${STEPS.length}: ${STEPS[state.step]}`), formAlert(), body,
      h('div', { class: 'actions' },
        state.step > 0 ? h('button', { type: 'button', onclick: () => { state.step -= 1; renderStep(); } }, 'Back') : null,
        state.step < STEPS.length - 1 ? h('button', { type: 'submit', class: 'primary' }, 'Next')
          : h('button', { type: 'submit', class: 'primary' }, 'Create')));
    form.querySelector('h2').focus();
  }

  function stepBody() {
    switch (state.step) {
      case 0: {
        const input = h('input', { name: 'name', value: state.name, oninput: (e) => { state.name = e.target.value; } });
        return field({ label: 'Project name', control: input, name: 'name', required: true, help: 'Any printable characters.' });
      }
      case 1:
        return radios('template', [['', 'Blank project', 'No tasks: add them on the project page.'],
          ...list.map((t) => [t.id, t.name, `${t.description || ''} Needs: ${t.roles.map((r) => `${r.role} (${r.connectorType})`).join(', ')}.`])],
        state.template, (v) => { state.template = v; state.set = ''; state.mapping = ''; });
      case 2: {
        const usable = sets.filter((s) => fits(s, chosenTemplate()));
        const hidden = sets.length - usable.length;
        return [usable.length ? radios('connectionSet', usable.map((s) => [s.id, s.name,
          Object.entries(s.connections).map(([role, id]) => `${role}: ${connections.find((c) => c.id === id)?.name || id}`).join(' · ')]),
        state.set, (v) => { state.set = v; state.mapping = ''; })
          : h('p', { class: 'form-alert', role: 'alert' }, 'No connection set has the connections this template needs. ', h('a', { href: '#/connection-sets/new' }, 'Create a connection set'), ' first.'),
        hidden ? h('p', { class: 'muted' }, `${hidden} connection set(s) are not shown: they lack a connection of a type the template needs.`) : null];
      }
      case 3: {
        const set = sets.find((s) => s.id === state.set);
        if (!set?.organizationMappings.length) return h('p', { class: 'form-alert', role: 'alert' }, 'This connection set has no organization mapping. Add one to the connection set first.');
        return radios('organizationMapping', set.organizationMappings.map((m) => [m.name, m.name,
          Object.entries(m.units).map(([role, unit]) => `${role}: ${unit}`).join(' · ')]), state.mapping, (v) => { state.mapping = v; });
      }
      default: {
        const box = h('input', { type: 'checkbox', name: 'consent', checked: state.consent, onchange: (e) => { state.consent = e.target.checked; } });
        return [consentNotice(),
        h('p', { class: 'muted' }, `Project '${state.name}' · ${chosenTemplate()?.name || 'blank'} · ${sets.find((s) => s.id === state.set)?.name} · ${state.mapping}`),
        field({ label: 'I have read this notice, and I am authorized to allow this data movement.', control: box, name: 'consent' })];
      }
    }
  }

  function check() {
    const problem = [
      () => !state.name.trim() && 'Give the project a name.',
      () => false,
      () => !state.set && 'Choose a connection set.',
      () => !state.mapping && 'Choose an organization mapping.',
      () => !state.consent && 'The project is only created with your consent.'][state.step]();
    if (problem) showProblem(form, { problem: { title: problem } });
    return !problem;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    if (!check()) return;
    if (state.step < STEPS.length - 1) { state.step += 1; renderStep(); return; }
    try {
      const created = await post('/projects', { name: state.name.trim(), template: state.template || null, connectionSet: state.set,
        organizationMapping: state.mapping, consent: { accepted: true } });
      toast(`Project '${created.name}' created.`, 'ok');
      location.hash = `#/projects/${encodeURIComponent(created.id)}`;
    } catch (err) { showProblem(form, err); }
  });

  renderStep();
  mount(root, h('p', { class: 'crumbs' }, h('a', { href: '#/projects' }, 'Projects'), ' / '), h('h1', {}, 'New project'), steps, form);
  form.querySelector('input')?.focus();
}

/** The privacy notice every new project is created under (the wizard's and the import's). */
export function consentNotice() {
  return h('div', { class: 'notice' },
    h('p', {}, 'Creating this project moves data between the connected systems. There are two areas of concern:'),
    h('ul', {},
      h('li', {}, 'Data from a high-compliance system may be brought into a less-compliant system.'),
      h('li', {}, 'Data may move between regions, such as North America and Europe.')),
    h('p', {}, 'Make sure the right people give this consent. The project is not created without it, and your consent is recorded (who, when and which version of this notice) in the audit log.'));
}
