import type { DesiredAuth, Grant, ObservedAuth } from "@/db/schema";
import { AUTH_TYPE } from "@/lib/nuki/schemas";
import { observedMatches } from "../grants/compare";

export type Decision =
  | { kind: "done" }
  | { kind: "failed" }
  | { kind: "wait"; until: number; why: string }
  | { kind: "readback" }
  | { kind: "create" }
  | { kind: "update" }
  | { kind: "delete" };

export type DecideInput = Pick<
  Grant,
  "status" | "desiredVersion" | "sentVersion" | "sentOp" | "nukiAuthId" | "needsReadback" | "recreateRequested"
> & {
  desired: DesiredAuth | null;
  observed: ObservedAuth | null;
  sentAt: number | null;
  doorOnline: boolean;
  hasAccountUser: boolean;
  /** Nuki accepted a change the lock has not applied yet (grants.awaiting_lock_since). */
  awaitingLockSince: number | null;
  /** The read-back just now listed the grant's auth with a change still travelling to the lock. */
  inFlightSeen?: boolean;
};

export type DecideOptions = {
  confirmTimeoutMs: number;
  offlineProbeMs: number;
  stalledMaxIntervalMs: number;
  stalledHorizonMs: number;
  afterReadback?: boolean;
};

/** The next look at a stalled change: after as long again as it has waited, within [confirm timeout, ceiling]. */
export const stalledLookIn = (waitedMs: number, o: Pick<DecideOptions, "confirmTimeoutMs" | "stalledMaxIntervalMs">) =>
  Math.min(Math.max(waitedMs, o.confirmTimeoutMs), o.stalledMaxIntervalMs);

/**
 * The reconciler's choice for one grant, from facts only (level-triggered: it does not matter how
 * we got here). A sent change is never re-sent blindly: after `confirmTimeoutMs` without
 * confirmation the lock is read back first (`afterReadback` then means "it really is not there").
 */
export function decide(g: DecideInput, now: number, o: DecideOptions): Decision {
  // Asked to look (a sparse webhook, a 409, a foreign code): what we hold may be out of date.
  if (g.needsReadback && !o.afterReadback) return { kind: "readback" };
  // A create on its way may still land: until it is confirmed or read back as absent, "nothing on
  // the lock" is not yet known to be true.
  const createInFlight = g.sentAt !== null && g.sentOp === "create" && !g.nukiAuthId && !o.afterReadback;
  const recreate = g.recreateRequested && g.desired !== null;
  // Nuki accepted a change the lock has not applied (it missed the fast sync): until it lands, or
  // Nuki's daily sync has long passed, nothing the lock shows is final and nothing may be sent
  // that could land a second time. A change seen travelling is waited for however long it takes.
  const stalled = g.awaitingLockSince !== null && (!!g.inFlightSeen || now - g.awaitingLockSince < o.stalledHorizonMs);
  if (
    !createInFlight &&
    !stalled &&
    !recreate &&
    observedMatches(g.desired, g.observed) &&
    (g.desired || !g.nukiAuthId)
  )
    return { kind: "done" };
  if (g.status === "failed") return { kind: "failed" };
  if (g.awaitingLockSince !== null) {
    if (!o.afterReadback) return { kind: "readback" };
    // The first look after the 204 found nothing listed: one more create is safe, because Nuki
    // refuses (409) a second create for the same code or account user while the first is still
    // travelling — and that 409 is what proves it is. After that: wait, never re-send.
    const probe = !g.inFlightSeen && g.sentOp === "create" && g.sentAt !== null;
    if (stalled && !probe)
      return {
        kind: "wait",
        until: now + stalledLookIn(now - g.awaitingLockSince, o),
        why: "Nuki accepted this; waiting for the lock",
      };
  }

  const inFlight = g.sentAt !== null && g.sentVersion !== null;
  if (inFlight && !o.afterReadback) {
    const confirmBy = g.sentAt! + (g.doorOnline ? o.confirmTimeoutMs : o.offlineProbeMs);
    // The latest version is on its way, or a create is (nothing to update until it lands): wait, then read back.
    if (g.sentVersion === g.desiredVersion || (g.sentOp === "create" && !g.nukiAuthId)) {
      if (now < confirmBy)
        return { kind: "wait", until: confirmBy, why: g.doorOnline ? "awaiting confirmation" : "lock offline" };
      return { kind: "readback" };
    }
  }
  if (!g.desired) return g.nukiAuthId ? { kind: "delete" } : g.observed ? { kind: "readback" } : { kind: "done" };
  // A new invite: remove the old auth first; the create that follows sends Nuki's new invite email.
  if (recreate && g.nukiAuthId)
    return inFlight && g.sentOp === "delete" && !o.afterReadback
      ? { kind: "wait", until: g.sentAt! + o.confirmTimeoutMs, why: "removing the old invite" }
      : { kind: "delete" };
  if (g.desired.type === AUTH_TYPE.app && !g.hasAccountUser)
    return { kind: "wait", until: now, why: "needs Nuki account user" };
  return g.nukiAuthId ? { kind: "update" } : { kind: "create" };
}
