/**
 * What the app needs from the Freshdesk page through the FDK client: who the agent is, the
 * ticket and requester in view, and the non-secure installation parameters.
 * The app secret is a secure iparam: it never reaches this code, only the request templates.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.HelpdeskVoice = Object.assign(root.HelpdeskVoice || {}, { freshdeskContext: factory() });
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const CARRIERS = ['twilio', 'africastalking'];

  /** { agentEmail, agentId } of the logged-in agent; Freshdesk keeps the email on its contact. */
  async function loggedInAgent(client) {
    const { loggedInUser } = await client.data.get('loggedInUser');
    const contact = (loggedInUser && loggedInUser.contact) || {};
    return {
      agentEmail: contact.email || (loggedInUser && loggedInUser.email) || undefined,
      agentId: loggedInUser ? loggedInUser.id : undefined,
      name: contact.name || undefined,
    };
  }

  /** The ticket in view, or null where there is none (the global sidebar away from a ticket). */
  async function ticketInView(client) {
    try {
      const { ticket } = await client.data.get('ticket');
      return ticket && ticket.id !== undefined ? ticket : null;
    } catch (_) {
      return null;
    }
  }

  /** The requester's number as Freshdesk holds it: the phone first, like the service picks it. */
  async function requesterNumber(client) {
    try {
      const { contact } = await client.data.get('contact');
      if (!contact) return null;
      return contact.phone || contact.mobile || null;
    } catch (_) {
      return null;
    }
  }

  async function defaultCarrier(client) {
    try {
      const iparams = await client.iparams.get();
      return iparams && CARRIERS.includes(iparams.default_carrier) ? iparams.default_carrier : undefined;
    } catch (_) {
      // Without it the service uses its own default carrier.
      return undefined;
    }
  }

  /** 'browser' when the installation takes calls in the sidebar's softphone, else 'phone'. */
  async function callsIn(client) {
    try {
      const iparams = await client.iparams.get();
      return iparams && iparams.calls_in === 'browser' ? 'browser' : 'phone';
    } catch (_) {
      return 'phone';
    }
  }

  return { CARRIERS, loggedInAgent, ticketInView, requesterNumber, defaultCarrier, callsIn };
});
