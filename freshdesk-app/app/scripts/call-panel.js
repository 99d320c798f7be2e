/**
 * The Call button and what it shows while a call goes through: placing, queued, ringing you,
 * ringing the customer, connected with a running timer, ended, and back to Call.
 *
 * The service has no push channel to the browser, so the panel polls call-status until the
 * call ends. It renders into the element it is given, so the ticket sidebar and the global
 * CTI sidebar share it.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./call-service'));
  else root.HelpdeskVoice = Object.assign(root.HelpdeskVoice || {}, { callPanel: factory(root.HelpdeskVoice.callService) });
})(typeof self !== 'undefined' ? self : this, function (callService) {
  'use strict';

  const POLL_MS = 2000;
  // Long enough to read how the call ended before the button comes back.
  const ENDED_MS = 4000;
  // A few missed polls are a blip; this many in a row means the panel can no longer tell.
  const MAX_POLL_FAILURES = 5;

  const LABELS = {
    ready: '',
    placing: 'Placing the call…',
    queued: 'Queued…',
    'ringing-agent': 'Ringing you: pick up your phone',
    'ringing-customer': 'Ringing the customer…',
    'in-progress': 'Connected',
    ended: 'Call ended',
  };
  const SERVICE_STATES = ['queued', 'ringing-agent', 'ringing-customer', 'in-progress', 'ended'];

  function formatDuration(totalSeconds) {
    const seconds = Math.max(0, Math.floor(totalSeconds));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = String(seconds % 60).padStart(2, '0');
    return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + s : m + ':' + s;
  }

  function describeEnd(status) {
    const parts = [LABELS.ended];
    if (status.endedReason) parts.push('(' + String(status.endedReason).replace(/[-_]/g, ' ') + ')');
    if (typeof status.durationSeconds === 'number' && status.durationSeconds > 0) {
      parts.push('after ' + formatDuration(status.durationSeconds));
    }
    return parts.join(' ');
  }

  function element(doc, tag, className, text) {
    const node = doc.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * root: the element to render into. service: from call-service. buildRequest: resolves the
   * click-to-call body ({ ticketId?, agentEmail | agentId, carrier? }) at the moment of the click.
   */
  function createCallPanel({ root, service, buildRequest, timers, pollMs, endedMs, now }) {
    const clock = timers || globalThis;
    const currentTime = now || (() => Date.now());
    const pollEvery = pollMs || POLL_MS;
    const endedFor = endedMs || ENDED_MS;
    const doc = root.ownerDocument;

    const panel = element(doc, 'div', 'call-panel');
    const numberLine = element(doc, 'div', 'call-panel__number');
    const button = element(doc, 'button', 'call-panel__button', 'Call');
    button.type = 'button';
    const statusLine = element(doc, 'div', 'call-panel__status');
    statusLine.setAttribute('role', 'status');
    const errorLine = element(doc, 'div', 'call-panel__error');
    errorLine.setAttribute('role', 'alert');
    errorLine.hidden = true;
    panel.append(numberLine, button, statusLine, errorLine);
    root.append(panel);

    let state = 'ready';
    let unavailable = false;
    let callId = null;
    let connectedAt = null;
    let pollTimer = null;
    let tickTimer = null;
    let resetTimer = null;
    let pollFailures = 0;

    function render(text) {
      panel.dataset.state = state;
      const idle = state === 'ready';
      button.disabled = !idle || unavailable;
      button.textContent = idle ? 'Call' : 'Calling…';
      if (text !== undefined) statusLine.textContent = text;
      else if (state === 'in-progress') statusLine.textContent = LABELS['in-progress'] + ' ' + formatDuration((currentTime() - connectedAt) / 1000);
      else statusLine.textContent = LABELS[state];
    }

    function showError(message) {
      errorLine.textContent = message;
      errorLine.hidden = false;
    }

    function clearError() {
      errorLine.textContent = '';
      errorLine.hidden = true;
    }

    function stopTimers() {
      for (const timer of [pollTimer, resetTimer]) if (timer !== null) clock.clearTimeout(timer);
      if (tickTimer !== null) clock.clearInterval(tickTimer);
      pollTimer = tickTimer = resetTimer = null;
    }

    function backToReady() {
      stopTimers();
      state = 'ready';
      callId = null;
      connectedAt = null;
      render();
    }

    function apply(status) {
      if (!status || !SERVICE_STATES.includes(status.state)) return;
      if (status.state === 'ended') {
        stopTimers();
        state = 'ended';
        render(describeEnd(status));
        resetTimer = clock.setTimeout(backToReady, endedFor);
        return;
      }
      if (status.state === 'in-progress' && connectedAt === null) {
        // The service's own duration, when it has one, keeps the timer right after a reload.
        const already = typeof status.durationSeconds === 'number' ? status.durationSeconds * 1000 : 0;
        connectedAt = currentTime() - already;
        tickTimer = clock.setInterval(() => render(), 1000);
      }
      state = status.state;
      render();
    }

    function schedulePoll() {
      pollTimer = clock.setTimeout(poll, pollEvery);
    }

    async function poll() {
      pollTimer = null;
      const polling = callId;
      try {
        const status = await service.callStatus(polling);
        if (callId !== polling) return;
        pollFailures = 0;
        apply(status);
      } catch (failure) {
        if (callId !== polling) return;
        pollFailures += 1;
        if (pollFailures >= MAX_POLL_FAILURES) {
          showError(failure.message + ' The call itself may still be going on.');
          backToReady();
          return;
        }
      }
      if (state !== 'ended' && state !== 'ready') schedulePoll();
    }

    /** Places a call; overrides (e.g. { number }) go on top of buildRequest's body. */
    async function call(overrides) {
      if (state !== 'ready' || unavailable && !(overrides && overrides.number)) return;
      clearError();
      state = 'placing';
      render();
      try {
        const request = Object.assign({}, await buildRequest(), overrides || {});
        const placed = await service.placeCall(request);
        if (!placed || !placed.callId) throw new callService.CallServiceError({ status: 502 });
        callId = placed.callId;
        pollFailures = 0;
        state = 'queued';
        render();
        schedulePoll();
      } catch (failure) {
        state = 'ready';
        render();
        showError(failure instanceof callService.CallServiceError ? failure.message : callService.describeFailure(failure));
      }
    }

    button.addEventListener('click', () => {
      call();
    });

    render();

    return {
      call,
      /** Shows whom the button calls; with no number the button stays off and says why. */
      setTarget(number, missingMessage) {
        numberLine.textContent = number || '';
        unavailable = !number;
        if (!number && missingMessage) showError(missingMessage);
        button.disabled = state !== 'ready' || unavailable;
      },
      get state() {
        return state;
      },
      get callId() {
        return callId;
      },
      destroy() {
        stopTimers();
        panel.remove();
      },
    };
  }

  return { createCallPanel, formatDuration, LABELS };
});
