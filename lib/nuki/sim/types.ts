import type { NukiAccountUser, NukiAuth, NukiSmartlockLog, WebhookFeature } from "../schemas";

export type SimLock = {
  smartlockId: number;
  accountId: number;
  name: string;
  timeZone: string; // IANA; Nuki's timezoneId table is unpublished (§10 Q9), so the sim keeps names
  keypadPaired: boolean;
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

export type SimConfig = {
  applyDelayMs: number;
  /** Q3 of the API notes: does a created auth show up in listings before the lock has it? */
  createVisibility: "after-apply" | "immediately";
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
