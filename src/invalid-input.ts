/**
 * What a carrier or helpdesk sent us is not what it should be (a missing or malformed field).
 * Adapters raise this; the runtime's error table turns it into a 400.
 */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}
