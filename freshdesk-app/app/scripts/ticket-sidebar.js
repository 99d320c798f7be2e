/**
 * Ticket sidebar: a Call button for the ticket's requester. The service picks the requester's
 * number itself from the ticket, so the click sends only the ticket and the agent.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('./call-service'), require('./call-panel'), require('./freshdesk-context'), require('./browser-softphone'));
  } else {
    const hv = root.HelpdeskVoice;
    hv.ticketSidebar = factory(hv.callService, hv.callPanel, hv.freshdeskContext, hv.browserSoftphone);
    if (typeof root.app !== 'undefined') {
      root.app.initialized().then((client) => {
        // Freshdesk activates the sidebar each time the agent opens it; one panel (and its
        // polling) per page is enough.
        let started = null;
        client.events.on('app.activated', () => {
          if (!started) started = hv.ticketSidebar.startTicketSidebar(client, root.document.getElementById('app'), { softphone: hv.softphone });
        });
      });
    }
  }
})(typeof self !== 'undefined' ? self : this, function (callService, callPanel, freshdeskContext, browserSoftphone) {
  'use strict';

  const NO_NUMBER = 'This requester has no phone number in Freshdesk. Add a phone or mobile to the contact to call them.';

  async function startTicketSidebar(client, root, options) {
    root.replaceChildren();
    const { softphone, ...panelOptions } = options || {};
    if ((await freshdeskContext.callsIn(client)) === 'browser') {
      // The requester's number in the field; the call is logged on this ticket.
      const number = await freshdeskContext.requesterNumber(client);
      return browserSoftphone.startBrowserSoftphone(client, root, { softphone, number, timers: panelOptions.timers });
    }
    const service = callService.createCallService(client);
    const panel = callPanel.createCallPanel(
      Object.assign(
        {
          root,
          service,
          buildRequest: async () => {
            const [agent, ticket, carrier] = await Promise.all([
              freshdeskContext.loggedInAgent(client),
              freshdeskContext.ticketInView(client),
              freshdeskContext.defaultCarrier(client),
            ]);
            return { ticketId: ticket ? ticket.id : undefined, agentEmail: agent.agentEmail, agentId: agent.agentId, carrier };
          },
        },
        panelOptions,
      ),
    );
    panel.setTarget(await freshdeskContext.requesterNumber(client), NO_NUMBER);
    return panel;
  }

  return { startTicketSidebar, NO_NUMBER };
});
