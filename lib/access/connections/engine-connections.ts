import "server-only";
import { eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { DEFAULT_CONNECTION_ID, type NukiConnection, nukiConnections } from "@/db/schema";

/**
 * The env-configured account as the "default" connection row, upserted at every start: its name,
 * base URL and budget follow the environment; its token stays there (token_enc stays null).
 */
export async function upsertDefaultConnection(
  db: DbOrTx,
  o: { name: string; apiBaseUrl: string; requestsPerSec: number; burst: number },
) {
  await db
    .insert(nukiConnections)
    .values({ id: DEFAULT_CONNECTION_ID, ...o })
    .onConflictDoUpdate({
      target: nukiConnections.id,
      set: { apiBaseUrl: o.apiBaseUrl, requestsPerSec: o.requestsPerSec, burst: o.burst },
    });
}

/** Connections a reconciler keeps a lane for (engine only: no actor, never shown to anyone). */
export function activeConnections(db: DbOrTx): Promise<NukiConnection[]> {
  return db.select().from(nukiConnections).where(isNull(nukiConnections.disabledAt));
}

export async function connectionById(db: DbOrTx, id: string): Promise<NukiConnection | null> {
  const [row] = await db.select().from(nukiConnections).where(eq(nukiConnections.id, id));
  return row ?? null;
}

/** After a call succeeded or failed on a connection: what its health line on the settings page shows. */
export async function noteConnectionCall(db: DbOrTx, id: string, o: { okAt?: Date; error?: string | null }) {
  await db
    .update(nukiConnections)
    .set({ ...(o.okAt ? { lastOkAt: o.okAt } : {}), ...(o.error !== undefined ? { lastError: o.error } : {}) })
    .where(eq(nukiConnections.id, id));
}

/**
 * Per connection, for readiness and the metrics gauges (system paths, like operationsGauges: no
 * actor, counts only): whether its token is refused and how many changes wait for it.
 */
export async function connectionGauges(
  db: DbOrTx,
): Promise<{ id: string; disabled: boolean; tokenRefused: boolean; pendingGrants: number }[]> {
  const r = await db.execute<{ id: string; disabled: boolean; refused: boolean; pending: number }>(sql`
    select c.id, c.disabled_at is not null as disabled,
      exists (select 1 from nuki_token_health h where h.connection = c.id and h.refused_since is not null) as refused,
      (select count(*)::int from grants g join doors d on d.id = g.door_id
        where d.connection_id = c.id and g.status in ('pending', 'removing', 'awaiting_lock', 'lock_offline')) as pending
    from nuki_connections c order by c.id`);
  return r.rows.map((x) => ({
    id: x.id,
    disabled: x.disabled,
    tokenRefused: x.refused,
    pendingGrants: Number(x.pending),
  }));
}
