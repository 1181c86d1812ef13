import "server-only";
import type { DbOrTx } from "@/db/client";
import { selectDoor, selectDoors } from "@/db/queries/doors";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";

// The data layer only selects; who may read what is decided here and at the edges.

export async function listDoors(db: DbOrTx, params: { actor: Actor; group?: string; siteId?: string }) {
  assertCan(params.actor, "doors.read");
  return selectDoors(db, { group: params.group, siteId: params.siteId });
}

export async function getDoor(db: DbOrTx, params: { actor: Actor; id: string }) {
  assertCan(params.actor, "doors.read");
  return selectDoor(db, params.id);
}
