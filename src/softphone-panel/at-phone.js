/**
 * The panel's phone on Africa's Talking: the WebRTC client's `Client` (africastalking-client 1.0.7),
 * used as its README and bundle define it: events ready / notready / incomingcall / callaccepted /
 * hangup / offline (token expired) / closed (socket closed); methods call / answer / hangup / dtmf /
 * muteAudio / unmuteAudio / logout.
 *
 * `Client` is passed in (the real SDK on the pages, a double in the tests), and so is `placeCall`:
 * an AT browser call dials the number the service queued for this agent (POST /softphone/call), so
 * the service is asked first and the client then calls the number it answered.
 * The client declines a call quietly when it cannot get the microphone, so the microphone is
 * checked here first, to say so.
 */
async function checkMicrophone(media) {
  if (!media || !media.getUserMedia) return;
  try {
    const stream = await media.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) track.stop();
  } catch (error) {
    const denied = error && (error.name === 'NotAllowedError' || error.name === 'SecurityError' || error.name === 'NotFoundError');
    throw { kind: denied ? 'microphone' : 'other', message: (error && error.message) || String(error) };
  }
}

function atPhone(Client, { placeCall, media = globalThis.navigator && globalThis.navigator.mediaDevices }) {
  return (token, events) => {
    let client = null;
    let onCall = false;
    let pendingToken = null;

    function connect(current) {
      client = new Client(current);
      const mine = client;
      const on = (name, handler) => mine.on(name, (...args) => mine === client && handler(...args), false);
      on('ready', () => events.ready());
      on('notready', () => events.offline());
      on('incomingcall', (params) => {
        onCall = true;
        events.incoming({ from: params && params.from });
      });
      on('callaccepted', () => {
        onCall = true;
        events.connected();
      });
      on('hangup', () => {
        onCall = false;
        events.ended();
        if (pendingToken) swap();
      });
      on('offline', () => events.error({ kind: 'token-expired', message: 'the capability token expired' }));
      on('closed', () => events.error({ kind: 'unreachable', message: 'the connection to Africa\'s Talking closed' }));
    }

    function swap() {
      const next = pendingToken;
      pendingToken = null;
      const old = client;
      client = null; // its sign-out is not this phone going offline
      old.logout();
      connect(next);
    }

    return {
      start: () => connect(token),
      // The client takes its token once, when it is made: a renewed token is a new client,
      // after the call if one is on.
      updateToken(next) {
        pendingToken = next;
        if (!onCall) swap();
      },
      async call({ number, ticketId }) {
        await checkMicrophone(media);
        const answer = await placeCall({ number, ticketId });
        onCall = true;
        client.call(answer.number);
      },
      async accept() {
        await checkMicrophone(media);
        client.answer();
      },
      reject() {
        onCall = false;
        client.hangup();
      },
      hangUp: () => client.hangup(),
      mute: (on) => (on ? client.muteAudio() : client.unmuteAudio()),
      digit: (d) => client.dtmf(d),
      stop: () => client && client.logout(),
    };
  };
}

module.exports = { atPhone, checkMicrophone };
