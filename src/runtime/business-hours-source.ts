/// <reference types="@twilio-labs/serverless-runtime-types" />
import { parseBusinessHours, type BusinessHours } from '../routing/business-hours';
import type { RuntimeConfig } from '../config';

const ASSET = '/business-hours.json';

/** BUSINESS_HOURS (inline JSON) when set, else the private asset assets/business-hours.private.json. */
export function loadBusinessHours(config: RuntimeConfig): BusinessHours {
  if (config.BUSINESS_HOURS) return parseBusinessHours(config.BUSINESS_HOURS, 'BUSINESS_HOURS');
  const asset = Runtime.getAssets()[ASSET];
  if (!asset) return parseBusinessHours('null', `asset ${ASSET} missing`);
  return parseBusinessHours(asset.open(), `asset ${ASSET}`);
}
