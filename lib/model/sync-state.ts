/**
 * Where a (customer, door) grant stands with its lock, and the words staff read for it. The
 * database enum (db/schema grant_status) is built from GRANT_STATUSES, so a new status starts here
 * (then its migration). Client-safe: no server code.
 */
export const GRANT_STATUSES = [
  "pending",
  "applied",
  "failed",
  "lock_offline",
  "removing",
  "removed",
  "awaiting_lock",
] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** What the calendar shows: a grant status, or "scheduled" = a later state of a rotating schedule, not due yet. */
export type SyncState = GrantStatus | "scheduled";

/** The states a staff member can filter the calendar by (removed/removing windows are not on it). */
export const FILTERABLE_SYNC_STATES: readonly SyncState[] = [
  "pending",
  "awaiting_lock",
  "applied",
  "failed",
  "lock_offline",
  "scheduled",
];

/** States that are still on their way: the calendar polls fast while any is shown. */
export const BUSY_SYNC_STATES: ReadonlySet<SyncState> = new Set<SyncState>(["pending", "removing"]);

/** A short word (badge, filter) and a sentence (tooltip, screen readers) per state. */
export const SYNC_WORDS: Record<SyncState, { label: string; explain: string }> = {
  pending: { label: "Sending to lock", explain: "Portier sent this to Nuki and waits for the lock to confirm." },
  awaiting_lock: {
    label: "Waiting for lock",
    explain:
      "Nuki accepted this, but the lock has not picked it up yet (it may wait for Nuki's daily sync). Portier keeps looking and does not send it twice.",
  },
  applied: { label: "On lock", explain: "The lock confirmed it holds this window." },
  failed: { label: "Failed", explain: "Nuki refused the change; see the reason and retry." },
  lock_offline: { label: "Lock offline", explain: "The lock is offline; Nuki delivers the change when it is back." },
  removing: { label: "Removing", explain: "Being removed from the lock." },
  removed: { label: "Removed", explain: "Not on the lock." },
  scheduled: {
    label: "Queued",
    explain: "The lock holds one window at a time for this customer; this one is pushed as the previous one ends.",
  },
};

export const syncLabel = (s: SyncState) => SYNC_WORDS[s].label;
export const isSyncState = (s: string): s is SyncState => s in SYNC_WORDS;
