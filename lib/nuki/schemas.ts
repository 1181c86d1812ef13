/**
 * Wire shapes of the Nuki Web API (https://api.nuki.io), validated at the boundary.
 * Facts and their confidence: ../shared/reference/nuki-web-api.md (§2 smartlocks, §3 auths,
 * §4 account users, §5 webhooks, §6 logs). Unknown extra fields are tolerated (Nuki adds fields).
 */
import { z } from "zod";

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date-time");

/** @link https://api.nuki.io/#/Smartlock — `state` object (§2.3). */
export const smartlockStateSchema = z.looseObject({
  mode: z.number().int().optional(),
  state: z.number().int().optional(),
  trigger: z.number().int().optional(),
  lastAction: z.number().int().optional(),
  batteryCritical: z.boolean().optional(),
  batteryCharging: z.boolean().optional(),
  batteryCharge: z.number().int().optional(),
  keypadBatteryCritical: z.boolean().optional(),
  doorState: z.number().int().optional(),
  nightMode: z.boolean().optional(),
});

/** @link https://api.nuki.io/#/Smartlock/SmartlocksResource_get_get (§2.2) */
export const smartlockSchema = z.looseObject({
  smartlockId: z.number().int(),
  accountId: z.number().int().optional(),
  type: z.number().int(),
  authId: z.number().int().optional(),
  name: z.string(),
  favorite: z.boolean().optional(),
  config: z
    .looseObject({
      name: z.string().optional(),
      timezoneId: z.number().int().optional(),
      keypadPaired: z.boolean().optional(),
      keypad2Paired: z.boolean().optional(),
    })
    .optional(),
  state: smartlockStateSchema.optional(),
  /** 0 ok … 4 offline */
  serverState: z.number().int(),
  adminPinState: z.number().int().optional(),
  firmwareVersion: z.number().int().optional(),
  operationId: z.string().nullish(),
  creationDate: isoDate.optional(),
  updateDate: isoDate.optional(),
});
export type NukiSmartlock = z.infer<typeof smartlockSchema>;
export const SERVER_STATE_OFFLINE = 4;

export const AUTH_TYPE = { app: 0, bridge: 1, fob: 2, keypad: 3, keypadCode: 13, zKey: 14, virtual: 15 } as const;

/** @link https://api.nuki.io/#/SmartlockAuth (§3.2) — `code` comes back in clear: never log it. */
export const smartlockAuthSchema = z.looseObject({
  id: z.string(),
  smartlockId: z.number().int(),
  authId: z.number().int().nullish(),
  accountUserId: z.number().int().nullish(),
  code: z.number().int().nullish(),
  type: z.number().int(),
  name: z.string(),
  enabled: z.boolean(),
  remoteAllowed: z.boolean(),
  lockCount: z.number().int().default(0),
  allowedFromDate: isoDate.nullish(),
  allowedUntilDate: isoDate.nullish(),
  allowedWeekDays: z.number().int().min(0).max(127).nullish(),
  allowedFromTime: z.number().int().min(0).max(1440).nullish(),
  allowedUntilTime: z.number().int().min(0).max(1440).nullish(),
  lastActiveDate: isoDate.nullish(),
  creationDate: isoDate.nullish(),
  updateDate: isoDate.nullish(),
  operationId: z.string().nullish(),
  error: z.string().nullish(),
});
export type NukiAuth = z.infer<typeof smartlockAuthSchema>;

/** Restriction fields. Nuki wipes any left out of an update, so writes must carry all of them. */
export const authRestrictionSchema = z.object({
  allowedFromDate: isoDate.nullable(),
  allowedUntilDate: isoDate.nullable(),
  /** Mon 64, Tue 32, Wed 16, Thu 8, Fri 4, Sat 2, Sun 1; 0/127 = every day */
  allowedWeekDays: z.number().int().min(0).max(127),
  /** minutes after midnight in the lock's local time; 0/0 = all day */
  allowedFromTime: z.number().int().min(0).max(1440),
  allowedUntilTime: z.number().int().min(0).max(1440),
});
export type NukiAuthRestriction = z.infer<typeof authRestrictionSchema>;

const keypadCode = z
  .number()
  .int()
  .refine((c) => isValidKeypadCode(c), "6 digits 1–9, not starting with 12");

/** The complete auth Portier wants on a lock — used for creates and (full-replacement) updates. */
export const authWriteSchema = authRestrictionSchema.extend({
  name: z.string().min(1).max(32),
  enabled: z.boolean(),
  remoteAllowed: z.boolean(),
});

/** PUT /smartlock/auth — one definition on several locks (§3.3 SmartlocksAuthCreate). */
export const authCreateSchema = authRestrictionSchema.extend({
  name: z.string().min(1).max(32),
  remoteAllowed: z.boolean(),
  smartActionsEnabled: z.boolean().optional(),
  type: z.union([z.literal(0), z.literal(13)]),
  accountUserId: z.number().int().optional(),
  code: keypadCode.optional(),
  smartlockIds: z.array(z.number().int()).min(1),
});
export type NukiAuthCreate = z.infer<typeof authCreateSchema>;

/** POST /smartlock/{id}/auth/{authId} and the bulk POST /smartlock/auth (with id) — full replacement. */
export const authUpdateSchema = authWriteSchema.extend({
  code: keypadCode.optional(),
  accountUserId: z.number().int().optional(),
});
export type NukiAuthUpdate = z.infer<typeof authUpdateSchema>;
export const authBulkUpdateItemSchema = authUpdateSchema.extend({ id: z.string() });
export type NukiAuthBulkUpdateItem = z.infer<typeof authBulkUpdateItemSchema>;

/** GET /smartlock/auth/paged (§1.4) */
export const pagedAuthsSchema = z.object({
  results: z.array(smartlockAuthSchema),
  pagination: z.looseObject({
    totalItems: z.number().int(),
    totalPages: z.number().int(),
    currentPage: z.number().int(),
    pageSize: z.number().int(),
  }),
});

/** @link https://api.nuki.io/#/AccountUser (§4.1) */
export const accountUserSchema = z.looseObject({
  accountUserId: z.number().int(),
  accountId: z.number().int().optional(),
  type: z.number().int().optional(),
  email: z.string(),
  name: z.string(),
  language: z.string().optional(),
  creationDate: isoDate.optional(),
  updateDate: isoDate.optional(),
});
export type NukiAccountUser = z.infer<typeof accountUserSchema>;
export const accountUserCreateSchema = z.object({
  email: z.email(),
  name: z.string().min(1).max(64),
  language: z.enum(["en", "de", "es", "fr", "it", "nl", "cs", "sk"]).optional(),
});

/** @link https://api.nuki.io/#/SmartlockLog (§6.2) */
export const smartlockLogSchema = z.looseObject({
  id: z.string(),
  smartlockId: z.number().int(),
  deviceType: z.number().int().optional(),
  accountUserId: z.number().int().nullish(),
  authId: z.string().nullish(),
  name: z.string(),
  action: z.number().int(),
  trigger: z.number().int(),
  state: z.number().int(),
  autoUnlock: z.boolean().optional(),
  date: isoDate,
  source: z.number().int().nullish(),
});
export type NukiSmartlockLog = z.infer<typeof smartlockLogSchema>;

export const WEBHOOK_FEATURES = [
  "DEVICE_STATUS",
  "DEVICE_MASTERDATA",
  "DEVICE_CONFIG",
  "DEVICE_LOGS",
  "DEVICE_AUTHS",
  "ACCOUNT_USER",
] as const;
export type WebhookFeature = (typeof WEBHOOK_FEATURES)[number];

/** PUT /api/decentralWebhook answers with the secret; GET lists without it (§5.2). */
export const decentralWebhookSchema = z.looseObject({
  id: z.number().int(),
  webhookUrl: z.string(),
  webhookFeatures: z.array(z.string()),
  secret: z.string().optional(),
});
export type NukiDecentralWebhook = z.infer<typeof decentralWebhookSchema>;

/** Keypad code rules (§3.5): exactly 6 digits, each 1–9, not starting with "12". */
export function isValidKeypadCode(code: number | string): boolean {
  const s = String(code);
  return /^[1-9]{6}$/.test(s) && !s.startsWith("12");
}
