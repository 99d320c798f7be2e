/**
 * A stand-in for the FDK 3.0 front-end `client`, following the shapes in Freshworks' docs:
 * - request.invokeTemplate(name, { context, body }) resolves { status, headers, response: string }
 *   and rejects { status, headers, response } when the call fails;
 * - data.get('ticket' | 'contact' | 'loggedInUser') resolves { ticket } / { contact } / { loggedInUser };
 * - events.on(name, cb) hands cb an event whose helper.getData() carries the payload;
 * - interface.trigger(action, { id, value }) and iparams.get() resolve.
 * Each template answers from a queue the test fills, so a test reads like the call it plays.
 */
function createFdkClient({ ticket, contact, loggedInUser, iparams } = {}) {
  const answers = { clickToCall: [], callStatus: [], agentCall: [], softphoneToken: [], softphoneHeartbeat: [], softphoneCall: [] };
  const invocations = [];
  const handlers = {};
  const triggers = [];

  const client = {
    request: {
      invokeTemplate: jest.fn(async (name, options) => {
        invocations.push({ name, options });
        const queue = answers[name];
        if (!queue) throw { status: 400, headers: {}, response: 'Unknown template ' + name };
        // The last answer repeats, like a service that keeps saying the same thing.
        const answer = queue.length > 1 ? queue.shift() : queue[0];
        if (!answer) throw { status: 504, headers: {}, response: 'Timeout error while processing the request.' };
        if (answer.status >= 400 || answer.status === 0) {
          throw { status: answer.status, headers: {}, response: answer.body === undefined ? '' : JSON.stringify(answer.body) };
        }
        return { status: answer.status, headers: { 'content-type': 'application/json' }, response: JSON.stringify(answer.body) };
      }),
    },
    data: {
      get: jest.fn(async (name) => {
        if (name === 'ticket' && ticket) return { ticket };
        if (name === 'contact' && contact) return { contact };
        if (name === 'loggedInUser' && loggedInUser) return { loggedInUser };
        throw { message: 'Data API ' + name + ' is not available on this page' };
      }),
    },
    events: {
      on: jest.fn((name, callback) => {
        (handlers[name] = handlers[name] || []).push(callback);
      }),
    },
    interface: {
      trigger: jest.fn(async (action, payload) => {
        triggers.push({ action, payload });
        return { success: true };
      }),
    },
    iparams: {
      get: jest.fn(async () => Object.assign({ service_host: 'voice.example.com', default_carrier: 'twilio' }, iparams || {})),
    },
    instance: { resize: jest.fn(async () => ({ success: true })) },
  };

  return {
    client,
    invocations,
    triggers,
    /** Queues answers for a template: { status, body }. */
    answer(name, ...responses) {
      answers[name].push(...responses);
    },
    /** Fires a product event the way Freshdesk does. */
    fire(name, data) {
      for (const callback of handlers[name] || []) callback({ type: name, helper: { getData: () => data } });
    },
  };
}

/** Lets awaited promises (the stubbed FDK calls) settle without moving the fake clock. */
async function settle() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

/** Moves the fake clock and lets what it started finish. */
async function advance(ms) {
  await jest.advanceTimersByTimeAsync(ms);
  await settle();
}

module.exports = { createFdkClient, settle, advance };
