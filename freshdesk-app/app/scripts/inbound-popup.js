/**
 * The inbound pop-up in the global CTI sidebar: while a call rings or is connected to this
 * agent, it shows the caller's number, their Freshdesk contact and newest open ticket, with
 * links that open them in Freshdesk. The service knows the call, so the pop-up polls agent-call.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.HelpdeskVoice = Object.assign(root.HelpdeskVoice || {}, { inboundPopup: factory() });
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // Freshworks allows 50 template requests a minute per app and account, shared by every agent
  // with Freshdesk open: poll slowly while nothing rings, faster while a call is shown, and
  // back off when the platform says the limit is reached.
  const IDLE_POLL_MS = 10000;
  const CALL_POLL_MS = 3000;
  const RATE_LIMITED_MS = 60000;

  function element(doc, tag, className, text) {
    const node = doc.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function createInboundPopup({ root, service, client, agentEmail, timers, idlePollMs, callPollMs }) {
    const clock = timers || globalThis;
    const idleEvery = idlePollMs || IDLE_POLL_MS;
    const callEvery = callPollMs || CALL_POLL_MS;
    const doc = root.ownerDocument;

    const popup = element(doc, 'section', 'inbound-popup');
    popup.hidden = true;
    popup.setAttribute('aria-live', 'polite');
    root.append(popup);

    let shownCallId = null;
    let timer = null;
    let stopped = true;

    // A trigger the page refuses (e.g. an older Freshdesk UI) must not break the pop-up.
    function trigger(action, payload) {
      return Promise.resolve()
        .then(() => client.interface.trigger(action, payload))
        .catch(() => undefined);
    }

    function link(className, text, onClick) {
      const anchor = element(doc, 'a', className, text);
      anchor.href = '#';
      anchor.addEventListener('click', (event) => {
        event.preventDefault();
        onClick();
      });
      return anchor;
    }

    function render(call) {
      popup.replaceChildren();
      if (!call || call.direction !== 'inbound' || call.state === 'ended') {
        popup.hidden = true;
        shownCallId = null;
        return;
      }
      const heading = call.state === 'in-progress' ? 'On a call with' : 'Incoming call from';
      popup.append(element(doc, 'h2', 'inbound-popup__heading', heading));
      popup.append(element(doc, 'div', 'inbound-popup__caller', call.callerNumber || 'an unknown number'));

      const contactLine = element(doc, 'div', 'inbound-popup__contact');
      if (call.contact) {
        contactLine.append(
          link('inbound-popup__contact-link', call.contact.name || 'Contact ' + call.contact.id, () =>
            trigger('click', { id: 'contact', value: call.contact.id }),
          ),
        );
      } else {
        contactLine.textContent = 'Not a Freshdesk contact yet';
      }
      popup.append(contactLine);

      const ticketLine = element(doc, 'div', 'inbound-popup__ticket');
      if (call.ticket) {
        const label = '#' + call.ticket.id + (call.ticket.subject ? ' ' + call.ticket.subject : '');
        ticketLine.append(link('inbound-popup__ticket-link', label, () => trigger('click', { id: 'ticket', value: call.ticket.id })));
      } else {
        ticketLine.textContent = 'No open ticket';
      }
      popup.append(ticketLine);
      popup.hidden = false;

      // Open the softphone once per call, not on every poll, so the agent can close it.
      if (shownCallId !== call.callId) {
        shownCallId = call.callId;
        trigger('show', { id: 'softphone' });
      }
    }

    async function poll() {
      timer = null;
      let next;
      try {
        const { call } = await service.agentCall(agentEmail);
        if (!stopped) render(call || null);
        next = shownCallId === null ? idleEvery : callEvery;
      } catch (failure) {
        // Keep what is shown; the next poll tells. The call panel reports an unreachable service.
        next = failure && failure.status === 429 ? RATE_LIMITED_MS : idleEvery;
      }
      if (!stopped) timer = clock.setTimeout(poll, next);
    }

    return {
      start() {
        if (!stopped) return;
        stopped = false;
        poll();
      },
      stop() {
        stopped = true;
        if (timer !== null) clock.clearTimeout(timer);
        timer = null;
      },
      get element() {
        return popup;
      },
    };
  }

  return { createInboundPopup, IDLE_POLL_MS, CALL_POLL_MS, RATE_LIMITED_MS };
});
