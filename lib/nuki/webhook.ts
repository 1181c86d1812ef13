import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { smartlockAuthSchema, smartlockLogSchema, smartlockStateSchema } from "./schemas";

/** Decentral webhooks carry HMAC-SHA256 of the raw body, lowercase hex, keyed by the registration secret (§5.3). */
export const NUKI_SIGNATURE_HEADER = "x-nuki-signature-sha256";

export function signNukiWebhook(rawBody: string, secret: string): string {
  // Stryker disable next-line StringLiteral: "utf8" is Node's default for a string; spelled out for the reader
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("hex");
}

/**
 * Verifies the signature over the exact bytes received, in constant time. Accepts several secrets
 * so a rotated secret and its successor both verify during the overlap.
 */
export function verifyNukiSignature(
  rawBody: string,
  header: string | null | undefined,
  secrets: string | readonly string[],
): boolean {
  if (!header) return false;
  const given = header.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false; // wrong length or not hex: nothing to compare
  const givenBytes = Buffer.from(given, "hex");
  let ok = false;
  for (const secret of typeof secrets === "string" ? [secrets] : secrets) {
    if (!secret) continue;
    // Stryker disable next-line StringLiteral: "utf8" is Node's default for a string; spelled out for the reader
    const expected = createHmac("sha256", secret).update(rawBody, "utf8").digest();
    // No early exit: every secret is compared, so timing does not reveal which one matched.
    ok = timingSafeEqual(expected, givenBytes) || ok;
  }
  return ok;
}

/** Nuki deliveries have no id; the body hash is the dedupe key (reliability-performance.md §2). */
// Stryker disable next-line StringLiteral: "utf8" is Node's default for a string; spelled out for the reader
export const webhookDedupeKey = (rawBody: string) => createHash("sha256").update(rawBody, "utf8").digest("hex");

const deviceAuths = z.looseObject({
  feature: z.literal("DEVICE_AUTHS"),
  deleted: z.boolean().default(false),
  smartlockAuth: smartlockAuthSchema,
});
const deviceStatus = z.looseObject({
  feature: z.literal("DEVICE_STATUS"),
  smartlockId: z.number().int(),
  serverState: z.number().int().optional(),
  state: smartlockStateSchema.optional(),
});
const deviceLogs = z.looseObject({ feature: z.literal("DEVICE_LOGS"), smartlockLog: smartlockLogSchema });
const accountUser = z.looseObject({
  feature: z.literal("ACCOUNT_USER"),
  deleted: z.boolean().default(false),
  accountUser: z.looseObject({ accountUserId: z.number().int(), email: z.string().optional() }).optional(),
});
const other = z.looseObject({
  feature: z.enum(["DEVICE_MASTERDATA", "DEVICE_CONFIG"]),
  smartlockId: z.number().int().optional(),
});

export const nukiWebhookSchema = z.discriminatedUnion("feature", [
  deviceAuths,
  deviceStatus,
  deviceLogs,
  accountUser,
  other,
]);
const KNOWN_FEATURES = [
  "DEVICE_AUTHS",
  "DEVICE_STATUS",
  "DEVICE_LOGS",
  "ACCOUNT_USER",
  "DEVICE_MASTERDATA",
  "DEVICE_CONFIG",
] as const;
type KnownFeature = (typeof KNOWN_FEATURES)[number];

export type NukiWebhookEvent =
  | z.infer<typeof nukiWebhookSchema>
  | { feature: "UNKNOWN"; raw: unknown }
  /**
   * A known feature whose body lacks fields Portier's full schema expects (Nuki documents only
   * `id, smartlockId, authId, code, type, name` for DEVICE_AUTHS): a signal to read the lock back.
   */
  | { feature: "SPARSE"; of: KnownFeature; smartlockId: number | null; missing: string; raw: unknown };

export class WebhookPayloadError extends Error {}

/** Parses a verified body. Unknown features come back as UNKNOWN (stored, not an error); malformed JSON throws. */
export function parseNukiWebhook(rawBody: string): NukiWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new WebhookPayloadError("body is not JSON");
  }
  const parsed = nukiWebhookSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const body = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  const feature = body.feature;
  if (typeof feature === "string" && (KNOWN_FEATURES as readonly string[]).includes(feature)) {
    const nested = [body.smartlockAuth, body.smartlockLog, body].find(
      (o): o is Record<string, unknown> =>
        !!o && typeof o === "object" && typeof (o as Record<string, unknown>).smartlockId === "number",
    );
    const issue = parsed.error.issues[0];
    return {
      feature: "SPARSE",
      of: feature as KnownFeature,
      smartlockId: (nested?.smartlockId as number | undefined) ?? null,
      missing: `${issue?.path.join(".")}: ${issue?.message}`,
      raw: json,
    };
  }
  return { feature: "UNKNOWN", raw: json };
}
