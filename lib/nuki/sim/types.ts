import type { NukiAccountUser, NukiAuth, NukiSmartlockLog, WebhookFeature } from "../schemas";

export type SimLock = {
  smartlockId: number;
  accountId: number;
  /** Nuki's device type (§2.2): 0 Smart Lock 1/2, 2 Opener, 3 Smart Door, 4 Smart Lock 3/4, 5 Smart Lock 5. */
  deviceType: number;
  name: string;
  // IANA; GET /smartlock reports it as Nuki's integer config.timezoneId (lib/nuki/time-zones.ts, inferred table).
  timeZone: string;
  /** An Opener never has one (it has no keypad of its own). */
  keypadPaired: boolean;
  /** This lock's own keypad-code limit (older locks hold fewer, §3.8); default SimConfig.maxKeypadCodes. */
  maxKeypadCodes?: number;
  /** The paired keypad is a Keypad 2 (reported as config.keypad2Paired). */
  keypad2?: boolean;
  serverState: 0 | 4;
  lockState: number; // 1 locked, 3 unlocked
  batteryCharge: number;
  batteryCritical: boolean;
  nextSlot: number;
  updateDate: string;
};

export type SimAuth = NukiAuth & { operationId: string | null };

export type PendingOp = {
  id: string;
  kind: "create" | "update" | "delete";
  smartlockId: number;
  authId: string | null; // target auth (update/delete) or the placeholder id (create)
  body: Record<string, unknown>;
  acceptedAt: number;
  neverApply: boolean;
  /** Missed the fast sync: waits for the next simulated daily sync (SimConfig.stallCreates). */
  stalled?: boolean;
  cancel?: () => void;
};

export type Webhook = { id: number; url: string; features: WebhookFeature[]; secret: string };

export type HttpFault = { route: string; status: number; remaining: number; retryAfterSec?: number; body?: unknown };

/** Probabilistic faults for property tests: each dice roll uses the seeded RNG. */
export type Chaos = {
  http5xx: number;
  http429: number;
  neverApply: number;
  webhookDrop: number;
  webhookDuplicate: number;
  webhookReorder: number;
};

/**
 * Behaviour the Nuki documentation leaves open is a switch here, each labelled "inferred: the
 * documentation does not say" (reference/nuki-web-api.md §3.7, §5, §9; issue 15).
 */
export type SimConfig = {
  applyDelayMs: number;
  /**
   * Q3 of the API notes — inferred: the documentation does not say. Does a created auth show up in
   * listings before the lock has it ("immediately": listed with operationId set and no slot, authId
   * null), or only once the lock applied it ("after-apply")?
   */
  createVisibility: "after-apply" | "immediately";
  /**
   * Inferred: the documentation does not say. Creates are accepted (204) but the lock misses the
   * fast sync, so they stay pending until the next simulated daily sync (`dailySyncEveryMs`, or
   * `POST /_sim/daily-sync`). A second create for the same code / account user meanwhile gets 409.
   */
  stallCreates: boolean;
  /** How often the simulated daily sync runs on the simulator's clock (it applies stalled creates). */
  dailySyncEveryMs: number;
  /**
   * Inferred: the documentation does not say more than the fields. "minimal" DEVICE_AUTHS bodies
   * carry only the documented `id, smartlockId, authId, code, type, name` (no enabled, remoteAllowed,
   * restrictions or updateDate).
   */
  webhookBodies: "full" | "minimal";
  /**
   * Inferred: the documentation does not say how Nuki's clock relates to ours. Nuki's timestamps
   * (updateDate, creationDate, log dates) are this many ms ahead (+) or behind (−) the simulator's clock.
   */
  clockOffsetMs: number;
  webhookDelayMs: number;
  maxAppAuths: number;
  maxKeypadCodes: number;
  allowHttpWebhooks: boolean;
};

export type SimSnapshot = {
  locks: SimLock[];
  auths: SimAuth[];
  accountUsers: NukiAccountUser[];
  logs: NukiSmartlockLog[];
  pending: Omit<PendingOp, "cancel">[];
  webhooks: Omit<Webhook, "secret">[];
  deliveries: { feature: string; status: number | "dropped" | "error"; at: number }[];
};

export type SimRequest = { method: string; path: string; query: URLSearchParams; headers: Headers; body: string };
export type SimResponse = { status: number; headers?: Record<string, string>; body?: unknown };
