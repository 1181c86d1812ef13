import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { doors, grants } from "@/db/schema";
import type { CodeVault } from "./code-vault";

/**
 * A checker for "is this keypad code already held on this door?": by another of Portier's grants
 * (the keyed-HMAC index) or by an auth on the lock Portier does not own (seen at resync, or
 * `alsoTaken` just discovered). Used wherever a code is chosen for a door.
 */
export async function doorCodeChecker(
  db: DbOrTx,
  vault: CodeVault,
  doorId: string,
  o: { exceptGrantId?: string; alsoTaken?: string[] } = {},
) {
  const [door] = await db.select({ foreign: doors.foreignCodeHmacs }).from(doors).where(eq(doors.id, doorId));
  const foreign = new Set([...(door?.foreign ?? []), ...(o.alsoTaken ?? [])]);
  return async (code: number) => {
    const hmac = vault.doorHmac(doorId, code);
    if (foreign.has(hmac)) return true;
    const clash = await db
      .select({ id: grants.id })
      .from(grants)
      .where(
        and(
          eq(grants.doorId, doorId),
          eq(grants.codeHmac, hmac),
          o.exceptGrantId ? ne(grants.id, o.exceptGrantId) : undefined,
        ),
      )
      .limit(1);
    return clash.length > 0;
  };
}
