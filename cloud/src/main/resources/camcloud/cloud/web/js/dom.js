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

// Times and dates: time-format.js.

const ICONS = {
  fullscreen: ['M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5', 'stroke'],
  play: ['M7 4.5v15l12.5-7.5z', 'fill'],
  pause: ['M6 4.5h4v15H6zM14 4.5h4v15h-4z', 'fill'],
};

/** A small inline SVG icon (decorative: the button carries the accessible name). */
export function icon(name) {
  const [d, mode] = ICONS[name];
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '18');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  if (mode === 'stroke') {
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '2');
    path.setAttribute('stroke-linecap', 'round');
  } else {
    path.setAttribute('fill', 'currentColor');
  }
  svg.append(path);
  return svg;
}
