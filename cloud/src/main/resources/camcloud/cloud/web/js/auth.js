// Sign in and sign up: one form, two modes, messages that say what to do next.

import { api, ApiError } from './api.js';
import { h, say } from './dom.js';

const MESSAGES = {
  signin: {
    401: 'Wrong username or password. Check both and try again.',
    429: 'Too many failed attempts. Wait a few minutes, then try again.',
  },
  signup: {
    409: 'That username is taken. Choose another one, or sign in if it is yours.',
  },
};

export function mountAuth(main, app, mode) {
  const signup = mode === 'signup';
  const message = h('p.form-message', { role: 'alert', id: 'auth-message', hidden: true });
  const username = h('input', {
    id: 'username-input', name: 'username', autocomplete: 'username', required: true,
    minLength: 3, maxLength: 32, autocapitalize: 'none', spellcheck: false,
    'aria-describedby': signup ? 'username-hint' : undefined,
  });
  const password = h('input', {
    id: 'password-input', name: 'password', type: 'password', required: true,
    minLength: signup ? 10 : undefined, maxLength: 256,
    autocomplete: signup ? 'new-password' : 'current-password',
    'aria-describedby': signup ? 'password-hint' : undefined,
  });
  const submit = h('button.primary', { type: 'submit' }, signup ? 'Create account' : 'Sign in');
  const form = h('form.card.auth', { novalidate: true, 'aria-labelledby': 'auth-title' },
    h('h1#auth-title', {}, signup ? 'Create your account' : 'Sign in to camcloud'),
    h('p.muted', {}, signup ? 'Then add your camera with the code on its label.' : 'Watch your cameras live and find what happened.'),
    message,
    h('label', { htmlFor: 'username-input' }, 'Username'),
    username,
    signup ? h('p.hint#username-hint', {}, '3–32 characters: letters, digits, . _ -') : null,
    h('label', { htmlFor: 'password-input' }, 'Password'),
    password,
    signup ? h('p.hint#password-hint', {}, 'At least 10 characters, not your username.') : null,
    submit,
    h('p.switch', {},
      signup ? 'Already have an account? ' : 'New to camcloud? ',
      h('a', { href: signup ? '#/signin' : '#/signup' }, signup ? 'Sign in' : 'Create an account')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    say(message, '');
    const name = username.value.trim();
    if (!name || !password.value) {
      say(message, 'Enter your username and password.', 'error');
      (name ? password : username).focus();
      return;
    }
    if (signup && password.value.length < 10) {
      say(message, 'The password must have at least 10 characters.', 'error');
      password.focus();
      return;
    }
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const user = signup ? await api.signUp(name, password.value) : await api.signIn(name, password.value);
      app.notify(signup ? `Welcome, ${user.username}.` : `Signed in as ${user.username}.`, 'ok');
      app.signedIn(user);
    } catch (e) {
      const text = (e instanceof ApiError && MESSAGES[mode][e.status]) || e.message;
      say(message, text, 'error');
      (e.status === 409 ? username : password).focus();
      if (e.status === 401) password.select();
    } finally {
      submit.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });

  main.append(h('section.auth-page', {}, form));
  username.focus();
  return () => {};
}
