import { all, post, put, del, enc, session } from '../api.js';
import { h, mount, table, field, formAlert, showProblem, clearProblems, toast, confirmAction, select, when, modal } from '../dom.js';

const ROLES = [['admin', 'admin — everything'], ['operator', 'operator — run, cancel, view'], ['viewer', 'viewer — read only']];

export async function render(root) {
  if (!session.isAdmin()) { mount(root, h('h1', {}, 'Users'), h('p', {}, 'Only admins manage users.')); return; }
  const list = h('div');
  async function load() {
    const users = await all('/users');
    mount(list, table(['User', 'Role', 'Created', h('span', { class: 'sr-only' }, 'Actions')], users.map((u) => h('tr', {},
      h('td', {}, u.username, u.username === session.get().username ? h('span', { class: 'muted' }, ' (you)') : null),
      h('td', {}, u.role), h('td', {}, when(u.createdAt)),
      h('td', { class: 'row-actions' },
        h('button', { type: 'button', onclick: () => change(u) }, 'Change'),
        h('button', { type: 'button', class: 'danger', onclick: () => remove(u) }, 'Delete')))), 'Users'));
  }
  async function change(u) {
    const done = await modal(`Change ${u.username}`, (close) => {
      const role = select(ROLES, u.role, { name: 'role' });
      const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password' });
      const form = h('form', { novalidate: true }, formAlert(), field({ label: 'Role', control: role, name: 'role' }),
        field({ label: 'New password', control: password, name: 'password', help: 'Leave empty to keep it. At least 12 characters. Changing it ends the user\'s sessions.' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save'), h('button', { type: 'button', onclick: () => close(null) }, 'Cancel')));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        try { close(await put(`/users/${enc(u.username)}`, { role: role.value, ...(password.value ? { password: password.value } : {}) })); } catch (err) { showProblem(form, err); }
      });
      return form;
    });
    if (done) { toast('User saved.', 'ok'); load(); }
  }
  async function remove(u) {
    if (!(await confirmAction(`Delete the user ${u.username}?`))) return;
    try { await del(`/users/${enc(u.username)}`); load(); } catch (err) { toast(err.message, 'error'); }
  }
  const username = h('input', { name: 'username', autocomplete: 'off' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password' });
  const role = select(ROLES, 'operator', { name: 'role' });
  const form = h('form', { class: 'card', novalidate: true }, h('h2', {}, 'Add a user'), formAlert(),
    h('div', { class: 'inline-fields' },
      field({ label: 'User name', control: username, name: 'username', required: true }),
      field({ label: 'Password', control: password, name: 'password', required: true, help: 'At least 12 characters.' }),
      field({ label: 'Role', control: role, name: 'role' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add user')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearProblems(form);
    try { await post('/users', { username: username.value.trim(), password: password.value, role: role.value }); form.reset(); toast('User added.', 'ok'); load(); } catch (err) { showProblem(form, err); }
  });
  mount(root, h('h1', {}, 'Users'), list, form);
  await load();
}
