// The console for the hall director and the city: figures, fleet and follow-ups. Plain DOM, no
// framework; every value from the server is set as text, never as markup.
const tokenKey = 'gov-kiosk-console-token';
const outcomeNames = {
  ticket: '通过取号',
  notice: '一次性告知',
  commitment: '容缺承诺',
  'not-accepted': '不予受理',
};
const stateNames = {
  open: '待处理',
  'due-soon': '即将到期',
  overdue: '已逾期',
  restricted: '逾期超宽限（已列入限制）',
  received: '材料已收',
  closed: '已办结',
};
const kindNames = { help: '呼叫求助', rating: '差评回访', commitment: '承诺补交' };

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children)
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
};
const svg = (tag, attrs = {}, ...children) => {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children)
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
};
const pct = (value) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
const minutes = (value) => (value === null || value === undefined ? '—' : `${value.toFixed(1)} 分钟`);

let token = sessionStorage.getItem(tokenKey);

async function api(path, init = {}) {
  const response = await fetch(path, {
    ...init,
    headers: {
      authorization: `Bearer fleet.${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  if (response.status === 401) {
    sessionStorage.removeItem(tokenKey);
    token = null;
    showLogin('凭据无效或已失效，请重新登录。');
    throw new Error('unauthorized');
  }
  const body = response.headers.get('content-type')?.includes('json')
    ? await response.json()
    : await response.text();
  if (!response.ok) throw new Error(body?.message ?? `HTTP ${response.status}`);
  return body;
}

function showLogin(message = '') {
  $('login').hidden = false;
  $('app').hidden = true;
  $('login-error').textContent = message;
}

/** Downloads go through fetch (the credential is a header, never in a URL). */
function wireDownload(id, path, filename) {
  $(id).onclick = async (event) => {
    event.preventDefault();
    const response = await fetch(path(), { headers: { authorization: `Bearer fleet.${token}` } });
    const blob = await response.blob();
    const link = el('a', { href: URL.createObjectURL(blob), download: filename });
    link.click();
    URL.revokeObjectURL(link.href);
  };
}

/** Settled on this visit (ticket or commitment) over the cases the hall could accept. */
function itemShare(item) {
  const acceptable = item.total - item.counts['not-accepted'];
  return acceptable === 0 ? null : (item.counts.ticket + item.counts.commitment) / acceptable;
}

function outcomeChart(period) {
  const items = period.items.slice(0, 12);
  const width = 640;
  const row = 28;
  const left = 190;
  const height = items.length * row + 24;
  const max = Math.max(1, ...items.map((item) => item.total));
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-label': `${period.period} 各事项预审结果`,
  });
  items.forEach((item, index) => {
    const y = index * row + 4;
    chart.append(svg('text', { x: left - 8, y: y + 16, 'text-anchor': 'end' }, item.itemCode));
    let x = left;
    for (const outcome of ['ticket', 'notice', 'commitment', 'not-accepted']) {
      const count = item.counts[outcome];
      if (!count) continue;
      const w = (count / max) * (width - left - 60);
      chart.append(
        svg(
          'rect',
          {
            x,
            y,
            width: w,
            height: row - 8,
            class: `bar-${outcome}`,
            fill: `var(--${outcome === 'not-accepted' ? 'refused' : outcome})`,
          },
          svg('title', {}, `${outcomeNames[outcome]} ${count}`),
        ),
      );
      x += w;
    }
    chart.append(svg('text', { x: x + 6, y: y + 16 }, item.total));
  });
  return chart;
}

function waitChart(period) {
  const lines = period.lines;
  const width = 640;
  const row = 28;
  const left = 60;
  const height = lines.length * row + 30;
  const max = Math.max(
    1,
    ...lines.map((line) => line.averageWaitMinutes ?? 0),
    period.hallAverageWaitMinutes ?? 0,
  );
  const scale = (value) => left + (value / max) * (width - left - 170);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    role: 'img',
    'aria-label': `${period.period} 各业务线平均等候与全厅平均`,
  });
  lines.forEach((line, index) => {
    const y = index * row + 4;
    chart.append(svg('text', { x: left - 8, y: y + 16, 'text-anchor': 'end' }, `${line.line} 线`));
    const w = scale(line.averageWaitMinutes ?? 0) - left;
    chart.append(
      svg('rect', {
        x: left,
        y,
        width: Math.max(w, 1),
        height: row - 8,
        fill: line.tidal ? 'var(--bad)' : 'var(--brand)',
      }),
    );
    chart.append(
      svg(
        'text',
        { x: left + w + 6, y: y + 16 },
        `${minutes(line.averageWaitMinutes)}${line.tidal ? ' ⚠ 潮汐' : ''}`,
      ),
    );
  });
  if (period.hallAverageWaitMinutes !== null) {
    const x = scale(period.hallAverageWaitMinutes);
    chart.append(
      svg('line', { x1: x, x2: x, y1: 0, y2: height - 18, stroke: 'var(--ink)', 'stroke-dasharray': '4 3' }),
    );
    chart.append(
      svg('text', { x: x + 4, y: height - 4 }, `全厅平均 ${minutes(period.hallAverageWaitMinutes)}`),
    );
  }
  return chart;
}

async function loadFigures() {
  const by = $('period').value;
  const { figures } = await api(`/console/api/figures?by=${by}`);
  const host = $('figures');
  host.replaceChildren();
  $('alerts').replaceChildren();
  if (figures.length === 0) {
    host.append(el('p', {}, '所选周期内还没有数据。'));
    return;
  }
  const latest = figures[figures.length - 1];
  for (const line of latest.lines.filter((candidate) => candidate.tidal))
    $('alerts').append(
      el(
        'p',
        { class: 'alert' },
        `潮汐预警：${line.line} 线平均等候 ${minutes(line.averageWaitMinutes)}，超过全厅平均 ${minutes(latest.hallAverageWaitMinutes)}。建议增开窗口。`,
      ),
    );
  const totals = { ticket: 0, notice: 0, commitment: 0, 'not-accepted': 0 };
  for (const item of latest.items) for (const key of Object.keys(totals)) totals[key] += item.counts[key];
  host.append(
    el('h3', {}, `${by === 'day' ? '日期' : '周（周一起）'} ${latest.period}`),
    el(
      'div',
      { class: 'kpis' },
      el('div', { class: 'kpi' }, '预审件数', el('strong', {}, latest.prereviews)),
      el('div', { class: 'kpi' }, '一次办结率', el('strong', {}, pct(latest.oneVisitShare))),
      el('div', { class: 'kpi' }, '全厅平均等候', el('strong', {}, minutes(latest.hallAverageWaitMinutes))),
      el('div', { class: 'kpi' }, '好差评均分', el('strong', {}, latest.ratings.average ?? '—')),
      el('div', { class: 'kpi' }, '差评（1–2 分）', el('strong', {}, latest.ratings.low)),
      el(
        'div',
        { class: 'kpi' },
        '取号 / 次日凭条',
        el('strong', {}, `${latest.tickets} / ${latest.vouchers}`),
      ),
    ),
    el(
      'div',
      { class: 'legend' },
      ...Object.entries(outcomeNames).map(([key, name]) =>
        el('span', {}, el('span', { class: `swatch sw-${key}` }), `${name} ${totals[key]}`),
      ),
    ),
    el(
      'div',
      { class: 'grid' },
      el('div', { class: 'card' }, el('h4', {}, '各事项预审结果'), outcomeChart(latest)),
      el('div', { class: 'card' }, el('h4', {}, '各业务线等候与全厅平均'), waitChart(latest)),
    ),
  );
  const table = el(
    'table',
    {},
    el('caption', { class: 'visually-hidden' }, '各周期各事项预审结果'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['周期', '事项', '预审', '通过取号', '一次性告知', '容缺承诺', '不予受理', '一次办结率'].map((h) =>
          el('th', { scope: 'col' }, h),
        ),
      ),
    ),
  );
  const body = el('tbody');
  for (const period of [...figures].reverse())
    for (const item of period.items)
      body.append(
        el(
          'tr',
          {},
          el('td', {}, period.period),
          el('td', {}, item.itemCode),
          el('td', { class: 'num' }, item.total),
          el('td', { class: 'num' }, item.counts.ticket),
          el('td', { class: 'num' }, item.counts.notice),
          el('td', { class: 'num' }, item.counts.commitment),
          el('td', { class: 'num' }, item.counts['not-accepted']),
          el('td', { class: 'num' }, pct(itemShare(item))),
        ),
      );
  table.append(body);
  host.append(el('h4', {}, '明细'), table);
}

async function loadFleet() {
  const { kiosks } = await api('/console/api/overview');
  const table = el(
    'table',
    {},
    el('caption', { class: 'visually-hidden' }, '终端概况'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['大厅', '终端', '总体', '设备', '纸张', '最近联系', '待同步', '签名文件版本', '软件版本'].map(
          (h) => el('th', { scope: 'col' }, h),
        ),
      ),
    ),
  );
  const body = el('tbody');
  const paperNames = { ok: '正常', 'near-end': '将尽', out: '缺纸', unknown: '未知' };
  for (const kiosk of kiosks)
    body.append(
      el(
        'tr',
        {},
        el('td', {}, kiosk.hallId ?? '—'),
        el('td', {}, kiosk.kioskId + (kiosk.revoked ? '（已吊销）' : '')),
        el('td', {}, kiosk.overall ?? '未上报'),
        el('td', {}, kiosk.devices.map((d) => `${d.id}: ${d.level}`).join('，') || '—'),
        el('td', {}, paperNames[kiosk.paper]),
        el('td', {}, kiosk.silentMinutes === null ? '从未' : `${kiosk.silentMinutes} 分钟前`),
        el('td', { class: 'num' }, kiosk.backlog ?? '—'),
        el(
          'td',
          {},
          Object.entries(kiosk.documents)
            .map(([k, v]) => `${k} v${v}`)
            .join('，') || '—',
        ),
        el('td', {}, kiosk.softwareVersion ?? '—'),
      ),
    );
  table.append(body);
  $('fleet').replaceChildren(table);
}

async function loadFollowUps() {
  const { followUps, policy } = await api('/console/api/followups');
  const host = $('followups');
  host.replaceChildren(
    el(
      'p',
      {},
      `承诺逾期 ${policy.graceDays} 天宽限期后列入信用限制名单 ${policy.restrictionMonths} 个月（由 central:admin -- sweep-commitments 签发）。`,
    ),
  );
  const table = el(
    'table',
    {},
    el('caption', { class: 'visually-hidden' }, '跟进事项'),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        ...['类型', '终端', '发起时间', '内容', '到期', '状态', '处理'].map((h) =>
          el('th', { scope: 'col' }, h),
        ),
      ),
    ),
  );
  const body = el('tbody');
  for (const entry of followUps) {
    const open = !['closed', 'received'].includes(entry.state);
    const action = open ? closeForm(entry) : el('span', {}, entry.note ?? '');
    body.append(
      el(
        'tr',
        {},
        el('td', {}, kindNames[entry.kind]),
        el('td', {}, entry.kioskId),
        el('td', {}, new Date(entry.openedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })),
        el('td', {}, `${entry.itemCode ? `${entry.itemCode} ` : ''}${entry.summary}`),
        el('td', {}, entry.due ?? '—'),
        el('td', { class: `state-${entry.state}` }, stateNames[entry.state]),
        el('td', {}, action),
      ),
    );
  }
  table.append(body);
  host.append(table);
}

function closeForm(entry) {
  const noteId = `note-${entry.id.replace(/[^A-Za-z0-9]/g, '-')}`;
  const note = el('input', { type: 'text', id: noteId, required: '', maxlength: '500' });
  const received = el('input', { type: 'checkbox' });
  const message = el('span', { role: 'status' });
  const form = el(
    'form',
    { class: 'close-form' },
    el('label', { for: noteId }, '办结说明'),
    note,
    ...(entry.kind === 'commitment' ? [el('label', { class: 'check' }, received, '材料已收')] : []),
    el('button', { type: 'submit' }, '办结'),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('/console/api/followups/close', {
        method: 'POST',
        body: JSON.stringify({ id: entry.id, note: note.value, received: received.checked }),
      });
      await loadFollowUps();
    } catch (error) {
      message.textContent = error.message;
    }
  });
  return form;
}

async function start() {
  $('login').hidden = true;
  $('login-error').textContent = '';
  $('app').hidden = false;
  for (const button of document.querySelectorAll('[data-tab]'))
    button.onclick = () => {
      for (const other of document.querySelectorAll('[data-tab]')) {
        other.setAttribute('aria-pressed', String(other === button));
        $(`tab-${other.dataset.tab}`).hidden = other !== button;
      }
    };
  $('period').onchange = () => void loadFigures();
  wireDownload('figures-csv', () => `/console/api/figures.csv?by=${$('period').value}`, 'hall-figures.csv');
  wireDownload('reminders-csv', () => '/console/api/reminders.csv', 'commitment-reminders.csv');
  await Promise.all([loadFigures(), loadFleet(), loadFollowUps()]);
  $('scope').textContent = '已登录';
  document.body.dataset.ready = 'true';
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  try {
    await start();
    sessionStorage.setItem(tokenKey, token);
  } catch (error) {
    if (error.message !== 'unauthorized') showLogin(error.message);
  }
});
if (token) start().catch(() => undefined);
