/** A refusal or failure the CLIs print as it is (no stack): the message says what to do. */
export class FlowToolError extends Error {
  constructor(
    message: string,
    /** Extra lines, e.g. one per lint problem. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'FlowToolError';
  }
}

/** An error's message; duck-typed, since errors from Node's own modules fail `instanceof Error` under jest. */
export function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
