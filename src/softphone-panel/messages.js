/**
 * What the softphone says when something goes wrong, as sentences an agent can act on. Phone
 * adapters report problems as { kind, message }; the kinds are the adapter contract in ./panel.js.
 */
const time = (date) => date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const reason = (failure) => (failure && failure.message ? failure.message : String(failure));

const MESSAGES = {
  tokenFailed: (failure) => `Could not sign in to the softphone: ${reason(failure)}`,
  renewFailed: (failure) => `Your softphone sign-in could not be renewed (${reason(failure)}). Calls may stop ringing here when it expires: reopen your softphone link.`,
  renewed: (expiresAt) => `Sign-in renewed until ${time(expiresAt)}.`,
  heartbeatFailed: (failure) => `Could not tell the service you are here (${reason(failure)}); retrying in 30 s.`,
  noPhoneFor: (carrier) => `This softphone cannot use the carrier ${JSON.stringify(carrier)}.`,
  badNumber: (value) => `${JSON.stringify(value)} is not a number to call: write it with + and the country code, e.g. +254711000111.`,
  callRefused: (failure) => `The call was not placed: ${reason(failure)}`,
};

const PROBLEMS = {
  microphone: 'The browser may not use your microphone. Allow the microphone for this page (the icon in the address bar), then try again.',
  'token-expired': 'Your softphone sign-in expired; renewing it…',
  unreachable: 'Cannot reach the phone carrier. Check your internet connection; the softphone keeps trying.',
};

function describePhoneError(problem) {
  const known = PROBLEMS[problem && problem.kind];
  if (known) return known;
  return `The softphone reported a problem: ${(problem && problem.message) || 'unknown error'}`;
}

module.exports = { MESSAGES, describePhoneError };
