/**
 * Global CTI sidebar: calls any number the agent clicks in Freshdesk (cti.triggerDialer) and
 * shows the inbound pop-up for calls ringing this agent.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(
      require('./call-service'),
      require('./call-panel'),
      require('./inbound-popup'),
      require('./freshdesk-context'),
      require('./browser-softphone'),
    );
  } else {
    const hv = root.HelpdeskVoice;
    hv.globalSidebar = factory(hv.callService, hv.callPanel, hv.inboundPopup, hv.freshdeskContext, hv.browserSoftphone);
    if (typeof root.app !== 'undefined') {
      // A CTI app listens from page load, not only when its sidebar is opened.
      root.app.initialized().then((client) =>
        hv.globalSidebar.startGlobalSidebar(client, root.document.getElementById('app'), { softphone: hv.softphone }),
      );
    }
  }
})(typeof self !== 'undefined' ? self : this, function (callService, callPanel, inboundPopup, freshdeskContext, browserSoftphone) {
  'use strict';

  function show(client) {
    return Promise.resolve()
      .then(() => client.interface.trigger('show', { id: 'softphone' }))
      .catch(() => undefined);
  }

  /** "Calls in" = browser: the softphone panel takes the calls, and a clicked number fills its field. */
  async function startBrowserSidebar(client, root, settings) {
    const panel = await browserSoftphone.startBrowserSoftphone(client, root, { softphone: settings.softphone, timers: settings.timers });
    client.events.on('cti.triggerDialer', (event) => {
      const data = event && event.helper ? event.helper.getData() : {};
      if (!data || !data.number) return;
      show(client);
      panel.setNumber(String(data.number));
    });
    return { panel };
  }

  async function startGlobalSidebar(client, root, options) {
    const settings = options || {};
    root.replaceChildren();
    if ((await freshdeskContext.callsIn(client)) === 'browser') return startBrowserSidebar(client, root, settings);
    const service = callService.createCallService(client);
    const agent = await freshdeskContext.loggedInAgent(client);

    const popup = inboundPopup.createInboundPopup({
      root,
      service,
      client,
      agentEmail: agent.agentEmail,
      timers: settings.timers,
      idlePollMs: settings.inboundIdlePollMs,
      callPollMs: settings.inboundCallPollMs,
    });

    const panelRoot = root.ownerDocument.createElement('div');
    root.append(panelRoot);
    const panel = callPanel.createCallPanel({
      root: panelRoot,
      service,
      timers: settings.timers,
      pollMs: settings.pollMs,
      endedMs: settings.endedMs,
      buildRequest: async () => {
        // On a ticket page the call is logged on that ticket; elsewhere the service finds one.
        const [ticket, carrier] = await Promise.all([freshdeskContext.ticketInView(client), freshdeskContext.defaultCarrier(client)]);
        return { ticketId: ticket ? ticket.id : undefined, agentEmail: agent.agentEmail, agentId: agent.agentId, carrier };
      },
    });
    panel.setTarget(null);

    client.events.on('cti.triggerDialer', (event) => {
      const data = event && event.helper ? event.helper.getData() : {};
      const number = data && data.number ? String(data.number) : '';
      if (!number) return;
      show(client);
      panel.setTarget(number);
      panel.call({ number });
    });

    popup.start();
    return { panel, popup };
  }

  return { startGlobalSidebar };
});
