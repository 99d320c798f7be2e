/**
 * africastalking-client as its vendor ships it. Its package `main` is an absolute path that
 * resolves nowhere, so the bundle is taken by its file. The bundle's regenerator runtime assigns
 * a global `regeneratorRuntime` and, if that assignment throws, falls back to `Function(...)`,
 * which a strict CSP (no 'unsafe-eval') refuses: a declared global takes the assignment instead.
 */
if (!('regeneratorRuntime' in globalThis)) globalThis.regeneratorRuntime = undefined;
module.exports = require('africastalking-client/build/africastalking.js');
