/**
 * Why the runtime's wrappers refuse a request before any handler runs. Each has its own row in
 * the error table (error-mapping.ts); none carries a status of its own, so nothing can hand the
 * table a status it did not choose.
 */

/** No bearer token, or the wrong one (the dashboard and operators' endpoints). */
export class UnauthenticatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** The request does not prove where it comes from: a Twilio or Zammad signature, Africa's Talking's URL key. */
export class UnverifiedSenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnverifiedSenderError';
  }
}

/** The endpoint belongs to a carrier or helpdesk this deployment has not configured. */
export class FeatureOffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureOffError';
  }
}
