import { asc, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";
import type { DbOrTx } from "../client";
import { doors } from "../schema";

export async function listDoors(db: DbOrTx, params: { actor: Actor; group?: string }) {
  assertCan(params.actor, "doors.read");
  return db
    .select()
    .from(doors)
    .where(params.group ? eq(doors.groupName, params.group) : undefined)
    .orderBy(asc(doors.groupName), asc(doors.name));
}

export async function getDoor(db: DbOrTx, params: { actor: Actor; id: string }) {
  assertCan(params.actor, "doors.read");
  const [row] = await db.select().from(doors).where(eq(doors.id, params.id)).limit(1);
  return row ?? null;
}
