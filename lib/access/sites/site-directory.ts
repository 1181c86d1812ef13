import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { selectDoors, selectDoorsAwaitingSite } from "@/db/queries/doors";
import { selectDoorGroups, selectSite, selectSites } from "@/db/queries/sites";
import { accessWindows, doors } from "@/db/schema";
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

/**
 * The site a calendar link points into when it names no site: the site of the window's door
 * (`?window=` from a failure elsewhere), of the first door (`?doors=` from a door page), or of the
 * customer's next window's door (`?customer=`), so a link never opens on a site without its subject.
 */
export async function siteOfCalendarLink(
  db: DbOrTx,
  params: { actor: Actor; windowId?: string; doorId?: string; customerId?: string },
): Promise<string | null> {
  assertCan(params.actor, "access.read");
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ok = (s?: string) => (s && uuid.test(s) ? s : undefined);
  const [row] = await db
    .select({ siteId: doors.siteId })
    .from(doors)
    .where(
      ok(params.windowId)
        ? sql`${doors.id} = (select ${accessWindows.doorId} from ${accessWindows} where ${accessWindows.id} = ${params.windowId})`
        : ok(params.doorId)
          ? eq(doors.id, params.doorId!)
          : ok(params.customerId)
            ? sql`${doors.id} = (select ${accessWindows.doorId} from ${accessWindows} where ${accessWindows.customerId} = ${params.customerId}
                order by (${accessWindows.endsAt} is not null and ${accessWindows.endsAt} < now()), ${accessWindows.startsAt} limit 1)`
            : sql`false`,
    )
    .limit(1);
  return row?.siteId ?? null;
}
