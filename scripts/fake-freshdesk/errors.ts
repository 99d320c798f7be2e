/** Freshdesk's error bodies: { description, errors: [{ field, message, code }] } for validation, { code, message } otherwise. */

export interface FreshdeskReply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export class FreshdeskFailure extends Error {
  constructor(readonly reply: FreshdeskReply) {
    super(`fake Freshdesk: ${reply.status}`);
  }
}

export interface FieldError {
  field: string;
  message: string;
  code: 'missing_field' | 'invalid_value' | 'duplicate_value' | 'datatype_mismatch' | 'invalid_field';
}

export const validationFailed = (errors: FieldError[]) =>
  new FreshdeskFailure({ status: 400, json: { description: 'Validation failed', errors } });

export const invalidCredentials = () =>
  new FreshdeskFailure({ status: 401, json: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' } });

/** Freshdesk answers an unknown record with a bare 404. */
export const notFound = () => new FreshdeskFailure({ status: 404 });
