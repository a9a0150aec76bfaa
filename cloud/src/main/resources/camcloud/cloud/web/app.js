// The minimal camcloud page: sign up / sign in, add a camera by its claim code, list cameras.
// Talks only to the JSON API (see /api/openapi.yaml); the session is an HttpOnly cookie this
// script never sees. A stand-in until the real web UI.

const $ = (selector) => document.querySelector(selector);

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(data?.error ?? `request failed (${response.status})`);
  }
  return data;
}

function show(message) {
  $('#message').textContent = message ?? '';
  $('#message').hidden = !message;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  return td;
}

async function renderCameras() {
  const cameras = await api('GET', '/api/cameras');
  const rows = cameras.map((camera) => {
    const tr = document.createElement('tr');
    tr.append(
      cell(camera.name),
      cell(camera.online ? 'online' : 'offline', camera.online ? 'online' : 'offline'),
      cell(camera.lastSeen ? new Date(camera.lastSeen).toLocaleString() : 'never'),
      cell(camera.model),
      cell(camera.firmwareVersion),
      cell(camera.serial));
    const release = document.createElement('button');
    release.type = 'button';
    release.textContent = 'Remove';
    release.addEventListener('click', () => run(async () => {
      if (confirm(`Remove ${camera.name}? Its label's code can add it again.`)) {
        await api('DELETE', `/api/cameras/${encodeURIComponent(camera.serial)}`);
        await renderCameras();
      }
    }));
    const actions = document.createElement('td');
    actions.append(release);
    tr.append(actions);
    return tr;
  });
  $('#cameras tbody').replaceChildren(...rows);
  $('#none').hidden = cameras.length > 0;
}

async function render() {
  let me = null;
  try {
    me = await api('GET', '/api/me');
  } catch {
    me = null;
  }
  $('#signed-out').hidden = me !== null;
  $('#signed-in').hidden = me === null;
  $('#who').hidden = me === null;
  if (me) {
    $('#username').textContent = me.username;
    await renderCameras();
  }
}

async function run(action) {
  try {
    show(null);
    await action();
  } catch (error) {
    show(error.message);
  }
}

$('#auth').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const path = event.submitter?.value === 'signup' ? '/api/auth/signup' : '/api/auth/signin';
  run(async () => {
    await api('POST', path, { username: form.get('username'), password: form.get('password') });
    event.target.reset();
    await render();
  });
});

$('#claim').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  run(async () => {
    await api('POST', '/api/cameras/claim', { code: form.get('code'), name: form.get('name') });
    event.target.reset();
    await renderCameras();
  });
});

$('#signout').addEventListener('click', () => run(async () => {
  await api('POST', '/api/auth/signout');
  await render();
}));

run(render);
setInterval(() => {
  if (!$('#signed-in').hidden) run(renderCameras);
}, 10000);
