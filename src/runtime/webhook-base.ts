import type { Context } from '@twilio-labs/serverless-runtime-types/types';
import { publicUrl } from '../carriers/twilio/signature';
import type { RuntimeConfig } from '../config';
import { header, type Event } from './params';

/** The absolute base URL Twilio reaches these Functions at (REST-created calls need absolute callbacks). */
export function webhookBase(config: RuntimeConfig, context: Context, event: Event): string {
  return publicUrl({
    publicBaseUrl: config.PUBLIC_BASE_URL,
    domainName: context.DOMAIN_NAME,
    host: header(event, 'host'),
    path: '',
    query: {},
  });
}
