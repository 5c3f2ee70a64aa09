// The reference window page: call the next number of a line, then mark it served or absent. It
// speaks only the calling-system API of the OpenAPI contract (POST /v1/calls).
const $ = (id) => document.getElementById(id);
let token = null;
let windowName = '';
let current = null;

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children)
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
};

async function call(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: {
      authorization: `Bearer fleet.${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(body?.message ?? `HTTP ${response.status}`);
  return body;
}

async function report(action, number, line) {
  await call('/v1/calls', {
    method: 'POST',
    body: JSON.stringify({ number, line, action, window: windowName }),
  });
}

async function refresh() {
  const queue = await call('/window/api/queue');
  const host = $('lines');
  host.replaceChildren();
  for (const line of queue.lines) {
    host.append(
      el(
        'div',
        { class: 'card' },
        el('h3', {}, `${line.line} 线：等候 ${line.waiting} 人`),
        el(
          'button',
          {
            type: 'button',
            'data-line': line.line,
            ...(line.next ? {} : { disabled: '' }),
            onclick: async () => {
              await report('called', line.next, line.line);
              current = { number: line.next, line: line.line };
              show();
              await refresh();
            },
          },
          line.next ? `叫号 ${line.next}` : '无人等候',
        ),
      ),
    );
  }
  document.body.dataset.ready = 'true';
}

function show() {
  const host = $('current');
  host.replaceChildren();
  if (!current) {
    host.append('尚未叫号');
    return;
  }
  host.append(
    `请 ${current.number} 号到 ${windowName}`,
    el(
      'button',
      {
        type: 'button',
        onclick: async () => {
          await report('served', current.number, current.line);
          current = null;
          show();
          await refresh();
        },
      },
      '已办结',
    ),
    el(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          await report('no-show', current.number, current.line);
          current = null;
          show();
          await refresh();
        },
      },
      '过号',
    ),
  );
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  windowName = $('window-name').value.trim();
  try {
    await refresh();
    $('login').hidden = true;
    $('app').hidden = false;
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});
