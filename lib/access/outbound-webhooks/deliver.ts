import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { CodeVault } from "../codes/code-vault";
import { signedHeaders } from "./sign";
import { RefusedAddressError } from "@/lib/http/outbound-address";
import { refusedTarget, webhookFetch } from "./target-guard";

export type DeliveryConfig = {
  /** How many due deliveries one worker claims per run (sent in parallel). */
  batchSize: number;
  /** A claimed delivery is not claimed again before this, even if its worker died mid-send. */
  leaseMs: number;
  /** Per attempt; a receiver that does not answer in time counts as a failed attempt. */
  timeoutMs: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs, with jitter. */
  baseBackoffMs: number;
  maxBackoffMs: number;
};

export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = {
  batchSize: 50,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  baseBackoffMs: 30_000,
  maxBackoffMs: 2 * 60 * 60_000,
};

export type DeliveryDeps = {
  db: DbOrTx;
  vault: CodeVault;
  now: () => number;
  /** Injected so tests can answer without a network; defaults to the address-pinned sender. */
  fetch?: typeof fetch;
  /** Injected for deterministic tests; [0, 1). */
  random?: () => number;
  config?: Partial<DeliveryConfig>;
};

/**
 * Exponential backoff with jitter: base·2^(n-1), capped, then a random 50–100 % of it so many
 * deliveries failing together (a receiver down) do not all come back in the same second.
 */
export function backoffMs(attempt: number, c: DeliveryConfig, random: () => number) {
  const capped = Math.min(c.baseBackoffMs * 2 ** Math.max(0, attempt - 1), c.maxBackoffMs);
  return Math.round(capped * (0.5 + random() / 2));
}

type Claimed = {
  id: string;
  event_id: string;
  payload: unknown;
  attempts: number;
  give_up_at: string;
  url: string;
  secret_enc: string;
  /** Only while the rotation's grace period lasts (the claim reads it against the attempt's time). */
  previous_secret_enc: string | null;
};

export type DeliveryRunResult = {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  expired: number;
};

/**
 * One run of the delivery job: gives up on deliveries past their horizon, claims due ones with
 * FOR UPDATE SKIP LOCKED (any number of workers share the outbox without sending one twice at the
 * same time), and POSTs each once. The claim pushes next_attempt_at out by the lease, so a worker
 * that dies mid-send leaves the delivery to be tried again after the lease — at least once, never
 * lost; receivers dedupe by webhook-id. Each result is written only if the claim is still this
 * attempt's (attempts unchanged), so a late answer never overwrites a newer attempt.
 */
export async function deliverDue(d: DeliveryDeps): Promise<DeliveryRunResult> {
  const c = { ...DEFAULT_DELIVERY_CONFIG, ...d.config };
  const now = d.now();
  const nowIso = new Date(now).toISOString();
  // Past the horizon by more than a lease: the last attempt (scheduled on the horizon) had its
  // chance, or its endpoint stayed disabled all day. Gives up without sending.
  const expired = await d.db.execute(sql`
    update webhook_deliveries set status = 'failed',
      last_error = coalesce(last_error, 'not attempted') || ' — gave up after 24 h'
    where status = 'pending' and give_up_at <= ${new Date(now - c.leaseMs).toISOString()}::timestamptz`);
  const claim = await d.db.execute(sql`
    with due as (
      select w.id from webhook_deliveries w
      join webhook_endpoints e on e.id = w.endpoint_id and e.enabled
      where w.status = 'pending' and w.next_attempt_at <= ${nowIso}::timestamptz
      order by w.next_attempt_at
      limit ${c.batchSize}
      for update of w skip locked)
    update webhook_deliveries w set
      attempts = w.attempts + 1,
      last_attempt_at = ${nowIso}::timestamptz,
      next_attempt_at = ${new Date(now + c.leaseMs).toISOString()}::timestamptz
    from due, webhook_endpoints e
    where w.id = due.id and e.id = w.endpoint_id
    returning w.id, w.event_id, w.payload, w.attempts, w.give_up_at, e.url, e.secret_enc,
      case when e.previous_secret_expires_at > ${nowIso}::timestamptz then e.previous_secret_enc end as previous_secret_enc`);
  const rows = claim.rows as Claimed[];
  const outcomes = await Promise.all(rows.map((r) => attempt(d, c, r)));
  return {
    claimed: rows.length,
    delivered: outcomes.filter((o) => o === "delivered").length,
    retrying: outcomes.filter((o) => o === "pending").length,
    failed: outcomes.filter((o) => o === "failed").length,
    expired: expired.rowCount ?? 0,
  };
}

/** One per process: the pinned sender keeps no state between calls. */
let defaultSend: typeof fetch | undefined;

async function attempt(d: DeliveryDeps, c: DeliveryConfig, r: Claimed) {
  const send = d.fetch ?? (defaultSend ??= webhookFetch());
  const body = JSON.stringify(r.payload);
  let code: number | null = null;
  let error: string | null = null;
  // A refused address never becomes acceptable by waiting: failed at once, nothing sent. The early
  // check gives the log its reason; the pinned connection below refuses the same on its own.
  let refused = await refusedTarget(r.url);
  const markRefused = async (reason: string) => {
    await d.db.execute(sql`
      update webhook_deliveries set status = 'failed', last_error = ${reason}
      where id = ${r.id} and attempts = ${r.attempts}`);
    return "failed" as const;
  };
  if (refused) return markRefused(refused);
  try {
    const res = await send(r.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Portier-Webhooks/1",
        ...signedHeaders(
          [r.secret_enc, r.previous_secret_enc].filter((x) => x !== null).map((x) => d.vault.openText(x)),
          r.event_id,
          new Date(d.now()),
          body,
        ),
      },
      body,
      // A redirect is not a delivery (and following one could leave the registered host).
      redirect: "manual",
      signal: AbortSignal.timeout(c.timeoutMs),
    });
    code = res.status;
    await res.body?.cancel().catch(() => {});
    if (code < 200 || code > 299) error = `HTTP ${code}`;
  } catch (e) {
    if (e instanceof RefusedAddressError) refused = `Portier does not send webhooks to ${e.reason}.`;
    const name = e instanceof Error ? e.name : "";
    error =
      name === "TimeoutError"
        ? `no answer within ${c.timeoutMs / 1000} s`
        : `could not connect: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`;
  }
  if (refused) return markRefused(refused);
  const after = d.now();
  const afterIso = new Date(after).toISOString();
  const giveUpAt = new Date(r.give_up_at).getTime();
  const status = error === null ? "delivered" : after >= giveUpAt ? "failed" : "pending";
  // The last retry lands on the horizon itself rather than past it, so "a day" means a day.
  const next = Math.min(after + backoffMs(r.attempts, c, d.random ?? Math.random), giveUpAt);
  await d.db.execute(sql`
    update webhook_deliveries set
      status = ${status}::webhook_delivery_status,
      last_response_code = ${code},
      last_error = ${error === null ? null : status === "failed" ? `${error} — gave up after 24 h` : error},
      delivered_at = ${status === "delivered" ? afterIso : null}::timestamptz,
      next_attempt_at = ${status === "pending" ? new Date(next).toISOString() : afterIso}::timestamptz
    where id = ${r.id} and attempts = ${r.attempts}`);
  return status;
}
