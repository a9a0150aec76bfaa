// The operator dashboard (#/operator): firmware rollouts for operators only. Without the operator
// token nothing is shown but the sign-in form (and the API refuses). Signed in: every rollout with
// its state (and why it paused), a progress bar per wave, counts per camera state, the failure
// reasons with the cameras behind them, and the controls — start, pause, resume, cancel, go back.
// Refreshes itself every few seconds while the page is open.

import { ApiError } from './api.js';
import { operatorApi, operatorToken } from './operator-api.js';
import { h, say } from './dom.js';
import { relativeTime } from './time-format.js';

const REFRESH_MS = 3000;
/** Camera states in the order a camera goes through them (the counts show in this order). */
const STATES = ['pending', 'offered', 'downloading', 'installing', 'rebooted', 'healthy', 'failed', 'skipped'];
/** Which controls each rollout state offers. */
const CONTROLS = {
  draft: ['start', 'cancel'],
  running: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  completed: [],
  cancelled: [],
};
const LABELS = { start: 'Start', pause: 'Pause', resume: 'Resume', cancel: 'Cancel' };

export function mountOperatorRollouts(main, app) {
  document.title = 'Rollouts · camcloud operator';
  let timer = null;
  let stopped = false;
  /** Rollout ids whose going-back form is open: kept open across refreshes. */
  const goingBack = new Set();
  /** Those forms: the same element at every refresh, so what the operator typed stays. */
  const backForms = new Map();

  const message = h('p.form-message#operator-message', { role: 'status', 'aria-live': 'polite', hidden: true });
  const list = h('div.rollouts#rollout-list', { 'aria-live': 'polite', 'aria-busy': 'true' });
  const updated = h('span.muted#rollouts-updated');

  function signInForm(reason) {
    const token = h('input#operator-token', {
      type: 'password', required: true, autocomplete: 'off', spellcheck: false, maxLength: 512,
      'aria-describedby': 'operator-token-hint',
    });
    const error = h('p.form-message#operator-signin-message', { role: 'alert', hidden: !reason });
    if (reason) say(error, reason, 'error');
    const form = h('form.card.auth#operator-signin', { novalidate: true, 'aria-labelledby': 'operator-signin-title' },
      h('h1#operator-signin-title', {}, 'Operator sign-in'),
      h('p.muted', {}, 'Firmware rollouts are for the cloud’s operators.'),
      error,
      h('label', { htmlFor: 'operator-token' }, 'Operator token'),
      token,
      h('p.hint#operator-token-hint', {}, 'The node’s data/operator-token. Kept in this tab only.'),
      h('button.primary', { type: 'submit' }, 'Sign in'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!token.value.trim()) {
        say(error, 'Enter the operator token.', 'error');
        token.focus();
        return;
      }
      operatorToken.set(token.value.trim());
      showDashboard();
    });
    main.replaceChildren(h('section.auth-page', {}, form));
    token.focus();
  }

  function showDashboard() {
    main.replaceChildren(h('section.operator', { 'aria-labelledby': 'rollouts-title' },
      h('div.page-head', {},
        h('h1#rollouts-title', {}, 'Firmware rollouts'),
        h('span.operator-head', {}, updated,
          h('button.ghost.small#operator-signout', { type: 'button', onclick: signOut }, 'Forget token'))),
      message, list));
    refresh();
  }

  function signOut() {
    operatorToken.clear();
    clearTimeout(timer);
    signInForm();
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      const data = await operatorApi.rollouts();
      if (stopped) return;
      render(data?.rollouts ?? []);
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (stopped) return;
      if (e instanceof ApiError && e.status === 401) {
        operatorToken.clear();
        signInForm('The cloud refused this token. Check it and sign in again.');
        return;
      }
      say(message, e.message, 'error');
    }
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  }

  function render(rollouts) {
    list.removeAttribute('aria-busy');
    if (rollouts.length === 0) {
      list.replaceChildren(h('p.empty.card', {}, 'No rollouts yet. Release with scripts/publish-firmware or ',
        h('code', {}, 'camcloud firmware rollout create'), '.'));
      return;
    }
    // Keep what has focus (a control) when its rollout is drawn again.
    const focused = document.activeElement?.id;
    list.replaceChildren(...rollouts.map(card));
    if (focused) document.getElementById(focused)?.focus();
  }

  function card(r) {
    const id = String(r.id);
    return h(`article.card.rollout.state-${r.state}`, { dataset: { id, state: r.state }, 'aria-labelledby': `rollout-${id}-title` },
      h('header.rollout-head', {},
        h('h2', { id: `rollout-${id}-title` }, `#${id} · ${r.model} ${r.version}`),
        h(`span.rollout-state.${r.state}`, {}, r.state),
        h('span.muted', {}, r.createdAt ? `created ${relativeTime(r.createdAt)}` : '',
          r.drivenBy ? ` · driven by ${r.drivenBy}` : '')),
      r.pauseReason ? h('p.pause-reason', { role: 'note' }, `Paused: ${r.pauseReason}`) : null,
      r.goesBackFrom ? h('p.muted', {}, `Goes back from rollout #${r.goesBackFrom}.`) : null,
      h('ol.waves', { 'aria-label': `Waves of rollout ${id}` }, ...(r.waves ?? []).map((w) => wave(id, w))),
      h('p.counts', { 'aria-label': 'Cameras per state' }, ...counts(r.counts)),
      failures(r),
      controls(r),
      goingBack.has(id) ? goBackForm(r) : null);
  }

  function wave(id, w) {
    const c = w.counts ?? {};
    const total = w.cameras ?? Object.values(c).reduce((a, b) => a + b, 0);
    const healthy = c.healthy ?? 0;
    const failed = c.failed ?? 0;
    const busy = (c.offered ?? 0) + (c.downloading ?? 0) + (c.installing ?? 0) + (c.rebooted ?? 0);
    const share = (n) => `${total ? (100 * n) / total : 0}%`;
    const done = total ? Math.round((100 * (healthy + failed)) / total) : 0;
    return h(`li.wave.${w.state}`, { dataset: { index: String(w.index), state: w.state } },
      h('span.wave-label', {}, w.label ?? `wave ${w.index}`),
      h('div.bar', {
        role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(done),
        'aria-label': `Wave ${w.label}: ${healthy} of ${total} healthy, ${failed} failed`,
      },
      h('span.bar-healthy', { style: { width: share(healthy) } }),
      h('span.bar-failed', { style: { width: share(failed) } }),
      h('span.bar-busy', { style: { width: share(busy) } })),
      h('span.wave-numbers', {}, `${healthy}/${total} healthy`, failed ? ` · ${failed} failed` : '', ` · ${w.state}`));
  }

  function counts(c) {
    const present = STATES.filter((s) => (c?.[s] ?? 0) > 0);
    if (present.length === 0) return [h('span.muted', {}, 'No cameras.')];
    return present.map((s) => h(`span.count-chip.${s}`, { dataset: { state: s } },
      h('span.count-n', {}, String(c[s])), ` ${s}`));
  }

  function failures(r) {
    const f = r.failures ?? [];
    if (f.length === 0) return null;
    return h('div.failures', {},
      h('h3', {}, 'Failures'),
      h('ul', {}, ...f.map((x) => h('li.failure', { dataset: { reason: x.reason } },
        h('details', {},
          h('summary', {}, h('strong', {}, x.reason), ` · ${count(x)} ${count(x) === 1 ? 'camera' : 'cameras'}`),
          h('ul.failure-cameras', {}, ...(x.cameras ?? []).map((s) => h('li', {}, h('code', {}, s))),
            count(x) > (x.cameras ?? []).length ? h('li.muted', {}, `and ${count(x) - x.cameras.length} more`) : null))))));
  }

  /** A failure reason's number of cameras (the list may name only the first ones). */
  function count(failure) {
    return failure.count ?? failure.cameras?.length ?? 0;
  }

  function controls(r) {
    const id = String(r.id);
    const buttons = (CONTROLS[r.state] ?? []).map((action) => h(
      action === 'cancel' ? 'button.ghost' : 'button.primary',
      { type: 'button', id: `rollout-${id}-${action}`, onclick: () => control(r, action) },
      LABELS[action]));
    const canGoBack = (r.counts?.failed ?? 0) > 0 || (r.counts?.healthy ?? 0) > 0;
    if (canGoBack) {
      buttons.push(h('button.danger', {
        type: 'button', id: `rollout-${id}-goback`, 'aria-expanded': String(goingBack.has(id)),
        onclick: () => {
          if (goingBack.has(id)) goingBack.delete(id);
          else goingBack.add(id);
          refresh();
        },
      }, 'Go back…'));
    }
    return buttons.length ? h('div.actions.rollout-controls', {}, ...buttons) : null;
  }

  async function control(r, action) {
    if (action === 'cancel' && !confirm(`Cancel rollout #${r.id}? No camera will be offered ${r.version} any more.`)) return;
    try {
      await operatorApi.control(r.id, action);
      say(message, `Rollout #${r.id}: ${action} done.`, 'ok');
    } catch (e) {
      say(message, `Rollout #${r.id}: ${e.message}`, 'error');
    }
    refresh();
  }

  /** Going back: a version built from the previous release, higher than the bad one (anti-rollback). */
  function goBackForm(r) {
    const id = String(r.id);
    if (backForms.has(id)) return backForms.get(id);
    const version = h('input', { id: `rollout-${id}-back-version`, required: true, value: nextPatch(r.version), spellcheck: false });
    const which = h('select', { id: `rollout-${id}-back-cameras` },
      h('option', { value: 'failed' }, 'the failed cameras'),
      h('option', { value: 'updated' }, 'every updated camera'));
    const form = h('form.goback.stack', { novalidate: true },
      h('p.hint', {}, 'Cameras refuse an older version. Build the previous release again under a higher version, sign and publish it — ',
        h('code', {}, `camcloud firmware rollout rollback ${id} --from-version … --key …`), ' does all of it — or, when it is published, send it here.'),
      h('label', { htmlFor: version.id }, 'Version to send (published, higher than ' + r.version + ')'), version,
      h('label', { htmlFor: which.id }, 'Send it to'), which,
      h('div.actions', {}, h('button.danger', { type: 'submit', id: `rollout-${id}-back-submit` }, 'Go back')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const back = await operatorApi.rollback(r.id, version.value.trim(), which.value);
        goingBack.delete(id);
        backForms.delete(id);
        say(message, `Going back: rollout #${back.id} sends ${back.version} to the ${which.value} cameras of #${id}.`, 'ok');
      } catch (e) {
        say(message, `Going back from #${id}: ${e.message}`, 'error');
      }
      refresh();
    });
    backForms.set(id, form);
    return form;
  }

  if (operatorToken.get()) showDashboard();
  else signInForm();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** 1.2.0 → 1.2.1: the default version to go back with. */
function nextPatch(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : '';
}
