// The Bridgehead dashboard: registrations, pool health, calls, and the SIP ladder of a selected
// call, polled once a second from /dashboard/api with the management token. Every value from the
// server (SIP text included, which anyone can put on the wire) is written as text, never as HTML.

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const TOKEN_KEY = 'bridgehead.token';
let selected = null;
let timer = null;

function el(tag, attrs = {}, ...children) {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.setAttribute('class', v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
}

function table(id, headings, rows, onRow) {
  const t = $(id);
  t.replaceChildren(el('tr', {}, ...headings.map((h) => el('th', {}, h))));
  for (const row of rows) {
    const tr = el('tr', {}, ...row.cells.map((c) => el('td', {}, c)));
    if (row.key !== undefined && onRow) {
      tr.classList.add('selectable');
      tr.dataset.key = row.key;
      if (row.key === selected) tr.classList.add('selected');
      tr.addEventListener('click', () => onRow(row.key));
    }
    t.append(tr);
  }
  if (rows.length === 0) t.append(el('tr', {}, el('td', { colspan: String(headings.length), class: 'empty' }, 'none')));
}

async function api(path) {
  const response = await fetch(`/dashboard/api/${path}`, { headers: { Authorization: `Bearer ${localStorage.getItem(TOKEN_KEY)}` } });
  if (response.status === 401) throw Object.assign(new Error('the token was refused'), { unauthorized: true });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.json();
}

function ago(time, now) {
  const s = Math.max(0, Math.round((new Date(now) - new Date(time)) / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

function render(state) {
  $('updated').textContent = new Date(state.now).toLocaleTimeString();
  $('trace-status').textContent = state.trace.capacity === 0 ? 'off' : `${state.trace.captured} messages captured, last ${state.trace.capacity} kept`;
  $('registration-count').textContent = `(${state.registrations.length})`;
  table('registrations', ['User', 'Contact', 'Transport', 'From', 'Expires in', 'User agent'],
    state.registrations.map((r) => ({ cells: [r.aor, r.contact, r.transport, r.source, `${r.expiresIn} s`, r.userAgent || ''] })));
  table('dispatcher', ['Set', 'Switch', 'Weight', 'State', 'Health', 'Forwarded', 'Answered', 'Failed'],
    state.dispatcher.destinations.map((d) => ({ cells: [d.setId, d.uri, d.weight, d.state, healthText(d.health), d.counters.forwarded, d.counters.answered, d.counters.failed] })));
  table('lb', ['Group', 'Switch (load balancer)', 'Load', 'State', 'Health'],
    state.loadBalancer.destinations.map((d) => ({ cells: [d.groupId, d.uri, d.load.map((l) => `${l.name} ${l.used}/${l.capacity}`).join(', '), d.state, healthText(d.health)] })));
  const active = state.calls.filter((c) => ['Trying', 'Ringing', 'Answered'].includes(c.state)).length;
  $('call-count').textContent = `(${active} active, ${state.calls.length - active} ended)`;
  table('calls', ['Call-ID', 'From', 'To', 'State', 'Status', 'Started', 'Caller', 'Reason'],
    state.calls.map((c) => ({ key: c.callId, cells: [c.callId, c.from, c.to, c.state, c.status || '', `${ago(c.startedAt, state.now)} ago`, c.caller, c.reason || ''] })),
    (key) => { selected = key; refresh(); });
}

function healthText(h) {
  return h.status + (h.lastReason ? ` (${h.lastReason})` : '');
}

// The ladder: the edge in the middle, the caller's side on the left, every other peer on the right.
function ladder(trace) {
  $('ladder-call').textContent = trace.call ? `${trace.callId} · ${trace.call.state}` : trace.callId;
  const box = $('ladder');
  if (trace.messages.length === 0) {
    box.replaceChildren(el('p', { class: 'hint' }, 'No captured messages for this call (the trace keeps only the most recent ones).'));
    return;
  }
  const peers = [];
  for (const m of trace.messages) if (!peers.includes(`${m.transport}:${m.remote}`)) peers.push(`${m.transport}:${m.remote}`);
  const columns = [peers[0], 'edge', ...peers.slice(1)];
  const colWidth = 220, rowHeight = 26, top = 40;
  const x = (name) => 110 + columns.indexOf(name) * colWidth;
  const width = 220 + (columns.length - 1) * colWidth, height = top + trace.messages.length * rowHeight + 20;
  const svg = el('svg:svg', { width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`, class: 'ladder' });
  const defs = el('svg:defs', {}, el('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
    el('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z' })));
  svg.append(defs);
  for (const c of columns) {
    svg.append(el('svg:text', { x: String(x(c)), y: '18', 'text-anchor': 'middle', class: 'column' }, c === 'edge' ? 'Bridgehead' : c));
    svg.append(el('svg:line', { x1: String(x(c)), y1: '26', x2: String(x(c)), y2: String(height - 10), class: 'lifeline' }));
  }
  const t0 = new Date(trace.messages[0].time);
  trace.messages.forEach((m, i) => {
    const peer = `${m.transport}:${m.remote}`;
    const [from, to] = m.direction === 'in' ? [peer, 'edge'] : ['edge', peer];
    const y = top + i * rowHeight;
    const label = m.firstLine.startsWith('SIP/2.0 ') ? m.firstLine.slice(8) : m.firstLine.split(' ')[0];
    const g = el('svg:g', { class: 'message', tabindex: '0' });
    g.append(el('svg:line', { x1: String(x(from)), y1: String(y), x2: String(x(to)), y2: String(y), 'marker-end': 'url(#arrow)' }));
    g.append(el('svg:text', { x: String((x(from) + x(to)) / 2), y: String(y - 5), 'text-anchor': 'middle' }, label));
    g.append(el('svg:text', { x: '4', y: String(y + 4), class: 'time' }, `+${((new Date(m.time) - t0) / 1000).toFixed(3)}`));
    g.addEventListener('click', () => { $('message').textContent = `${m.direction === 'in' ? 'received from' : 'sent to'} ${peer} at ${m.time}${m.truncated ? ' (cut)' : ''}\n\n${m.message}`; });
    svg.append(g);
  });
  box.replaceChildren(svg);
}

async function refresh() {
  try {
    render(await api('state'));
    if (selected) ladder(await api(`trace?callId=${encodeURIComponent(selected)}`));
  } catch (e) {
    if (e.unauthorized) { localStorage.removeItem(TOKEN_KEY); $('token-error').textContent = e.message; showTokenForm(); return; }
    $('updated').textContent = `failed: ${e.message}`;
  }
}

function showTokenForm() {
  clearInterval(timer);
  $('panels').hidden = true;
  $('forget').hidden = true;
  $('token-form').hidden = false;
}

function start() {
  $('token-form').hidden = true;
  $('panels').hidden = false;
  $('forget').hidden = false;
  refresh();
  clearInterval(timer);
  timer = setInterval(refresh, 1000);
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  localStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token-error').textContent = '';
  start();
});
$('forget').addEventListener('click', () => { localStorage.removeItem(TOKEN_KEY); showTokenForm(); });
if (localStorage.getItem(TOKEN_KEY)) start(); else showTokenForm();
