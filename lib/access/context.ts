import type { Db } from "@/db/client";
import type { NukiClient } from "@/lib/nuki/client";
import type { CodeVault } from "./codes/code-vault";

/**
 * What the access engine needs from the outside world, passed in (never imported) so tests can run
 * it on a manual clock against the simulator, and the app and `npm run worker` can wire the real ones.
 */
export type AccessContext = {
  db: Db;
  vault: CodeVault;
  now: () => number;
  /** Tell reconcilers (this process and others) that grants became due. */
  wake: () => void;
};

export type EngineContext = AccessContext & {
  /** The client of this context's Nuki connection (the env-configured "default" one unless `connectionId` says). */
  nuki: NukiClient;
  config: ReconcilerConfig;
  /**
   * Which Nuki connection `nuki` talks to (issue #13); absent = "default". A reconciler lane gets
   * a context per connection, and everything it does (claims, resync, lock sync, token health)
   * stays inside that connection's doors.
   */
  connectionId?: string;
  /** The client of any connection (the process's registry); absent where only the default exists (most tests). */
  nukiFor?: (connectionId: string) => Promise<NukiClient>;
};

export type ReconcilerConfig = {
  /** How long a 204 may stay unconfirmed before Portier reads the lock back (R5: ≤ 2 min). */
  confirmTimeoutMs: number;
  /** How often an offline lock is looked at while it stays offline (no hammering). */
  offlineProbeMs: number;
  /** Periodic resync of everything (webhooks may be lost): R10 target 5 min. */
  resyncIntervalMs: number;
  leaseMs: number;
  batchSize: number;
  /** Max items in one bulk POST/DELETE /smartlock/auth. */
  bulkChunk: number;
  maxBackoffMs: number;
  /**
   * A change Nuki accepted that the lock has not applied (it missed the fast sync): read back at
   * growing intervals — as long as it has waited so far — never more often than the confirmation
   * timeout and never less often than this ceiling.
   */
  stalledMaxIntervalMs: number;
  /**
   * How long a create Nuki accepted may still land: its daily sync plus a margin. Until then it is
   * never sent again (a late apply would leave two auths); after it, one create is tried, and a 409
   * ("that code / account user is already taken") means it is still travelling.
   */
  stalledHorizonMs: number;
};

export const DEFAULT_RECONCILER_CONFIG: ReconcilerConfig = {
  confirmTimeoutMs: 45_000,
  offlineProbeMs: 15 * 60_000,
  resyncIntervalMs: 5 * 60_000,
  leaseMs: 60_000,
  batchSize: 200,
  bulkChunk: 50,
  maxBackoffMs: 15 * 60_000,
  stalledMaxIntervalMs: 30 * 60_000,
  stalledHorizonMs: 25 * 60 * 60_000,
};
