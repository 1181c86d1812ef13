import "server-only";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new endpoint secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export const newEndpointSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

/**
 * The three Standard Webhooks headers for one attempt. Signing goes through the maintained
 * `standardwebhooks` package (the reference implementation receivers verify with) rather than a
 * hand-written HMAC. The timestamp is the attempt's own time: receivers reject old ones, so a
 * retry a day later must not carry the first attempt's time; the id stays the event's.
 */
export function signedHeaders(secret: string, eventId: string, at: Date, body: string) {
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(eventId, at, body),
  };
}
