import "server-only";
import { inArray } from "drizzle-orm";
import { grants } from "@/db/schema";
import { describeNukiError, isNukiApiError } from "@/lib/nuki/errors";
import { connectionOf } from "../connections/manage-connections";
import type { EngineContext } from "../context";
import { deriveStatus } from "../grants/compare";
import { syncGrants } from "../grants/sync-grants";
import { lockPairs } from "../windows/pair-lock";
import { ensureAccountUsers } from "./account-users";
import { claimDueGrants, releaseClaims, type ClaimedGrant } from "./claim";
import { decide, type Decision, stalledLookIn } from "./decide";
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
    connectionId: connectionOf(e),
  });
  report.claimed = claimed.length;
  if (claimed.length === 0) return report;
  try {
    claimed = await rotateExpired(e, claimed);
    await ensureAccountUsers(e, claimed);
    const opts = {
      confirmTimeoutMs: e.config.confirmTimeoutMs,
      offlineProbeMs: e.config.offlineProbeMs,
      stalledMaxIntervalMs: e.config.stalledMaxIntervalMs,
      stalledHorizonMs: e.config.stalledHorizonMs,
    };
    const decisions = new Map<string, Decision>(claimed.map((g) => [g.id, decide(input(g), e.now(), opts)]));

    const toRead = [
      ...new Set(claimed.filter((g) => decisions.get(g.id)!.kind === "readback").map((g) => g.smartlockId)),
    ];
    let readFailure: string | null = null;
    const readBack = new Set<string>();
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
        for (const g of onLock) if (decisions.get(g.id)!.kind === "readback") readBack.add(g.id);
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
    const finishes = claimed.map((g) =>
      finishFor(e, g, decisions.get(g.id)!, outcomes.get(g.id), readFailure, readBack.has(g.id)),
    );
    report.errors = [...outcomes.values()].filter((o) => o.kind === "error").length;
    await finishGrants(e.db, workerId, e.now(), finishes);
    logTransitions(claimed, finishes);
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
  awaitingLockSince: g.awaitingLockSince?.getTime() ?? null,
});

/** What staff read on a grant whose change Nuki accepted and the lock has not applied yet. */
export function awaitingLockMessage(since: number, timeZone: string) {
  const at = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(since);
  return `Nuki accepted this; waiting for the lock since ${at}.`;
}

/**
 * One log line per change of state that needs a person's eye (waiting for the lock, failed, and
 * back), written when it happens — not on every pass that finds it unchanged.
 */
function logTransitions(claimed: ClaimedGrant[], finishes: Finish[]) {
  for (const f of finishes) {
    const g = claimed.find((c) => c.id === f.id)!;
    if (f.afterSend || f.status === g.status) continue;
    const watched = ["awaiting_lock", "failed"];
    if (!watched.includes(f.status) && !watched.includes(g.status)) continue;
    console.log(
      `[reconciler] grant ${g.id} (${g.customerName} on lock ${g.smartlockId}): ${g.status} → ${f.status}${f.lastError ? ` — ${f.lastError}` : ""}`,
    );
  }
}

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
  const fresh = await e.db
    .select({
      id: grants.id,
      desired: grants.desired,
      desiredVersion: grants.desiredVersion,
      desiredUntil: grants.desiredUntil,
      status: grants.status,
    })
    .from(grants)
    .where(
      inArray(
        grants.id,
        expired.map((g) => g.id),
      ),
    );
  for (const { id, ...row } of fresh) Object.assign(claimed.find((c) => c.id === id)!, row);
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
  readBackThisPass: boolean,
): Finish {
  const now = e.now();
  const base = {
    id: g.id,
    seenVersion: g.desiredVersion,
    lastError: g.lastError,
    clearSent: false,
    resetAttempts: false,
  };
  const status = (failed = false, awaiting = g.awaitingLockSince) =>
    deriveStatus({
      desired: g.desired,
      observed: g.observed,
      doorOnline: g.doorOnline,
      failed,
      awaitingLockSince: awaiting,
    });
  const waitingForLock = (since: Date) => {
    const s = status(false, since);
    return {
      status: s,
      lastError: s === "awaiting_lock" ? awaitingLockMessage(since.getTime(), g.timeZone) : g.lastError,
    };
  };
  switch (d.kind) {
    case "done":
      return {
        ...base,
        status: status(false, null),
        nextRunAt: g.desired ? (g.desiredUntil?.getTime() ?? null) : null,
        lastError: null,
        clearSent: true,
        resetAttempts: true,
        awaitingLockSince: null,
      };
    case "failed":
      return { ...base, status: "failed", nextRunAt: null };
    case "wait":
      return {
        ...base,
        ...(g.awaitingLockSince ? waitingForLock(g.awaitingLockSince) : { status: status() }),
        nextRunAt: d.until > now ? d.until : now + backoff(e, g.attempts + 1),
      };
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
      // Nuki took a new create, so none was travelling any more (it would have answered 409).
      ...(d.kind === "create" ? { awaitingLockSince: null } : {}),
    };
  }
  const err = o.error;
  const message = describeNukiError(err);
  const retry = { ...base, clearSent: true, lastError: message, status: status() };
  if (err.retryable || err.kind === "unauthorized")
    return { ...retry, nextRunAt: now + Math.max(backoff(e, attempts), err.retryAfterMs ?? 0) };
  // Another change to this auth is still running on Nuki's side: look again later, growing.
  if (err.kind === "locked")
    return { ...retry, nextRunAt: now + Math.max(10_000, backoff(e, attempts)), needsReadback: true };
  if (err.kind === "conflict" && d.kind === "create") {
    // "Code / account user already taken": our own create still travelling (wait for it, never
    // resend), or someone else's auth (the read-back finds it and moves the code).
    const since = g.awaitingLockSince ?? new Date(now);
    return readBackThisPass
      ? {
          ...retry,
          ...waitingForLock(since),
          awaitingLockSince: since.getTime(),
          nextRunAt: now + stalledLookIn(now - since.getTime(), e.config),
        }
      : {
          ...retry,
          status: status(false, since),
          awaitingLockSince: since.getTime(),
          nextRunAt: now + 1000,
          needsReadback: true,
        };
  }
  // The auth is gone on Nuki's side: forget it; a delete is done, an update becomes a create.
  if (err.kind === "not_found" && d.kind !== "create") return { ...retry, nextRunAt: now, forgetAuth: true };
  return { ...base, clearSent: true, status: "failed", lastError: message, nextRunAt: null };
}
