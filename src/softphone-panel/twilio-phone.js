/**
 * The panel's phone on Twilio: the Voice JS SDK's Device and Call (2.x), used as documented.
 * `Device` is passed in (the real SDK on the pages, a double in the tests).
 */

// Twilio Voice SDK error codes (the SDK's errors/generated.js).
const MICROPHONE = new Set([31401, 31402, 31208]); // UserMedia PermissionDenied / AcquisitionFailed, legacy denial
const TOKEN_EXPIRED = new Set([20104, 31205]); // AccessTokenExpired, JWT token expired
const UNREACHABLE = new Set([31005, 31009, 53000, 53405]); // gateway / transport / signalling / media connection

function problemOf(error) {
  const code = error && typeof error.code === 'number' ? error.code : 0;
  const message = (error && error.message) || 'unknown error';
  if (MICROPHONE.has(code)) return { kind: 'microphone', message };
  if (TOKEN_EXPIRED.has(code)) return { kind: 'token-expired', message };
  if (UNREACHABLE.has(code)) return { kind: 'unreachable', message };
  return { kind: 'other', message: `${message}${code ? ` (${code})` : ''}` };
}

function twilioPhone(Device) {
  return (token, events) => {
    const device = new Device(token, { closeProtection: true });
    let call = null;
    // A browser leg hears the same "press 1 to accept" whisper as a phone (README, Softphone):
    // accepting answers the leg, then presses the 1 for the agent.
    let pressOneOnAccept = false;

    function follow(current, outgoing) {
      call = current;
      current.on('accept', () => {
        if (pressOneOnAccept) current.sendDigits('1');
        pressOneOnAccept = false;
        events.connected();
      });
      const end = () => {
        if (call !== current) return;
        call = null;
        pressOneOnAccept = false;
        events.ended();
      };
      for (const name of ['disconnect', 'cancel', 'reject']) current.on(name, end);
      current.on('error', (error) => {
        const problem = problemOf(error);
        events.error(problem);
        // Without a microphone an outgoing call cannot go on; an incoming one still rings, to reject.
        if (problem.kind === 'microphone' && outgoing) current.disconnect();
      });
    }

    device.on('registered', () => events.ready());
    device.on('unregistered', () => events.offline());
    device.on('error', (error) => events.error(problemOf(error)));
    device.on('tokenWillExpire', () => events.tokenWillExpire());
    device.on('incoming', (incoming) => {
      // One call at a time: a second offer while on a call is turned away.
      if (call) return incoming.reject();
      follow(incoming, false);
      events.incoming({ from: incoming.parameters && incoming.parameters.From });
    });

    return {
      start: () => device.register(),
      updateToken: (next) => device.updateToken(next),
      async call({ number, ticketId }) {
        const params = { To: number };
        if (ticketId !== undefined) params.ticketId = ticketId;
        let outgoing;
        try {
          outgoing = await device.connect({ params });
        } catch (error) {
          throw problemOf(error);
        }
        follow(outgoing, true);
      },
      accept() {
        pressOneOnAccept = true;
        call && call.accept();
      },
      reject: () => call && call.reject(),
      hangUp: () => call && call.disconnect(),
      mute: (on) => call && call.mute(on),
      digit: (d) => call && call.sendDigits(d),
      stop: () => device.destroy(),
    };
  };
}

module.exports = { twilioPhone, problemOf };
