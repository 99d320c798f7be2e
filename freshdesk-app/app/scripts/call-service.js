/**
 * The phone service as the app sees it: the three request templates in config/requests.json,
 * and the service's failures turned into sentences an agent can act on.
 *
 * Loaded by a plain <script> tag in the app (no build step) and by require() in the tests,
 * hence the small wrapper at the top.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.HelpdeskVoice = Object.assign(root.HelpdeskVoice || {}, { callService: factory() });
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  // Names of the templates in config/requests.json; the schema test checks each one exists there.
  const TEMPLATES = Object.freeze({
    clickToCall: 'clickToCall',
    callStatus: 'callStatus',
    agentCall: 'agentCall',
    softphoneToken: 'softphoneToken',
    softphoneHeartbeat: 'softphoneHeartbeat',
    softphoneCall: 'softphoneCall',
  });

  const UNREACHABLE =
    "The phone service can't be reached right now. Try again in a minute; if it keeps failing, tell your Freshdesk admin.";

  /** Our service answers errors as JSON { error }; the platform's own failures may be plain text. */
  function serviceMessage(response) {
    if (typeof response !== 'string' || response === '') return undefined;
    try {
      const body = JSON.parse(response);
      return body && typeof body.error === 'string' && body.error !== '' ? body.error : undefined;
    } catch (_) {
      return undefined;
    }
  }

  /** A rejected invokeTemplate ({ status, response }) or anything else thrown, as one sentence. */
  function describeFailure(failure) {
    const status = failure && typeof failure.status === 'number' ? failure.status : 0;
    const message = serviceMessage(failure && failure.response);
    if (status === 401 || status === 403) {
      return 'The phone service refused this app. Ask your Freshdesk admin to set the app secret to the service\'s FRESHDESK_APP_SECRET.';
    }
    if (status === 404) return message || 'The phone service could not find this ticket in Freshdesk.';
    if (status === 409) return message || 'You are already on a call. Finish it, then try again.';
    if (status === 422) {
      return message || 'This requester has no phone number in Freshdesk. Add one to the contact, then try again.';
    }
    if (status === 429) return 'Freshdesk is holding back this app\'s requests for a moment. Try again in a minute.';
    if (status >= 400 && status < 500) return message || 'The phone service could not place this call (' + status + ').';
    // 5xx, a platform timeout, or no answer at all: to the agent these are the same thing.
    return UNREACHABLE;
  }

  class CallServiceError extends Error {
    constructor(failure) {
      super(describeFailure(failure));
      this.name = 'CallServiceError';
      this.status = failure && typeof failure.status === 'number' ? failure.status : 0;
    }
  }

  function parseBody(result) {
    if (!result || typeof result.response !== 'string' || result.response === '') return {};
    return JSON.parse(result.response);
  }

  function createCallService(client) {
    async function invoke(name, options) {
      let result;
      try {
        result = await client.request.invokeTemplate(name, options);
      } catch (failure) {
        throw new CallServiceError(failure);
      }
      try {
        return parseBody(result);
      } catch (_) {
        // A 2xx that is not our JSON means something between us and the service answered.
        throw new CallServiceError({ status: 502 });
      }
    }

    return {
      /** Places a call: the agent's phone rings first, then the customer's. Resolves { callId }. */
      placeCall({ ticketId, agentEmail, agentId, number, carrier }) {
        const body = {};
        if (ticketId !== undefined && ticketId !== null) body.ticketId = ticketId;
        if (agentEmail) body.agentEmail = agentEmail;
        else if (agentId !== undefined && agentId !== null) body.agentId = agentId;
        if (number) body.number = number;
        if (carrier) body.carrier = carrier;
        return invoke(TEMPLATES.clickToCall, { context: {}, body: JSON.stringify(body) });
      },
      /** Resolves { state, endedReason?, durationSeconds? }. */
      callStatus(callId) {
        return invoke(TEMPLATES.callStatus, { context: { callId: String(callId) } });
      },
      /** Resolves { call: null | { callId, direction, state, callerNumber, contact, ticket } }. */
      agentCall(agentEmail) {
        return invoke(TEMPLATES.agentCall, { context: { agentEmail } });
      },
      /** The browser softphone's token for this agent: { carrier, identity, token, expiresAt }. */
      softphoneToken({ agentEmail, carrier }) {
        return invoke(TEMPLATES.softphoneToken, { context: {}, body: JSON.stringify(carrier ? { agentEmail, carrier } : { agentEmail }) });
      },
      /** Keeps the agent signed in to the softphone (every 30 s), or signs them out (`offline`). */
      softphoneHeartbeat({ agentEmail, state, carrier }) {
        return invoke(TEMPLATES.softphoneHeartbeat, { context: {}, body: JSON.stringify(carrier ? { agentEmail, state, carrier } : { agentEmail, state }) });
      },
      /** Africa's Talking: queues the number the browser then calls. Resolves { number }. */
      softphoneCall({ agentEmail, number, ticketId }) {
        const body = { agentEmail, number };
        if (ticketId !== undefined && ticketId !== null) body.ticketId = String(ticketId);
        return invoke(TEMPLATES.softphoneCall, { context: {}, body: JSON.stringify(body) });
      },
    };
  }

  return { TEMPLATES, UNREACHABLE, describeFailure, CallServiceError, createCallService };
});
