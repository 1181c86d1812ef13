import "server-only";
import { canonicalJson } from "@/lib/canonical-json";
import { and, eq, type SQL } from "drizzle-orm";
import { type Grant, grants, type ObservedAuth } from "@/db/schema";
import type { NukiAuth } from "@/lib/nuki/schemas";
import type { AccessContext } from "../context";
import { deriveStatus, observedMatches } from "../grants/compare";
import type { GrantFacts } from "./grant-facts";
import { inFlightOnNuki, toObserved } from "./observe";
import { emitEvents } from "../outbound-webhooks/emit-event";
import { grantStatusEvents } from "../outbound-webhooks/grant-status-events";

/** What Nuki said about one grant's auth. */
export type Observation =
  /** The grant's auth as listed (read-back, resync) or as a DEVICE_AUTHS webhook carried it. */
  | { kind: "auth"; auth: NukiAuth }
  /** DEVICE_AUTHS with deleted = true. */
  | { kind: "deleted"; auth: NukiAuth }
  /** A read-back or resync listed the lock and found nothing of this grant's. */
  | { kind: "absent" };

/**
 * Who is recording. `readback` runs inside a reconciler pass on a grant this worker claimed: it
 * records the facts only (fenced on the lease) and the pass decides what follows. `webhook` and
 * `resync` run beside the reconciler: they also settle status and schedule (fenced on the desired
 * version, so a staff edit made meanwhile is never overwritten).
 */
export type RecordMode = { source: "readback"; workerId: string } | { source: "webhook" | "resync" };

/** What recording changed: the webhook answers with `outcome`, the resync counts the flags. */
export type RecordResult = {
  outcome: "travelling" | "unchanged" | "recorded" | "confirmed" | "differs";
  /** Now matches what Portier wants, and did not before. */
  confirmed: boolean;
  /** Matched before, differs now: changed outside Portier. */
  drifted: boolean;
  /** Portier knew an auth id and the lock holds nothing of this grant's any more. */
  vanished: boolean;
};
const result = (outcome: RecordResult["outcome"], flags: Partial<RecordResult> = {}): RecordResult => ({
  outcome,
  confirmed: false,
  drifted: false,
  vanished: false,
  ...flags,
});

export const DRIFT_MESSAGE = "Changed outside Portier (Nuki Web or the app); restoring Portier's version.";

/**
 * The one place an observed Nuki auth becomes grant columns — for the webhook path, the periodic
 * resync and the reconciler's read-back alike. `g` is updated in memory to what was written.
 *
 * - An auth whose change is still travelling to the lock (operationId set, or no slot yet) is not
 *   the lock's truth: it only lends its id (not in the resync, which only ever settles facts).
 * - Otherwise the observed auth (or its absence) is stored; in settling modes the status follows
 *   from the facts, a confirmation ends the in-flight marks, and a difference wakes the grant.
 * - Whether Nuki accepted a change the lock has not applied (awaiting_lock_since): set when a
 *   read-back finds an accepted create unlisted or the auth still travelling; cleared as soon as
 *   anything shows the auth landed (or deleted).
 * - Nuki's own updateDate is kept (nuki_updated_at) to order later webhooks by; observed_at is
 *   Portier's clock and only says when Portier last looked.
 */
export async function recordObservation(
  ctx: AccessContext,
  g: GrantFacts,
  obs: Observation,
  mode: RecordMode,
): Promise<RecordResult> {
  const now = ctx.now();
  const fence: SQL | undefined =
    mode.source === "readback" ? eq(grants.claimedBy, mode.workerId) : eq(grants.desiredVersion, g.desiredVersion);
  // A status change (e.g. confirmed → applied) and its outgoing webhook event commit together.
  const write = (set: Partial<Grant>) =>
    ctx.db.transaction(async (tx) => {
      const res = await tx
        .update(grants)
        .set(set)
        .where(and(eq(grants.id, g.id), fence))
        .returning({
          id: grants.id,
          customer_id: grants.customerId,
          door_id: grants.doorId,
          last_error: grants.lastError,
        });
      if (res.length && set.status)
        await emitEvents(tx, grantStatusEvents([{ ...res[0]!, status: set.status, old_status: g.status }]), now);
      if (res.length) Object.assign(g, set);
      return res.length > 0;
    });

  // When Nuki first accepted the change that has not reached the lock: the create's write-ahead
  // mark (sent just before Nuki's 204), else now.
  const acceptedAt = g.awaitingLockSince ?? g.sentAt ?? new Date(now);
  if (obs.kind === "auth" && inFlightOnNuki(obs.auth)) {
    if (mode.source === "readback")
      await write({ nukiAuthId: obs.auth.id, needsReadback: false, awaitingLockSince: acceptedAt });
    else if (mode.source === "webhook" && !g.nukiAuthId) await write({ nukiAuthId: obs.auth.id });
    return result("travelling");
  }

  const observed: ObservedAuth | null = obs.kind === "auth" ? toObserved(obs.auth, g, ctx.vault) : null;
  const nukiAuthId = obs.kind === "auth" ? obs.auth.id : null;
  // Nuki's clock, kept to order Nuki's own facts by; never compared with Portier's clock.
  const nukiUpdatedAt = obs.kind !== "absent" && obs.auth.updateDate ? new Date(obs.auth.updateDate) : g.nukiUpdatedAt;
  // The lock holds the auth (or dropped it): whatever Nuki accepted has landed. A create Nuki
  // accepted and nobody lists yet is still on its way.
  // (Only the reconciler's read-back, which looks after the confirmation timeout, concludes that.)
  const createUnseen = mode.source === "readback" && obs.kind === "absent" && g.sentOp === "create" && !!g.sentAt;
  const awaitingLockSince = createUnseen ? acceptedAt : obs.kind === "absent" ? g.awaitingLockSince : null;
  if (g.awaitingLockSince && !awaitingLockSince)
    console.log(
      `[reconciler] grant ${g.id}: the lock applied what Nuki accepted at ${g.awaitingLockSince.toISOString()} (seen by ${mode.source})`,
    );
  if (mode.source === "readback") {
    await write({
      observed,
      nukiAuthId,
      observedAt: new Date(now),
      needsReadback: false,
      nukiUpdatedAt,
      awaitingLockSince,
    });
    return result("recorded");
  }

  const matches = observedMatches(g.desired, observed);
  const wasMatching = observedMatches(g.desired, g.observed);
  const status = deriveStatus({
    desired: g.desired,
    observed,
    doorOnline: g.doorOnline,
    failed: g.status === "failed" && !matches,
    awaitingLockSince,
  });
  const sameFacts =
    // Key order is not a fact: jsonb returns the stored auth with its keys sorted its own way.
    canonicalJson(observed) === canonicalJson(g.observed) &&
    nukiAuthId === g.nukiAuthId &&
    awaitingLockSince?.getTime() === g.awaitingLockSince?.getTime();
  if (mode.source === "resync" && sameFacts) return result("unchanged");
  // A change Nuki accepted landing late is not drift; anything else that breaks a match is.
  const drifted = wasMatching && !matches && !g.awaitingLockSince;
  const vanished = obs.kind === "absent" && g.nukiAuthId !== null;
  if (drifted)
    console.warn(`[reconciler] drift on door ${g.doorId}: auth of grant ${g.id} changed outside Portier; restoring`);
  const endsInFlightDelete = obs.kind === "deleted" && g.sentOp === "delete";
  const ok = await write({
    observed,
    observedAt: new Date(now),
    nukiUpdatedAt,
    awaitingLockSince,
    nukiAuthId,
    status,
    statusChangedAt: status !== g.status ? new Date(now) : g.statusChangedAt,
    // A confirmed deletion ends the in-flight delete (e.g. the first half of re-sending an invite).
    ...(endsInFlightDelete ? { sentVersion: null, sentAt: null, sentOp: null } : {}),
    ...(matches
      ? {
          sentVersion: null,
          sentAt: null,
          sentOp: null,
          attempts: 0,
          lastError: null,
          appliedAt: status === "applied" && g.status !== "applied" ? new Date(now) : g.appliedAt,
          nextRunAt: g.desired ? g.desiredUntil : null,
        }
      : {
          nextRunAt: g.nextRunAt && g.nextRunAt.getTime() < now ? g.nextRunAt : new Date(now),
          lastError: drifted ? DRIFT_MESSAGE : g.lastError,
        }),
  });
  if (!ok) return result("unchanged");
  if (!matches) ctx.wake();
  return result(matches ? "confirmed" : "differs", { confirmed: matches && !wasMatching, drifted, vanished });
}
