/**
 * A double of @twilio/voice-sdk 2.x's Device and Call, with the documented events and methods the
 * panel uses (Device: register, updateToken, connect, destroy; events registered, unregistered,
 * incoming, error, tokenWillExpire. Call: accept, reject, disconnect, mute, isMuted, sendDigits,
 * parameters; events accept, disconnect, cancel, reject, error). Media and signalling are not
 * played: the test drives the carrier's side through window.sdkDouble.
 * Errors carry the SDK's codes: 31401 (UserMedia PermissionDeniedError), 53000 (signalling
 * ConnectionError).
 */
const { Emitter, doubles, microphone } = require('./emitter');

class TwilioError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

class Call extends Emitter {
  constructor(parameters, customParameters) {
    super();
    this.parameters = parameters;
    this.customParameters = customParameters;
    this.status = 'pending';
    this.muted = false;
    this.digits = [];
  }
  async accept() {
    try {
      await microphone();
    } catch (error) {
      return this.emit('error', new TwilioError(31401, `PermissionDeniedError: ${error.message}`));
    }
    this.status = 'open';
    this.emit('accept', this);
  }
  reject() {
    this.status = 'closed';
    this.emit('reject');
  }
  disconnect() {
    if (this.status === 'closed') return;
    this.status = 'closed';
    this.emit('disconnect', this);
  }
  mute(on = true) {
    this.muted = on;
    this.emit('mute', on, this);
  }
  isMuted() {
    return this.muted;
  }
  sendDigits(digits) {
    this.digits.push(digits);
  }
  // The carrier's side, for the test.
  answered() {
    this.status = 'open';
    this.emit('accept', this);
  }
  hungUp() {
    this.status = 'closed';
    this.emit('disconnect', this);
  }
  cancelled() {
    this.status = 'closed';
    this.emit('cancel');
  }
}

class Device extends Emitter {
  constructor(token, options) {
    super();
    this.token = token;
    this.tokens = [token];
    this.options = options;
    this.state = 'unregistered';
    this.calls = [];
    this.connects = [];
    doubles().twilio.devices.push(this);
  }
  async register() {
    await Promise.resolve();
    this.state = 'registered';
    this.emit('registered');
  }
  updateToken(token) {
    this.token = token;
    this.tokens.push(token);
  }
  async connect(options) {
    this.connects.push(options);
    await microphone().catch((error) => {
      throw new TwilioError(31401, `PermissionDeniedError: ${error.message}`);
    });
    const call = new Call({}, new Map(Object.entries(options.params || {})));
    this.calls.push(call);
    return call;
  }
  destroy() {
    this.state = 'destroyed';
    this.emit('destroy');
  }
  // The carrier's side, for the test.
  ring(from) {
    const call = new Call({ From: from, CallSid: `CA${this.calls.length}` }, new Map());
    this.calls.push(call);
    this.emit('incoming', call);
    return call;
  }
  lostSignalling() {
    this.state = 'unregistered';
    this.emit('error', new TwilioError(53000, 'ConnectionError: Raised whenever a signaling connection error occurs'));
    this.emit('unregistered');
  }
  tokenExpiresSoon() {
    this.emit('tokenWillExpire', this);
  }
}

module.exports = { Device, Call, TwilioError };
