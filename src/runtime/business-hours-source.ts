/// <reference types="@twilio-labs/serverless-runtime-types" />
import { parseBusinessHours, type BusinessHours } from '../routing/business-hours';
import type { RuntimeConfig } from '../config';
import { log } from '../logging/masked-log';

const ASSET = '/business-hours.json';

/** BUSINESS_HOURS (inline JSON) when set, else the private asset assets/business-hours.private.json. */
export function loadBusinessHours(config: RuntimeConfig): BusinessHours {
  const asset = config.BUSINESS_HOURS ? undefined : Runtime.getAssets()[ASSET];
  if (!config.BUSINESS_HOURS && !asset) return parseBusinessHours('null', `asset ${ASSET} missing`);
  const source = config.BUSINESS_HOURS ? 'BUSINESS_HOURS' : `asset ${ASSET}`;
  const hours = parseBusinessHours(config.BUSINESS_HOURS ?? asset!.open(), source);
  warnPerNumberOnce(hours, source);
  return hours;
}

let warned = false;

/** Per-number schedules still work; they belong to the lines now, so say so once per process. */
function warnPerNumberOnce(hours: BusinessHours, source: string): void {
  const numbers = Object.keys(hours.numbers);
  if (warned || numbers.length === 0) return;
  warned = true;
  log.warn(`${source}: per-number schedules (${numbers.join(', ')}) are deprecated; move each to its line's "hours" in LINES or assets/lines.private.json`);
}
