/**
 * A double of africastalking-client 1.0.7's Client (its README and bundle): on(event, handler),
 * call, answer, hangup, dtmf, muteAudio, unmuteAudio, isAudioMuted, logout; events ready, notready,
 * calling, incomingcall ({ from }), callaccepted, hangup ({ code, reason }), offline, closed.
 * The carrier's side is driven by the test through window.sdkDouble.
 */
const { Emitter, doubles } = require('../../emitter');

class Client extends Emitter {
  constructor(token, options) {
    super();
    this.token = token;
    this.options = options;
    this.calls = [];
    this.digits = [];
    this.muted = false;
    this.loggedOut = false;
    this.answered = 0;
    doubles().at.clients.push(this);
    // The real client opens its socket and registers when it is made.
    setTimeout(() => this.emit('ready'), 0);
  }
  call(to) {
    this.calls.push(to);
    this.emit('calling');
  }
  answer() {
    this.answered++;
    this.emit('callaccepted');
  }
  hangup() {
    this.emit('hangup', { code: 16, reason: 'Normal Clearing' });
  }
  dtmf(digit) {
    this.digits.push(digit);
  }
  muteAudio() {
    this.muted = true;
  }
  unmuteAudio() {
    this.muted = false;
  }
  isAudioMuted() {
    return this.muted;
  }
  logout() {
    this.loggedOut = true;
    this.emit('notready');
  }
  // The carrier's side, for the test.
  ring(from) {
    this.emit('incomingcall', { from });
  }
  pickedUp() {
    this.emit('callaccepted');
  }
  closedSocket() {
    this.emit('closed');
  }
}

module.exports = { Client };
