/**
 * The service as /softphone.html sees it: the agent's softphone link (`agent`, `exp`, `sig` in the
 * page's query) is the credential for every request, sent back in the JSON body.
 */
class ServiceError extends Error {}

function createLinkService({ search, fetch = globalThis.fetch.bind(globalThis), sendBeacon }) {
  const query = new URLSearchParams(search);
  const link = { agent: query.get('agent') || '', exp: query.get('exp') || '', sig: query.get('sig') || '' };
  // Not signed: which carrier to use is the agent's choice (`&carrier=africastalking`); default CARRIER.
  const carrier = query.get('carrier') || undefined;

  async function post(path, fields) {
    let response;
    try {
      response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...link, ...fields }),
        cache: 'no-store',
      });
    } catch {
      throw new ServiceError('cannot reach the service; check your connection');
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new ServiceError(body.error || `the service answered ${response.status}`);
    return body;
  }

  return {
    link,
    token: () => post('/softphone/token', carrier ? { carrier } : {}),
    heartbeat(state, carrier) {
      const fields = carrier ? { state, carrier } : { state };
      // A closing page cannot wait for an answer; a beacon still leaves.
      if (state === 'offline' && sendBeacon) {
        const sent = sendBeacon('/softphone/heartbeat', new Blob([JSON.stringify({ ...link, ...fields })], { type: 'application/json' }));
        if (sent) return Promise.resolve();
      }
      return post('/softphone/heartbeat', fields);
    },
    placeCall: ({ number, ticketId }) => post('/softphone/call', ticketId === undefined ? { number } : { number, ticketId }),
  };
}

module.exports = { createLinkService, ServiceError };
