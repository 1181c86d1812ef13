import type { GrantStatus } from "@/lib/model/sync-state";
import { type AuthTimes, authCovers } from "./covers-arrival";

export type ReadinessState = "ready" | "at_risk" | "not_ready";

/** The one-click fixes the board offers (the same server actions as the at-risk list and customer page). */
export type ReadinessFix = "retry" | "resend_invite" | "new_code" | "switch_to_keypad";

export type ReadinessReasonCode =
  | "lock_removed"
  | "token_refused"
  | "no_access"
  | "grant_failed"
  | "lock_offline"
  | "window_not_covered"
  | "invite_expired"
  | "not_confirmed"
  | "awaiting_lock"
  | "rotation_pending"
  | "invite_not_accepted"
  | "battery_critical"
  | "keypad_battery_critical"
  | "message_held";

export type ReadinessReason = {
  code: ReadinessReasonCode;
  severity: Exclude<ReadinessState, "ready">;
  /** When the fact began or the step is due (offline since, rotation at…), for the board's sentence. */
  at: number | null;
  /** Nuki's words for a failure; never a code or a token. */
  detail: string | null;
  fixes: ReadinessFix[];
};

export type Readiness = { state: ReadinessState; reasons: ReadinessReason[] };

export type ReadinessInput = {
  /** The arrival: one occurrence of a window, starting within the look-ahead. */
  occurrence: { start: number; end: number };
  /** The door's wall clock (= the zone the compiler and the lock use). */
  timeZone: string;
  door: {
    online: boolean;
    offlineSince: Date | null;
    batteryCritical: boolean;
    keypadBatteryCritical: boolean | null;
    archivedAt: Date | null;
  };
  /** The (customer, door) grant that holds this window, or null when none exists yet. */
  grant: {
    status: GrantStatus;
    credential: "app" | "keypad";
    lastError: string | null;
    statusChangedAt: Date;
    /** The auth Portier wants on the lock now — the compiled schedule's current state. */
    desired: AuthTimes | null;
    /** When the compiled schedule replaces `desired` with its next state (a rotation step). */
    desiredUntil: Date | null;
    awaitingLockSince: Date | null;
  } | null;
  /** The app invite's state (views/customer-access inviteState); null for keypad customers. */
  invite: "not_sent" | "sending" | "sent" | "accepted" | "expired" | null;
  /** Nuki refuses Portier's API token: nothing still to be sent can reach any lock. */
  tokenRefused?: boolean;
  /** When guest delivery held this arrival's access message (not confirmed by the site's deadline), or null. */
  messageHeldAt?: Date | null;
};

const t = (d: Date | null) => d?.getTime() ?? null;

/**
 * Is this arrival going to find the door open for the customer? Pure: the board, the alert job and
 * the tests call it with what the database says.
 *
 * - not_ready — the customer will stand in front of a closed door unless someone acts: the lock left
 *   the account, Nuki refuses the token (while something is still to be sent), no access is set up,
 *   Nuki refused the change (failed), the lock is offline (it cannot receive anything), the auth
 *   Portier wants now neither covers the arrival nor is replaced before it, or an app invite expired
 *   unredeemed (Nuki cannot resend one; it must be recreated).
 * - at_risk — likely fine, but not proven: the change is still on its way (pending) or Nuki accepted
 *   it and the lock has not applied it (awaiting_lock), a rotation step must still be pushed before
 *   the arrival (if the lock is offline at that moment the customer is shut out), an app invite is
 *   not accepted yet, the lock's (or, for keypad customers, the keypad's) battery is critical, or the
 *   guest's access message is held (the lock had not confirmed by the site's delivery deadline).
 * - ready — the lock confirmed (applied) an auth that covers the arrival's start, nothing is pending
 *   before it, and none of the above holds.
 */
export function readiness(i: ReadinessInput): Readiness {
  const reasons: ReadinessReason[] = [];
  const add = (
    code: ReadinessReasonCode,
    severity: ReadinessReason["severity"],
    o: { at?: number | null; detail?: string | null; fixes?: ReadinessFix[] } = {},
  ) => reasons.push({ code, severity, at: o.at ?? null, detail: o.detail ?? null, fixes: o.fixes ?? [] });
  const g = i.grant;
  const appFixes: ReadinessFix[] = ["resend_invite", "switch_to_keypad"];

  if (i.door.archivedAt) add("lock_removed", "not_ready", { at: t(i.door.archivedAt) });
  if (!i.door.online) add("lock_offline", "not_ready", { at: t(i.door.offlineSince) });

  if (!g?.desired || g.status === "removing" || g.status === "removed") {
    add("no_access", "not_ready");
  } else {
    const covers = authCovers(g.desired, i.occurrence.start, i.timeZone);
    const rotatesBefore = !covers && g.desiredUntil !== null && g.desiredUntil.getTime() <= i.occurrence.start;
    const toSend = g.status !== "applied" || rotatesBefore;
    if (i.tokenRefused && toSend) add("token_refused", "not_ready");
    if (g.status === "failed") {
      const fixes: ReadinessFix[] =
        g.credential === "app"
          ? ["retry", ...appFixes]
          : /\bcode\b/i.test(g.lastError ?? "")
            ? ["new_code"]
            : ["retry"];
      add("grant_failed", "not_ready", { at: t(g.statusChangedAt), detail: g.lastError, fixes });
    }
    // A grant parked as lock_offline while the door reads online again is on its way back: not confirmed yet.
    if (g.status === "pending" || (g.status === "lock_offline" && i.door.online))
      add("not_confirmed", "at_risk", { at: t(g.statusChangedAt), fixes: ["retry"] });
    if (g.status === "awaiting_lock")
      add("awaiting_lock", "at_risk", { at: t(g.awaitingLockSince ?? g.statusChangedAt) });
    if (rotatesBefore) add("rotation_pending", "at_risk", { at: t(g.desiredUntil) });
    else if (!covers) add("window_not_covered", "not_ready", { fixes: ["retry"] });
    if (g.credential === "app" && g.status === "applied") {
      if (i.invite === "expired") add("invite_expired", "not_ready", { fixes: appFixes });
      else if (i.invite === "sent") add("invite_not_accepted", "at_risk", { fixes: appFixes });
    }
    if (g.credential === "keypad" && i.door.keypadBatteryCritical) add("keypad_battery_critical", "at_risk");
  }
  if (i.door.batteryCritical) add("battery_critical", "at_risk");
  // The guest has not been sent their code or invite message: the desk hands it over unless the lock
  // confirms before arrival (then it goes out by itself). At risk: the door itself may well open.
  if (i.messageHeldAt) add("message_held", "at_risk", { at: t(i.messageHeldAt) });

  const state: ReadinessState = reasons.some((r) => r.severity === "not_ready")
    ? "not_ready"
    : reasons.length
      ? "at_risk"
      : "ready";
  return { state, reasons };
}
