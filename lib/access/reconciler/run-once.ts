import "server-only";
import { sql } from "drizzle-orm";
import { describeNukiError, isNukiApiError } from "@/lib/nuki/errors";
import type { EngineContext } from "../context";
import { deriveStatus } from "../grants/compare";
import { syncGrants } from "../grants/sync-grants";
import { lockPairs } from "../windows/pair-lock";
import { ensureAccountUsers } from "./account-users";
import { claimDueGrants, releaseClaims, type ClaimedGrant } from "./claim";
import { decide, type Decision } from "./decide";
import { finishGrants, type Finish } from "./persist";
import { applyReadback, readLockAuths } from "./readback";
import { sendChanges, type SendHooks, type SendOutcome } from "./send";

export type PassReport = {
  claimed: number;
  readbacks: number;
  creates: number;
  updates: number;
  deletes: number;
  errors: number;
  done: number;
};

/**
 * One reconciler pass: claim due grants, rotate schedules whose state expired, read back locks
 * whose changes went unconfirmed, send what differs (batched), and schedule each grant's next look.
 * Level-triggered: every decision comes from the current desired and observed state, so a pass
 * can be repeated, interrupted or run on several workers at once.
 */
export async function reconcileOnce(e: EngineContext, workerId: string, hooks: SendHooks = {}): Promise<PassReport> {
  const report: PassReport = { claimed: 0, readbacks: 0, creates: 0, updates: 0, deletes: 0, errors: 0, done: 0 };
  let claimed = await claimDueGrants(e.db, {
    workerId,
    now: e.now(),
    leaseMs: e.config.leaseMs,
    limit: e.config.batchSize,
  });
  report.claimed = claimed.length;
  if (claimed.length === 0) return report;
  try {
    claimed = await rotateExpired(e, claimed);
    await ensureAccountUsers(e, claimed);
    const opts = { confirmTimeoutMs: e.config.confirmTimeoutMs, offlineProbeMs: e.config.offlineProbeMs };
    const decisions = new Map<string, Decision>(claimed.map((g) => [g.id, decide(input(g), e.now(), opts)]));

    const toRead = [
      ...new Set(claimed.filter((g) => decisions.get(g.id)!.kind === "readback").map((g) => g.smartlockId)),
    ];
    let readFailure: string | null = null;
    if (toRead.length) {
      report.readbacks = toRead.length;
      // A failed read-back (Nuki down) postpones only the grants that needed it; the rest of the pass goes on.
      const byLock = await readLockAuths(e, toRead).catch((error) => {
        if (!isNukiApiError(error)) throw error;
        readFailure = describeNukiError(error);
        return new Map<number, never[]>();
      });
      for (const [smartlockId, auths] of byLock) {
        const onLock = claimed.filter((g) => g.smartlockId === smartlockId);
        await applyReadback(e, workerId, onLock, auths);
        for (const g of onLock)
          decisions.set(
            g.id,
            decide(input(g), e.now(), { ...opts, afterReadback: decisions.get(g.id)!.kind === "readback" }),
          );
      }
    }

    const outcomes = await sendChanges(e, workerId, claimed, decisions, hooks);
    for (const d of decisions.values()) {
      if (d.kind === "create") report.creates++;
      if (d.kind === "update") report.updates++;
      if (d.kind === "delete") report.deletes++;
      if (d.kind === "done") report.done++;
    }
    const finishes = claimed.map((g) => finishFor(e, g, decisions.get(g.id)!, outcomes.get(g.id), readFailure));
    report.errors = [...outcomes.values()].filter((o) => o.kind === "error").length;
    await finishGrants(e.db, workerId, e.now(), finishes);
    return report;
  } catch (error) {
    // Let the grants go at once on an unexpected failure; write-ahead marks stay and are confirmed later.
    await releaseClaims(
      e.db,
      workerId,
      claimed.map((g) => g.id),
    ).catch(() => {});
    throw error;
  }
}

const input = (g: ClaimedGrant) => ({
  ...g,
  sentAt: g.sentAt?.getTime() ?? null,
  hasAccountUser: g.accountUserId != null,
});

/** A schedule that rotates: its current state ran out, so recompute what the lock must hold now. */
async function rotateExpired(e: EngineContext, claimed: ClaimedGrant[]): Promise<ClaimedGrant[]> {
  const now = e.now();
  const expired = claimed.filter((g) => g.desiredUntil && g.desiredUntil.getTime() <= now);
  if (expired.length === 0) return claimed;
  for (const g of expired) {
    await e.db.transaction(async (tx) => {
      await lockPairs(tx, [g]);
      await syncGrants(tx, e, g.customerId, g.doorId);
    });
  }
  const fresh = await e.db.execute(
    sql`select id, desired, desired_version, desired_until, status from grants where id = any(${sql.param(expired.map((g) => g.id))}::uuid[])`,
  );
  for (const row of fresh.rows as Record<string, any>[]) {
    const g = claimed.find((c) => c.id === row.id)!;
    Object.assign(g, {
      desired: row.desired,
      desiredVersion: row.desired_version,
      desiredUntil: row.desired_until ? new Date(row.desired_until) : null,
      status: row.status,
    });
  }
  return claimed;
}

function backoff(e: EngineContext, attempts: number) {
  const cap = Math.min(e.config.maxBackoffMs, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.floor(cap / 2 + Math.random() * (cap / 2));
}

function finishFor(
  e: EngineContext,
  g: ClaimedGrant,
  d: Decision,
  o: SendOutcome | undefined,
  readFailure: string | null,
): Finish {
  const now = e.now();
  const base = {
    id: g.id,
    seenVersion: g.desiredVersion,
    lastError: g.lastError,
    clearSent: false,
    resetAttempts: false,
  };
  const status = (failed = false) =>
    deriveStatus({ desired: g.desired, observed: g.observed, doorOnline: g.doorOnline, failed });
  switch (d.kind) {
    case "done":
      return {
        ...base,
        status: status(),
        nextRunAt: g.desired ? (g.desiredUntil?.getTime() ?? null) : null,
        lastError: null,
        clearSent: true,
        resetAttempts: true,
      };
    case "failed":
      return { ...base, status: "failed", nextRunAt: null };
    case "wait":
      return { ...base, status: status(), nextRunAt: d.until > now ? d.until : now + backoff(e, g.attempts + 1) };
    case "readback":
      return readFailure
        ? {
            ...base,
            status: status(),
            nextRunAt: now + backoff(e, g.attempts + 1),
            needsReadback: true,
            lastError: readFailure,
          }
        : { ...base, status: status(), nextRunAt: now + 1000, needsReadback: true };
  }
  const attempts = g.attempts + 1;
  if (!o || o.kind === "skipped") return { ...base, status: status(), nextRunAt: now };
  if (o.kind === "sent") {
    const wait = g.doorOnline ? e.config.confirmTimeoutMs : e.config.offlineProbeMs;
    return {
      ...base,
      status: status(),
      nextRunAt: now + wait,
      afterSend: true,
      lastError: g.doorOnline ? null : "The lock is offline; Nuki delivers the change when it is back.",
    };
  }
  const err = o.error;
  const message = describeNukiError(err);
  const retry = { ...base, clearSent: true, lastError: message, status: status() };
  if (err.retryable || err.kind === "unauthorized")
    return { ...retry, nextRunAt: now + Math.max(backoff(e, attempts), err.retryAfterMs ?? 0) };
  if (err.kind === "locked") return { ...retry, nextRunAt: now + 10_000 };
  if (err.kind === "conflict" && d.kind === "create") return { ...retry, nextRunAt: now + 1000, needsReadback: true };
  // The auth is gone on Nuki's side: forget it; a delete is done, an update becomes a create.
  if (err.kind === "not_found" && d.kind !== "create") return { ...retry, nextRunAt: now, forgetAuth: true };
  return { ...base, clearSent: true, status: "failed", lastError: message, nextRunAt: null };
}
