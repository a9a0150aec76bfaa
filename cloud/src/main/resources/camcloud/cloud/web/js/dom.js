// Small DOM helpers: build elements without innerHTML (nothing from the server is ever parsed as HTML).

/** h('button.primary', {type: 'button', onclick}, 'Save') — tag with optional .classes and #id. */
export function h(spec, props = {}, ...children) {
  const [, tag, rest] = /^([a-z0-9-]+)(.*)$/.exec(spec);
  const el = document.createElement(tag);
  for (const part of rest.match(/[.#][^.#]+/g) ?? []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value); // CSSOM: allowed under the strict CSP
    else if (key in el && !key.startsWith('aria') && key !== 'list' && key !== 'form') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** A polite live region for status messages: say('Saved'). */
export function say(region, text, kind = 'info') {
  region.textContent = text ?? '';
  region.dataset.kind = kind;
  region.hidden = !text;
}

/** Two-digit time of day of a Date in the browser's zone, e.g. 03:12:45. */
export function clock(date, seconds = true) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hourCycle: 'h23' });
}

export function relativeTime(date) {
  const s = Math.round((Date.now() - date.getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return date.toLocaleDateString();
}
