/**
 * Zammad's error answers: the fixed texts its controllers render, and the exceptions that
 * ApplicationController::HandlesErrors turns into responses (rescue_from + humanize_error, newest stored version:
 * app/controllers/application_controller/handles_errors.rb, 2023 header).
 */
import { randomBytes } from 'node:crypto';

/** Texts Zammad sends. Compare with these rather than with literals: some changed between Zammad versions. */
export const ZAMMAD_MESSAGES = {
  featureDisabled: 'Feature is disabled, please contact your administrator!',
  featureNotConfigured: 'Feature not configured, please contact your admin!',
  invalidToken: 'Invalid token, please contact your admin!',
  /** Research 1.3 (newest code). Zammad 2021 said "Invalid direction!". */
  invalidDirection: "Invalid 'direction'!",
  /** humanize_error since 2023. Zammad 2021 said "Object already exists!". */
  alreadyExists: 'This object already exists.',
  authenticationRequired: 'Authentication required',
  unknownToken: "Can't find User for Token",
  invalidBasicAuth: 'Invalid BasicAuth credentials',
  notAuthorized: 'Not authorized',
} as const;

/** The opaque text humanize_error gives a caller that is not an admin (the CTI endpoint has no user at all). */
export const OPAQUE_ERROR = /^Error ID [A-Za-z0-9_-]{8}: Please contact your administrator\.$/;

/** Which rescue_from handler an exception reaches. */
export type ExceptionKind =
  | 'StandardError' // internal_server_error, 500
  | 'ArgumentError' // unprocessable_entity, 422
  | 'StatementInvalid' // unprocessable_entity, 422
  | 'RecordNotFound' // not_found, 404
  | 'RoutingError' // not_found, 404
  | 'NotAuthorized' // unauthorized, 401 + X-Failure
  | 'Forbidden'; // forbidden, 403 + X-Failure

const STATUS: Record<ExceptionKind, number> = {
  StandardError: 500,
  ArgumentError: 422,
  StatementInvalid: 422,
  RecordNotFound: 404,
  RoutingError: 404,
  NotAuthorized: 401,
  Forbidden: 403,
};

/** A Ruby exception raised inside a Zammad controller; `message` is the Ruby message (what Zammad logs). */
export class ZammadException extends Error {
  constructor(
    readonly kind: ExceptionKind,
    message: string,
  ) {
    super(message);
  }
}

/** Postgres ≥ 13 wording of a NOT NULL violation, which humanize_error's regex then reads. */
export function notNullViolation(column: string, table: string): ZammadException {
  return new ZammadException(
    'StatementInvalid',
    `PG::NotNullViolation: ERROR:  null value in column "${column}" of relation "${table}" violates not-null constraint`,
  );
}

export function valueTooLong(limit: number): ZammadException {
  return new ZammadException(
    'StatementInvalid',
    `PG::StringDataRightTruncation: ERROR:  value too long for type character varying(${limit})`,
  );
}

export interface Reply {
  status: number;
  /** Sent as Rails JSON (application/json; charset=utf-8) unless `html` is set. */
  json?: unknown;
  html?: string;
  headers?: Record<string, string>;
}

/** humanize_error: the body Zammad renders for an exception. */
export function humanizeError(error: ZammadException): { error: string; error_human?: string } {
  const message = error.message;
  let human: string | undefined;
  let match: RegExpExecArray | null;
  if (/(already exists|duplicate key|duplicate entry)/i.test(message)) {
    human = ZAMMAD_MESSAGES.alreadyExists;
  } else if (
    (match = /null value in column "(.+?)" violates not-null constraint/i.exec(message)) ||
    (match = /Field '(.+?)' doesn't have a default value/i.exec(message))
  ) {
    human = `Attribute '${match[1]}' required!`;
  } else if (['RoutingError', 'RecordNotFound', 'NotAuthorized', 'Forbidden'].includes(error.kind)) {
    human = message;
  }
  if (human) return { error: human, error_human: human };
  // Nobody calling the fake is an admin, so the details are hidden behind a one-time id.
  return { error: `Error ID ${randomBytes(6).toString('base64url')}: Please contact your administrator.` };
}

/**
 * respond_to_exception: JSON when the request's first acceptable format is JSON or *∕*, otherwise Rails' format.any
 * branch renders public/<status>.html. Rails ignores browser-like Accept lists (a *∕* mixed with other types) and a
 * missing Accept header, and then assumes HTML.
 */
export function exceptionReply(error: ZammadException, accept: string | undefined): Reply {
  const status = STATUS[error.kind];
  const body = humanizeError(error);
  const headers: Record<string, string> = {};
  if (error.kind === 'NotAuthorized' || error.kind === 'Forbidden') headers['X-Failure'] = body.error_human ?? body.error;
  if (wantsJson(accept)) return { status, json: body, headers };
  return { status, html: errorPage(status, body.error), headers };
}

export function wantsJson(accept: string | undefined): boolean {
  if (!accept || !accept.trim()) return false;
  if (/,\s*\*\/\*|\*\/\*\s*,/.test(accept)) return false; // Rails' BROWSER_LIKE_ACCEPTS
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const q = parameters.find((parameter) => parameter.startsWith('q='));
      return { type: type.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((range) => range.type && !(range.q <= 0))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const first = ranges[0]?.type;
  return first === '*/*' || first === 'application/json' || first === 'text/x-json' || first === 'application/jsonrequest';
}

const PAGE_TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'The page you were looking for does not exist.',
  422: 'The change you wanted was rejected.',
  500: "We're sorry, but something went wrong.",
};

/** A stand-in for Zammad's public/<status>.html (the real pages are styled; the fake keeps the title and message). */
export function errorPage(status: number, message: string): string {
  const title = PAGE_TITLES[status] ?? 'Error';
  return `<!DOCTYPE html>\n<html>\n<head><title>${status}: ${escapeHtml(title)}</title></head>\n<body>\n<h1>${status}: ${escapeHtml(title)}</h1>\n<div>${escapeHtml(message)}</div>\n</body>\n</html>\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
