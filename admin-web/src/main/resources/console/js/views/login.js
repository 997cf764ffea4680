import { post, session } from '../api.js';
import { h, mount, field, formAlert, showProblem } from '../dom.js';

export function render(root) {
  const username = h('input', { name: 'username', autocomplete: 'username', autocapitalize: 'none' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password' });
  const form = h('form', { class: 'card login', novalidate: true },
    h('h1', {}, 'Log in to Ferry'),
    formAlert(),
    field({ label: 'User name', control: username, name: 'username', required: true }),
    field({ label: 'Password', control: password, name: 'password', required: true }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Log in')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      session.save(await post('/auth/token', { username: username.value.trim(), password: password.value }));
      const after = sessionStorage.getItem('ferry.after-login');
      sessionStorage.removeItem('ferry.after-login');
      location.hash = after && !after.startsWith('#/login') ? after : '#/projects';
    } catch (err) {
      showProblem(form, err.status === 401 ? { problem: { title: 'Wrong user name or password' } } : err);
      password.select();
    }
  });
  mount(root, h('div', { class: 'login-page' }, form));
  username.focus();
}
