/**
 * The service's softphone panel in a Freshdesk sidebar (installation setting "Calls in" = browser):
 * the agent takes and places calls in the browser, on the carrier of the token. The panel and the
 * carriers' SDKs come from scripts/vendor/softphone.js, which `npm run build` makes from the
 * repository's src/softphone-panel (no remote script). The token, heartbeats and Africa's Talking's
 * call request go through the request templates, so the app secret never reaches the browser.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory(require('./call-service'), require('./freshdesk-context'));
  else {
    const hv = root.HelpdeskVoice;
    hv.browserSoftphone = factory(hv.callService, hv.freshdeskContext);
  }
})(typeof self !== 'undefined' ? self : this, function (callService, freshdeskContext) {
  'use strict';

  /**
   * softphone: { createSoftphonePanel, phones(service) } from the vendor bundle (a double in tests).
   * Resolves the panel, started.
   */
  async function startBrowserSoftphone(client, root, { softphone, number, timers }) {
    const calls = callService.createCallService(client);
    const [agent, ticket, carrier] = await Promise.all([
      freshdeskContext.loggedInAgent(client),
      freshdeskContext.ticketInView(client),
      freshdeskContext.defaultCarrier(client),
    ]);
    const agentEmail = agent.agentEmail;
    const service = {
      token: () => calls.softphoneToken({ agentEmail, carrier }),
      heartbeat: (state, tokenCarrier) => calls.softphoneHeartbeat({ agentEmail, state, carrier: tokenCarrier || carrier }),
      placeCall: ({ number: target, ticketId }) => calls.softphoneCall({ agentEmail, number: target, ticketId }),
      // The call ringing this agent, as the service knows it: the caller's ticket, to show with the offer.
      async lookupCaller() {
        const { call } = await calls.agentCall(agentEmail);
        return call && call.ticket ? { ticket: call.ticket } : null;
      },
    };
    const panel = softphone.createSoftphonePanel({
      root,
      service,
      phones: softphone.phones(service),
      timers,
      ticketId: () => (ticket ? ticket.id : undefined),
    });
    if (number) panel.setNumber(number);
    await panel.start();
    return panel;
  }

  return { startBrowserSoftphone };
});
