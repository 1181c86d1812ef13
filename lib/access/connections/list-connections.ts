import "server-only";
import { asc, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { DEFAULT_CONNECTION_ID, nukiConnections, nukiTokenHealth } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";

/** What an admin sees of a connection: never its token (only its last four characters). */
export type ConnectionView = {
  id: string;
  name: string;
  apiBaseUrl: string;
  /** The env-configured account: token, base URL and budget come from the environment. */
  fromEnv: boolean;
  tokenHint: string | null;
  requestsPerSec: number;
  burst: number;
  disabled: boolean;
  webhookRegistered: boolean;
  tokenRefusedSince: Date | null;
  tokenRefusedStatus: number | null;
  lastOkAt: Date | null;
  lastError: string | null;
  doors: number;
  pendingGrants: number;
  version: number;
};

/** Every connection with its health, the default first (Settings → Nuki accounts). Admins only. */
export async function listConnections(db: DbOrTx, actor: Actor): Promise<ConnectionView[]> {
  assertCan(actor, "settings.admin");
  const rows = await db
    .select({
      c: nukiConnections,
      refusedSince: nukiTokenHealth.refusedSince,
      refusedStatus: nukiTokenHealth.lastStatus,
      doors: sql<number>`(select count(*)::int from doors d where d.connection_id = ${nukiConnections.id} and d.archived_at is null)`,
      pending: sql<number>`(select count(*)::int from grants g join doors d on d.id = g.door_id
        where d.connection_id = ${nukiConnections.id} and g.status in ('pending', 'removing', 'awaiting_lock', 'lock_offline'))`,
    })
    .from(nukiConnections)
    .leftJoin(nukiTokenHealth, sql`${nukiTokenHealth.connection} = ${nukiConnections.id}`)
    .orderBy(sql`${nukiConnections.id} <> ${DEFAULT_CONNECTION_ID}`, asc(nukiConnections.name));
  return rows.map(({ c, ...r }) => ({
    id: c.id,
    name: c.name,
    apiBaseUrl: c.apiBaseUrl,
    fromEnv: c.id === DEFAULT_CONNECTION_ID,
    tokenHint: c.tokenHint,
    requestsPerSec: c.requestsPerSec,
    burst: c.burst,
    disabled: c.disabledAt != null,
    webhookRegistered: c.webhookId != null,
    tokenRefusedSince: r.refusedSince,
    tokenRefusedStatus: r.refusedSince ? r.refusedStatus : null,
    lastOkAt: c.lastOkAt,
    lastError: c.lastError,
    doors: r.doors,
    pendingGrants: r.pending,
    version: c.version,
  }));
}
