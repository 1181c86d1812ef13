import "server-only";
import { DEFAULT_CONNECTION_ID } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import type { EngineContext } from "../context";
import { type LockSyncReport, syncLocks } from "../locks/sync-locks";
import { activeConnections } from "./engine-connections";
import { engineFor } from "./engine-for";

/**
 * "Sync from Nuki" with several accounts (issue #13): the default connection first — its refused
 * token still throws as before (the Doors page names it) — then every other enabled connection,
 * each on its own (one account's refusal is recorded for that account and does not stop the rest).
 * The counts add up; names are those of every account.
 */
export async function syncAllConnections(e: EngineContext, actor: Actor): Promise<LockSyncReport> {
  assertCan(actor, "doors.write");
  const total = await syncLocks(e, actor);
  if (!e.nukiFor) return total;
  for (const c of await activeConnections(e.db)) {
    if (c.id === DEFAULT_CONNECTION_ID || !c.tokenEnc) continue;
    try {
      const r = await syncLocks(await engineFor(e, c.id), actor);
      total.locks += r.locks;
      total.added.push(...r.added);
      total.renamed.push(...r.renamed);
      total.archived.push(...r.archived);
      total.restored.push(...r.restored);
      total.changed.push(...r.changed);
      total.emptyListIgnored ||= r.emptyListIgnored;
    } catch (error) {
      // Recorded under that connection's lock-sync outcome and its health; the others go on.
      console.error(`[nuki] lock sync of connection ${c.name} failed: ${(error as Error).message}`);
    }
  }
  return total;
}
