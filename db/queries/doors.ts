import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { doors } from "../schema";

/** Doors by group and name. No authorization here: callers (lib/access, the edges) check the actor. */
export async function selectDoors(db: DbOrTx, params: { group?: string } = {}) {
  return db
    .select()
    .from(doors)
    .where(params.group ? eq(doors.groupName, params.group) : undefined)
    .orderBy(asc(doors.groupName), asc(doors.name));
}

export async function selectDoor(db: DbOrTx, id: string) {
  const [row] = await db.select().from(doors).where(eq(doors.id, id)).limit(1);
  return row ?? null;
}
