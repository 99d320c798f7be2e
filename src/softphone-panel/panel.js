/**
 * The softphone panel: one component for /softphone.html, the dashboard's "open softphone" and the
 * Freshdesk app's sidebar. It knows no carrier: it gets a token from `service`, hands it to the
 * phone the token's carrier names (an adapter from ./twilio-phone or ./at-phone, or a test double),
 * and draws what the phone reports.
 *
 * Plain browser JavaScript (the project's TypeScript has no DOM types), written as CommonJS so
 * esbuild bundles it for the pages and jest loads it for the Freshdesk app's jsdom tests.
 *
 * service: { token() → { carrier, identity, token, expiresAt }, heartbeat(state, carrier),
 *            lookupCaller?(from) → { ticket?: { id, subject } } }
 * phones:  { [carrier]: (token, events) → phone }, the adapter contract:
 *   phone.start()            registers for incoming calls (may resolve before `ready`)
 *   phone.updateToken(token) a renewed token, without dropping a call
 *   phone.call({ number, ticketId? }) → Promise   places a call; rejects { kind, message } or an Error
 *   phone.accept(), phone.reject(), phone.hangUp(), phone.mute(on), phone.digit(d), phone.stop()
 *   events.ready(), events.offline(reason?), events.incoming({ from }), events.connected(),
 *   events.ended(), events.error({ kind: 'microphone' | 'token-expired' | 'unreachable' | 'other', message }),
 *   events.tokenWillExpire()
 */
const { MESSAGES, describePhoneError } = require('./messages');

const HEARTBEAT_MS = 30_000;
/** Renew this long before the token expires (Twilio's SDK warns 10 s ahead; AT says nothing at all). */
const RENEW_AHEAD_MS = 60_000;
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

function createSoftphonePanel({ root, service, phones, timers = globalThis, now = () => Date.now(), ticketId = () => undefined }) {
  const doc = root.ownerDocument;
  const el = (tag, props = {}, children = []) => {
    const node = doc.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'for') node.setAttribute(key, value);
      else node[key] = value;
    }
    node.append(...children);
    return node;
  };

  const status = el('p', { className: 'softphone__status', role: 'status' });
  const error = el('p', { className: 'softphone__error', role: 'alert', hidden: true });
  const note = el('p', { className: 'softphone__note', hidden: true });
  const incomingFrom = el('span', { className: 'softphone__caller' });
  const incomingTicket = el('p', { className: 'softphone__ticket', hidden: true });
  const accept = el('button', { type: 'button', className: 'softphone__accept', text: 'Accept' });
  const reject = el('button', { type: 'button', className: 'softphone__reject', text: 'Reject' });
  const incoming = el('div', { className: 'softphone__incoming', role: 'group', 'aria-label': 'Incoming call', hidden: true }, [
    el('p', {}, ['Incoming call from ', incomingFrom]),
    incomingTicket,
    accept,
    reject,
  ]);
  const number = el('input', { id: `softphone-number-${Math.random().toString(36).slice(2, 8)}`, type: 'tel', autocomplete: 'tel', className: 'softphone__number', placeholder: '+254711000111' });
  const callButton = el('button', { type: 'submit', className: 'softphone__call', text: 'Call' });
  const dialForm = el('form', { className: 'softphone__dial' }, [el('label', { for: number.id, text: 'Number to call' }), number, callButton]);
  const timer = el('p', { className: 'softphone__timer', 'aria-label': 'Call time', hidden: true });
  const mute = el('button', { type: 'button', className: 'softphone__mute', text: 'Mute', 'aria-pressed': 'false' });
  const pad = el('div', { className: 'softphone__dialpad', role: 'group', 'aria-label': 'Dialpad' },
    DIGITS.map((d) => el('button', { type: 'button', text: d, 'aria-label': `Digit ${d}`, 'data-digit': d })));
  const inCall = el('div', { className: 'softphone__in-call', hidden: true }, [timer, mute, pad]);
  const panel = el('section', { className: 'softphone-panel', 'aria-label': 'Softphone' }, [status, error, note, incoming, dialForm, inCall]);
  root.append(panel);

  let phone = null;
  let carrier = null;
  let state = 'offline';
  let muted = false;
  let connectedAt = null;
  let clock = null;
  let heartbeat = null;
  let renewal = null;
  let renewing = null;
  let stopped = false;
  let answering = false;

  function setState(next, text) {
    state = next;
    panel.dataset.state = next;
    status.textContent = text;
    const busy = next === 'incoming' || next === 'calling' || next === 'in-call';
    incoming.hidden = next !== 'incoming';
    inCall.hidden = next !== 'in-call';
    callButton.textContent = next === 'calling' || next === 'in-call' ? 'Hang up' : 'Call';
    callButton.disabled = next === 'offline' || next === 'connecting' || next === 'incoming';
    number.disabled = busy || next === 'offline' || next === 'connecting';
    if (next !== 'in-call') stopClock();
  }

  function showError(text) {
    error.hidden = !text;
    error.textContent = text || '';
  }

  function showNote(text) {
    note.hidden = !text;
    note.textContent = text || '';
  }

  function drawClock() {
    const s = Math.max(0, Math.floor((now() - connectedAt) / 1000));
    timer.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  function startClock() {
    connectedAt = now();
    timer.hidden = false;
    drawClock();
    clock = timers.setInterval(drawClock, 1000);
  }

  function stopClock() {
    if (clock !== null) timers.clearInterval(clock);
    clock = null;
  }

  const events = {
    ready() {
      if (state === 'connecting' || state === 'offline') setState('ready', 'Ready: calls to you ring here');
      showError(null);
      beat();
    },
    offline(reason) {
      setState('offline', 'Offline: calls do not ring here');
      if (reason) showError(reason);
    },
    async incoming({ from }) {
      incomingFrom.textContent = from || 'an unknown number';
      incomingTicket.hidden = true;
      showError(null);
      setState('incoming', `Incoming call from ${from || 'an unknown number'}`);
      accept.focus();
      if (!service.lookupCaller) return;
      const found = await service.lookupCaller(from).catch(() => null);
      if (found && found.ticket && state === 'incoming') {
        incomingTicket.textContent = `Ticket #${found.ticket.id}${found.ticket.subject ? `: ${found.ticket.subject}` : ''}`;
        incomingTicket.hidden = false;
      }
    },
    connected() {
      answering = false;
      muted = false;
      mute.setAttribute('aria-pressed', 'false');
      mute.textContent = 'Mute';
      setState('in-call', 'On a call');
      startClock();
    },
    ended() {
      answering = false;
      const seconds = connectedAt === null ? null : Math.floor((now() - connectedAt) / 1000);
      connectedAt = null;
      timer.hidden = true;
      setState(phone ? 'ready' : 'offline', seconds === null ? 'Ready: calls to you ring here' : `Call ended after ${seconds} s. Ready`);
    },
    error(problem) {
      showError(describePhoneError(problem));
      // Still ringing: the agent can allow the microphone and accept again, or reject.
      if (problem.kind === 'microphone' && answering) {
        answering = false;
        setState('incoming', `Incoming call from ${incomingFrom.textContent}`);
      }
      if (problem.kind === 'token-expired') void renew();
    },
    tokenWillExpire() {
      void renew();
    },
  };

  function scheduleRenewal(expiresAt) {
    if (renewal !== null) timers.clearTimeout(renewal);
    const wait = Math.max(5_000, Date.parse(expiresAt) - RENEW_AHEAD_MS - now());
    renewal = timers.setTimeout(() => void renew(), wait);
  }

  /** One renewal at a time: the SDK's warning and our own timer may both ask. */
  function renew() {
    if (!renewing) {
      renewing = (async () => {
        try {
          const answer = await service.token();
          phone.updateToken(answer.token);
          scheduleRenewal(answer.expiresAt);
          showNote(MESSAGES.renewed(new Date(answer.expiresAt)));
        } catch (failure) {
          showError(MESSAGES.renewFailed(failure));
        } finally {
          renewing = null;
        }
      })();
    }
    return renewing;
  }

  function beat() {
    if (heartbeat !== null) return;
    const send = () => service.heartbeat('online', carrier).catch((failure) => showError(MESSAGES.heartbeatFailed(failure)));
    send();
    heartbeat = timers.setInterval(send, HEARTBEAT_MS);
  }

  async function start() {
    stopped = false;
    setState('connecting', 'Connecting…');
    showError(null);
    let answer;
    try {
      answer = await service.token();
    } catch (failure) {
      setState('offline', 'Offline: calls do not ring here');
      showError(MESSAGES.tokenFailed(failure));
      return;
    }
    if (stopped) return;
    const make = phones[answer.carrier];
    if (!make) {
      setState('offline', 'Offline: calls do not ring here');
      showError(MESSAGES.noPhoneFor(answer.carrier));
      return;
    }
    carrier = answer.carrier;
    panel.dataset.carrier = carrier;
    phone = make(answer.token, events);
    scheduleRenewal(answer.expiresAt);
    try {
      await phone.start();
    } catch (failure) {
      events.error(failure && failure.kind ? failure : { kind: 'unreachable', message: String(failure && failure.message) });
    }
  }

  /** The page is closing: sign out at once rather than after three missed heartbeats. */
  function stop() {
    stopped = true;
    for (const t of [heartbeat, clock]) if (t !== null) timers.clearInterval(t);
    if (renewal !== null) timers.clearTimeout(renewal);
    heartbeat = clock = renewal = null;
    if (phone) phone.stop();
    phone = null;
    setState('offline', 'Offline: calls do not ring here');
    return service.heartbeat('offline', carrier).catch(() => undefined);
  }

  async function placeCall(target) {
    showError(null);
    setState('calling', `Calling ${target}…`);
    try {
      const id = ticketId();
      await phone.call({ number: target, ticketId: id === undefined || id === null ? undefined : String(id) });
    } catch (failure) {
      setState('ready', 'Ready: calls to you ring here');
      showError(failure && failure.kind ? describePhoneError(failure) : MESSAGES.callRefused(failure));
    }
  }

  dialForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (state === 'calling' || state === 'in-call') return phone.hangUp();
    const target = number.value.trim();
    if (!/^\+[1-9]\d{6,14}$/.test(target.replace(/[\s()-]/g, ''))) return showError(MESSAGES.badNumber(target));
    void placeCall(target.replace(/[\s()-]/g, ''));
  });
  accept.addEventListener('click', () => {
    answering = true;
    setState('connecting', 'Answering…');
    Promise.resolve()
      .then(() => phone.accept())
      .catch((problem) => events.error(problem && problem.kind ? problem : { kind: 'other', message: String(problem) }));
  });
  reject.addEventListener('click', () => {
    phone.reject();
    events.ended();
  });
  mute.addEventListener('click', () => {
    muted = !muted;
    phone.mute(muted);
    mute.setAttribute('aria-pressed', String(muted));
    mute.textContent = muted ? 'Unmute' : 'Mute';
  });
  pad.addEventListener('click', (event) => {
    const digit = event.target && event.target.dataset ? event.target.dataset.digit : undefined;
    if (digit && state === 'in-call') phone.digit(digit);
  });

  setState('offline', 'Offline: calls do not ring here');
  return {
    start,
    stop,
    /** For the Freshdesk app: a number clicked elsewhere in Freshdesk fills the field. */
    setNumber(value) {
      number.value = value;
    },
    get state() {
      return state;
    },
  };
}

module.exports = { createSoftphonePanel, HEARTBEAT_MS, RENEW_AHEAD_MS };
