// The live dashboard: reads GET /agents/state and GET /calls/state with the dashboard token and
// draws them. Every rule (who may be rung, why a call was missed) is decided by the server; this
// only shows it. Polling, because a Function cannot hold a stream open.

const POLL_MS = 2000;
const TOKEN_KEY = 'helpdesk-voice.dashboard-token';

const $ = (id) => document.getElementById(id);

const REASONS = {
  presence: (agent) => `presence is ${agent.presence}`,
  'phone-switch-off': 'phone switch is off',
  busy: 'on a call',
  'wrap-up': 'wrap-up after a call',
  'out-of-office': 'out of office',
  'not-in-team': 'not in the team',
  'is-caller': 'is the caller',
  'no-number': 'no number to ring',
};
const MISSED = {
  no_available_agent: 'no agent available',
  agents_did_not_answer: 'agents did not answer',
  abandoned_in_queue: 'caller hung up in the queue',
  abandoned_while_ringing: 'caller hung up while ringing',
  out_of_hours: 'out of hours',
  voicemail: 'voicemail',
};
const CALL_STATES = { ringing: 'ringing', queued: 'queued', in_progress: 'in progress', voicemail: 'leaving voicemail' };
const PRESENCES = ['available', 'away', 'offline'];

let timer = null;
/** Each refresh's number: a slow answer that arrives after a newer one is dropped, not drawn. */
let generation = 0;

class Unauthorised extends Error {}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

async function request(path, init = {}) {
  let response;
  try {
    response = await fetch(path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token()}` }, cache: 'no-store' });
  } catch {
    throw new Error(`Cannot reach the server at ${location.origin}. Retrying every ${POLL_MS / 1000} s.`);
  }
  if (response.status === 401) throw new Unauthorised();
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${body.error ?? response.statusText}`);
  return body;
}

function showMessage(text, kind = 'error') {
  const el = $('message');
  el.hidden = !text;
  el.textContent = text ?? '';
  el.className = kind;
}

function askForToken(message) {
  clearTimeout(timer);
  generation++; // a refresh still in flight must not open the board again
  sessionStorage.removeItem(TOKEN_KEY);
  $('board').hidden = true;
  $('sign-out').hidden = true;
  $('token-form').hidden = false;
  showMessage(message);
  $('token').focus();
}

async function refresh() {
  clearTimeout(timer);
  const mine = ++generation;
  try {
    const [agents, calls] = await Promise.all([request('/agents/state'), request('/calls/state')]);
    if (mine !== generation) return;
    $('token-form').hidden = true;
    $('board').hidden = false;
    $('sign-out').hidden = false;
    showMessage(null);
    draw(agents, calls);
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof Unauthorised) return askForToken('That token was not accepted (401). Enter the DASHBOARD_TOKEN this service is configured with.');
    // Keep what is on screen: the last good picture beats a blank page.
    showMessage(error.message);
  }
  // Only the newest refresh schedules the next one, so a refresh started by a presence change
  // while a poll was in flight does not leave two polling loops running.
  timer = setTimeout(refresh, POLL_MS);
}

function draw(agents, calls) {
  const liveById = new Map(calls.live.map((c) => [c.callId, c]));
  // The agent map does not store a ringing phone (it would cost a write per agent per call), so who
  // is being rung comes from the live calls.
  const ringingCall = new Map(calls.live.flatMap((c) => c.ringing.map((a) => [a.agentId, c])));
  $('updated').textContent = `Updated ${new Date(agents.generatedAt).toLocaleTimeString()}`;
  $('queue-length').textContent = String(calls.queue.length);
  $('queue-longest').textContent = calls.queue.longestWaitSeconds === null ? '–' : duration(calls.queue.longestWaitSeconds);
  syncRows($('agents').tBodies[0], agents.agents, (a) => a.id, agentRow, (row, a) => drawAgent(row, a, { liveById, ringingCall }, new Date(agents.generatedAt)));
  syncRows($('live').tBodies[0], calls.live, (c) => c.callId, () => cells(6), drawLive);
  const missed = calls.recent.filter((c) => c.missedReason);
  syncRows($('missed').tBodies[0], missed, (c) => c.callId, () => cells(6), drawMissed);
  $('live-empty').hidden = calls.live.length > 0;
  $('missed-empty').hidden = missed.length > 0;
}

/** Rows are kept by key and changed in place, so nothing flickers and a focused control keeps its focus. */
function syncRows(tbody, items, keyOf, create, update) {
  const existing = new Map([...tbody.rows].map((row) => [row.dataset.key, row]));
  const rows = items.map((item) => {
    const key = keyOf(item);
    const row = existing.get(key) ?? create(item);
    row.dataset.key = key;
    update(row, item);
    return row;
  });
  rows.forEach((row, i) => {
    if (tbody.rows[i] !== row) tbody.insertBefore(row, tbody.rows[i] ?? null);
  });
  while (tbody.rows.length > rows.length) tbody.deleteRow(rows.length);
}

function cells(n) {
  const row = document.createElement('tr');
  for (let i = 0; i < n; i++) row.insertCell();
  return row;
}

function agentRow(agent) {
  const row = cells(8);
  const select = document.createElement('select');
  select.setAttribute('aria-label', `Presence of ${agent.name}`);
  for (const p of PRESENCES) select.add(new Option(p, p));
  select.addEventListener('change', () => setPresence(agent.id, select));
  row.cells[1].append(select);
  const softphone = document.createElement('button');
  softphone.type = 'button';
  softphone.className = 'softphone-link';
  softphone.textContent = 'Open';
  softphone.setAttribute('aria-label', `Open the softphone as ${agent.name}`);
  softphone.addEventListener('click', () => openSoftphone(agent.id));
  row.cells[7].append(softphone);
  return row;
}

/** The agent's signed softphone link (GET /softphone/link), opened in a tab of its own. */
async function openSoftphone(agentId) {
  // Opened before the request, while the click still allows a new tab; pointed at the link after.
  const tab = window.open('about:blank', '_blank');
  try {
    const { path } = await request(`/softphone/link?agentId=${encodeURIComponent(agentId)}`);
    if (tab) tab.location.href = path;
    else location.href = path;
  } catch (error) {
    tab?.close();
    if (error instanceof Unauthorised) return askForToken('That token was not accepted (401). Enter the DASHBOARD_TOKEN this service is configured with.');
    showMessage(`No softphone link: ${error.message}`);
  }
}

async function setPresence(agentId, select) {
  select.disabled = true;
  try {
    const form = new URLSearchParams({ agentId, presence: select.value });
    await request('/agents/presence', { method: 'POST', body: form });
  } catch (error) {
    if (error instanceof Unauthorised) return askForToken('That token was not accepted (401). Enter the DASHBOARD_TOKEN this service is configured with.');
    showMessage(`Presence not changed: ${error.message}`);
  } finally {
    select.disabled = false;
  }
  await refresh();
}

function drawAgent(row, agent, { liveById, ringingCall }, now) {
  const [name, , phone, status, since, ooo, reason] = row.cells;
  name.textContent = agent.name;
  const select = row.cells[1].firstChild;
  if (document.activeElement !== select && !select.disabled) select.value = agent.presence;
  phone.textContent = agent.phoneSwitch ? 'on' : 'off';
  const rung = agent.status.kind === 'idle' ? ringingCall.get(agent.id) : undefined;
  const kind = rung ? 'ringing' : agent.status.kind;
  const call = rung ?? (agent.status.callId ? liveById.get(agent.status.callId) : undefined);
  status.className = `state state-${kind}`;
  status.textContent = kind === 'idle' ? 'idle' : `${kind}${call ? ` · ${call.carrier} · ${call.from}` : ''}`;
  since.className = 'time';
  const from = rung ? rung.startedAt : kind === 'idle' ? agent.lastCallEndedAt : agent.status.since;
  since.textContent = from ? duration((now - Date.parse(from)) / 1000) : kind === 'idle' ? 'no call yet' : '';
  ooo.textContent = agent.outOfOffice ? `${day(agent.outOfOffice.start)} – ${day(agent.outOfOffice.end)}` : '';
  const why = REASONS[agent.unavailableReason];
  reason.textContent = !agent.unavailableReason ? '' : typeof why === 'function' ? why(agent) : (why ?? agent.unavailableReason);
}

function drawLive(row, call) {
  const [caller, line, carrier, state, who, time] = row.cells;
  caller.textContent = call.from;
  line.textContent = call.to;
  carrier.textContent = call.carrier;
  state.className = `state state-${call.state}`;
  state.textContent = call.state === 'queued' ? `queued #${call.queuePosition}` : CALL_STATES[call.state] ?? call.state;
  who.textContent = call.agent ? call.agent.name : call.ringing.length ? `ringing ${call.ringing.map((a) => a.name).join(', ')}` : '';
  time.className = 'time';
  time.textContent = duration(call.state === 'queued' ? call.waitSeconds : call.seconds);
}

function drawMissed(row, call) {
  const [when, caller, line, carrier, why, voicemail] = row.cells;
  when.className = 'time';
  when.textContent = new Date(call.endedAt).toLocaleString();
  caller.textContent = call.from;
  line.textContent = call.to;
  carrier.textContent = call.carrier;
  why.textContent = MISSED[call.missedReason] ?? call.missedReason;
  const href = call.recordingUrl ?? '';
  if ((voicemail.firstChild?.getAttribute?.('href') ?? '') !== href) {
    voicemail.replaceChildren();
    if (href) {
      const link = document.createElement('a');
      link.href = href;
      link.textContent = 'listen';
      link.setAttribute('aria-label', `Voicemail from ${call.from}`);
      voicemail.append(link);
    }
  }
}

function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function day(iso) {
  return new Date(iso).toLocaleDateString();
}

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  void refresh();
});
$('sign-out').addEventListener('click', () => askForToken(null));

if (token()) void refresh();
else askForToken(null);
