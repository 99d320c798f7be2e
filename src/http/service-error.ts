/**
 * Another service's API (a helpdesk's) did not do what was asked: `status` is null when it did not
 * answer, and `ambiguous` says the request may have been applied anyway (a timeout, a dropped
 * connection), so a retry must look before it writes again.
 */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly ambiguous: boolean,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
