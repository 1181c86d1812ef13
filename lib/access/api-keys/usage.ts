import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeyUsage } from "@/db/schema";

export type ApiUse = "read" | "write" | "refused";

/**
 * Counts one use of a key in its current hour (see apiKeyUsage for why reads are counted, not
 * chained into the audit log). Writes are also counted here so the settings page shows both.
 */
export async function recordApiUse(db: DbOrTx, apiKeyId: string, use: ApiUse) {
  const column = { read: "reads", write: "writes", refused: "refused" }[use];
  await db
    .insert(apiKeyUsage)
    .values({ apiKeyId, hour: sql`date_trunc('hour', now())`, [column]: 1 })
    .onConflictDoUpdate({
      target: [apiKeyUsage.apiKeyId, apiKeyUsage.hour],
      set: { [column]: sql.raw(`"api_key_usage"."${column}" + 1`) },
    });
}
