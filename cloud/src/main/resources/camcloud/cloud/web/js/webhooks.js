// Webhooks (account page): the account's URLs that receive events as signed POSTs. Add one (its
// secret, for checking the X-Camcloud-Signature, is shown once), delete one, send a test, and read
// its delivery log (delivered, retrying, failed, dropped, with the endpoint's answer).

import { api, optional } from './api.js';
import { h, say } from './dom.js';
import { relativeTime } from './time-format.js';

const KINDS = [
  ['motion', 'Motion'],
  ['sound', 'Sound'],
  ['day_night', 'Day/night'],
  ['camera.offline', 'Camera offline'],
  ['camera.online', 'Camera online'],
];

export function webhooksCard(app) {
  const list = h('ul.webhook-list#webhook-list', { 'aria-label': 'Webhooks' });
  const url = h('input#webhook-url', { type: 'url', required: true, maxLength: 2000, placeholder: 'https://example.com/camcloud', autocomplete: 'off', spellcheck: false });
  const kinds = KINDS.map(([id]) => h('input', { type: 'checkbox', id: `webhook-kind-${id.replace('.', '-')}`, value: id, checked: true }));
  const message = h('p.form-message#webhook-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const secret = h('div.secret#webhook-secret', { hidden: true });
  const form = h('form.card.stack#webhook-form', { novalidate: true, 'aria-labelledby': 'webhook-title' },
    h('h2#webhook-title', {}, 'Webhooks'),
    h('p.muted', {}, 'Each event is POSTed as JSON, signed: X-Camcloud-Signature is v1=HMAC-SHA256(secret, timestamp + "." + body).'),
    list,
    h('label', { htmlFor: 'webhook-url' }, 'New webhook URL'), url,
    h('fieldset.choices.kinds', {}, h('legend', {}, 'Send'),
      ...KINDS.map(([, label], i) => h('label.choice', { htmlFor: kinds[i].id }, kinds[i], h('span', {}, label)))),
    h('div.actions', {}, h('button.primary#webhook-add', { type: 'submit' }, 'Add webhook')),
    secret, message);

  async function load() {
    try {
      const all = await app.guard(() => optional(() => api.webhooks(), undefined));
      if (all === undefined) {
        form.hidden = true;
        return;
      }
      if (!all) return;
      const hooks = all.webhooks ?? [];
      list.replaceChildren(...(hooks.length === 0 ? [h('li.muted', {}, 'No webhooks.')] : hooks.map(item)));
    } catch (e) {
      say(message, e.message, 'error');
    }
  }

  function item(hook) {
    const log = h('ul.delivery-log', { hidden: true, 'aria-label': `Deliveries to ${hook.url}` });
    const showLog = async () => {
      if (!log.hidden) {
        log.hidden = true;
        return;
      }
      try {
        const d = await app.guard(() => api.webhookDeliveries(hook.id));
        if (!d) return;
        const rows = d.deliveries ?? [];
        log.replaceChildren(...(rows.length === 0 ? [h('li.muted', {}, 'Nothing sent yet.')] : rows.map((r) => h(`li.delivery.${r.status}`, {},
          h('span.delivery-status', {}, r.status), ' ', r.kind, ' · ',
          r.httpStatus ? `HTTP ${r.httpStatus}` : r.error ?? '', ` · ${r.attempts} ${r.attempts === 1 ? 'attempt' : 'attempts'}`,
          r.at ? ` · ${relativeTime(Date.parse(r.at))}` : ''))));
        log.hidden = false;
      } catch (e) {
        say(message, e.message, 'error');
      }
    };
    return h('li.webhook', { dataset: { id: String(hook.id) } },
      h('div.webhook-head', {},
        h('code.webhook-url', {}, hook.url),
        h('span.muted', {}, (hook.events ?? []).join(', ')),
        h('span.webhook-actions', {},
          h('button.ghost.small', { type: 'button', onclick: () => test(hook) }, 'Send test'),
          h('button.ghost.small', { type: 'button', onclick: showLog }, 'Delivery log'),
          h('button.ghost.small', { type: 'button', 'aria-label': `Delete webhook ${hook.url}`, onclick: () => remove(hook) }, 'Delete'))),
      log);
  }

  async function test(hook) {
    try {
      await app.guard(() => api.testWebhook(hook.id));
      say(message, 'Test sent. Its delivery shows in the log.', 'ok');
    } catch (e) {
      say(message, e.message, 'error');
    }
  }

  async function remove(hook) {
    if (!window.confirm(`Stop sending events to ${hook.url}?`)) return;
    try {
      await app.guard(() => api.deleteWebhook(hook.id));
      say(message, 'Webhook deleted.', 'ok');
      await load();
    } catch (e) {
      say(message, e.message, 'error');
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    say(message, '');
    secret.hidden = true;
    const value = url.value.trim();
    if (!/^https?:\/\/\S+$/i.test(value)) {
      say(message, 'Enter an http:// or https:// URL.', 'error');
      url.focus();
      return;
    }
    const chosen = kinds.filter((k) => k.checked).map((k) => k.value);
    if (chosen.length === 0) {
      say(message, 'Choose at least one kind of message to send.', 'error');
      return;
    }
    try {
      const created = await app.guard(() => api.addWebhook(value, chosen));
      if (!created) return;
      url.value = '';
      secret.replaceChildren(
        h('p', {}, h('strong', {}, 'Its secret, shown this once:')),
        h('code.secret-value#webhook-secret-value', {}, created.secret ?? ''),
        h('p.hint', {}, 'Keep it where your endpoint checks the signature. It cannot be shown again.'));
      secret.hidden = false;
      await load();
    } catch (err) {
      say(message, err.message, 'error');
    }
  });
  load();
  return form;
}
