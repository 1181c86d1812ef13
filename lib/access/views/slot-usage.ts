import "server-only";
import { and, count, inArray, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { grants } from "@/db/schema";

/**
 * Authorizations Portier holds per door and credential (grants that want an auth on the lock), in one
 * grouped query. Slots used on a lock = these + the foreign auths seen there at resync.
 */
export async function portierAuthsPerDoor(
  db: DbOrTx,
  doorIds?: string[],
): Promise<Map<string, { keypad: number; app: number }>> {
  const rows = await db
    .select({ doorId: grants.doorId, credential: grants.credential, n: count() })
    .from(grants)
    .where(and(isNotNull(grants.desired), doorIds ? inArray(grants.doorId, doorIds) : undefined))
    .groupBy(grants.doorId, grants.credential);
  const out = new Map<string, { keypad: number; app: number }>();
  for (const r of rows) {
    const entry = out.get(r.doorId) ?? { keypad: 0, app: 0 };
    entry[r.credential] = r.n;
    out.set(r.doorId, entry);
  }
  return out;
}
