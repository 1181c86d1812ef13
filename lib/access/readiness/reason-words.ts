import { formatZoned } from "@/lib/time/format-zoned";
import type { ReadinessReason, ReadinessState } from "./readiness";

export const STATE_WORDS: Record<ReadinessState, string> = {
  ready: "Ready",
  at_risk: "At risk",
  not_ready: "Not ready",
};

/** One sentence per reason, on the door's clock, for the board and the desk's alert mail (never a code). */
export function describeReason(r: ReadinessReason, timeZone: string): string {
  const at = r.at === null ? "" : formatZoned(r.at, timeZone);
  switch (r.code) {
    case "lock_removed":
      return `The lock was removed from the Nuki account${at ? ` on ${at}` : ""}.`;
    case "token_refused":
      return "Nuki refuses Portier's API token: nothing more reaches the lock until it is fixed.";
    case "no_access":
      return "No access is set up on this lock for this customer.";
    case "grant_failed":
      return `Nuki refused the access${r.detail ? `: ${r.detail}` : "."}`;
    case "lock_offline":
      return `The lock is offline${at ? ` since ${at}` : ""}: it cannot receive the access.`;
    case "window_not_covered":
      return "What the lock should hold does not cover this arrival.";
    case "invite_expired":
      return "The Nuki app invite expired unredeemed.";
    case "not_confirmed":
      return `Sent to Nuki${at ? ` at ${at}` : ""}; the lock has not confirmed it yet.`;
    case "awaiting_lock":
      return `Nuki accepted it${at ? ` at ${at}` : ""}; the lock has not applied it yet (it may wait for Nuki's daily sync).`;
    case "rotation_pending":
      return `The lock holds an earlier window of this customer; this one is pushed${at ? ` at ${at}` : ""} — the lock must be online then.`;
    case "invite_not_accepted":
      return "The customer has not accepted the Nuki app invite yet.";
    case "battery_critical":
      return "The lock's battery is critical.";
    case "keypad_battery_critical":
      return "The keypad's battery is critical.";
    case "message_held":
      return `The guest was not sent their access message${at ? ` (held at ${at})` : ""}: the lock had not confirmed it by the deadline. It goes out by itself if the lock confirms before arrival; otherwise hand it over at the desk.`;
  }
}
