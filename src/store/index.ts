export * from './item-map';
export { removeItem, updateItem } from './update-item';
export { SyncItemMap } from './sync-item-map';
export { createTwilioClient, type TwilioClient } from './twilio-client';
export { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
export { MemoryItemMap } from './memory-item-map';
