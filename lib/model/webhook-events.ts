/**
 * The events an endpoint may subscribe to (Standard Webhooks `type`), with the words the settings
 * page shows. Client-safe: the form imports it.
 */
export const WEBHOOK_EVENT_TYPES = {
  "window.created": "Window created",
  "window.updated": "Window changed",
  "window.deleted": "Window removed",
  "access.applied": "Access on the lock",
  "access.failed": "Access failed",
  "access.lock_offline": "Access waiting for an offline lock",
  "lock.offline": "Lock went offline",
  "lock.online": "Lock came back online",
  "entry.recorded": "Entry at a door",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;
export const webhookEventTypeList = Object.keys(WEBHOOK_EVENT_TYPES) as WebhookEventType[];
