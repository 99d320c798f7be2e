/// <reference types="@twilio-labs/serverless-runtime-types" />
import { parseLines, type Lines } from '../routing/lines';
import type { RuntimeConfig } from '../config';

const ASSET = '/lines.json';

/** LINES (inline JSON) when set, else the private asset assets/lines.private.json; without either every number is the default line. */
export function loadLines(config: RuntimeConfig): Lines {
  if (config.LINES) return parseLines(config.LINES, 'LINES');
  const asset = Runtime.getAssets()[ASSET];
  return asset ? parseLines(asset.open(), `asset ${ASSET}`) : {};
}
