import "server-only";
import type { DbOrTx } from "@/db/client";
import { selectDoors, selectDoorsAwaitingSite } from "@/db/queries/doors";
import { selectDoorGroups, selectSite, selectSites } from "@/db/queries/sites";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";

// Reads for the Sites pages and the site picker: every staff role reads (doors.read); only admins
// change anything (doors.write, checked by the services).

export async function listSites(db: DbOrTx, params: { actor: Actor }) {
  assertCan(params.actor, "doors.read");
  return selectSites(db);
}

export async function listDoorsAwaitingSite(db: DbOrTx, params: { actor: Actor }) {
  assertCan(params.actor, "doors.read");
  return selectDoorsAwaitingSite(db);
}

/** One site with its groups and doors, plus what the editor's "Move to site…" offers. */
export async function siteEditor(db: DbOrTx, params: { actor: Actor; siteId: string }) {
  assertCan(params.actor, "doors.read");
  const site = await selectSite(db, params.siteId);
  if (!site) return null;
  const [groups, doors, sites] = await Promise.all([
    selectDoorGroups(db, site.id),
    selectDoors(db, { siteId: site.id }),
    selectSites(db),
  ]);
  return { site, groups, doors, sites };
}
