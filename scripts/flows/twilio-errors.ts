/**
 * Reading Twilio's REST errors (twilio.RestException: status, code, message, details). Studio answers an
 * invalid definition with 81022 "Flow definition validation failed" and, per that error's page, "an
 * array of validation failures" in the details. The exact shape of that array is UNCONFIRMED; we read
 * `details.errors[]` entries with `message` and `property_path` when present, and print anything else as JSON.
 */
import { isRecord } from './stable-json';

export interface RestFailure {
  status: number;
  code: number | undefined;
  message: string;
  details: unknown;
}

export function asRestFailure(error: unknown): RestFailure | undefined {
  if (!isRecord(error) || typeof error.status !== 'number') return undefined;
  return {
    status: error.status,
    code: typeof error.code === 'number' ? error.code : undefined,
    message: typeof error.message === 'string' ? error.message : `HTTP ${error.status}`,
    details: error.details,
  };
}

export const FLOW_VALIDATION_FAILED = 81022;

/** One line per validation failure in an error's details; empty when it has none. */
export function detailLines(details: unknown): string[] {
  if (details === undefined || details === null) return [];
  const list = isRecord(details) && Array.isArray(details.errors) ? details.errors : Array.isArray(details) ? details : undefined;
  if (!list) return [JSON.stringify(details)];
  return list.map((entry) => {
    if (!isRecord(entry) || typeof entry.message !== 'string') return JSON.stringify(entry);
    return typeof entry.property_path === 'string' && entry.property_path !== ''
      ? `${entry.property_path}: ${entry.message}`
      : entry.message;
  });
}

export function describeFailure(failure: RestFailure): string {
  return `${failure.message} (HTTP ${failure.status}${failure.code === undefined ? '' : `, Twilio error ${failure.code}`})`;
}
