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
 *
 * Several secrets (during a rotation: the new one first, then the old) give one `v1,` entry each,
 * space-separated, as the Standard Webhooks spec has it: a receiver still on the old secret and one
 * already on the new both find a signature they accept.
 */
export function signedHeaders(secrets: readonly string[], eventId: string, at: Date, body: string) {
  if (secrets.length === 0) throw new Error("signedHeaders needs at least one secret");
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(eventId, at, body)).join(" "),
  };
}
