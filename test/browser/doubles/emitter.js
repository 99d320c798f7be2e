/** The small event emitter both SDKs' objects are: on(name, handler), and emit for the double. */
class Emitter {
  constructor() {
    this.handlers = {};
  }
  on(name, handler) {
    (this.handlers[name] = this.handlers[name] || []).push(handler);
    return this;
  }
  emit(name, ...args) {
    for (const handler of this.handlers[name] || []) handler(...args);
  }
}

/** Where the test finds and drives the doubles (page.evaluate), in the page's window. */
function doubles() {
  window.sdkDouble = window.sdkDouble || { twilio: { devices: [] }, at: { clients: [] } };
  return window.sdkDouble;
}

/** Both SDKs take the microphone with getUserMedia when a call starts or is answered. */
async function microphone() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) track.stop();
}

module.exports = { Emitter, doubles, microphone };
