import "server-only";
import { and, asc, eq, isNotNull, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { doors, sites } from "@/db/schema";

/**
 * Doors whose lock reports another zone (config.timezoneId) than their site's. Nuki evaluates an
 * auth's times on the lock's own clock, so such a lock opens at the right wall-clock time in the
 * wrong zone: every window is off by the zones' difference. Both zones are named so the admin can
 * fix whichever is wrong (the lock's setting in the Nuki app, or the site). Archived doors and
 * locks that report no zone are left out.
 */
export async function zoneMismatches(db: DbOrTx) {
  return db
    .select({
      id: doors.id,
      name: doors.name,
      lockTimeZone: doors.lockTimeZone,
      siteId: sites.id,
      siteName: sites.name,
      siteTimeZone: sites.timeZone,
    })
    .from(doors)
    .innerJoin(sites, eq(sites.id, doors.siteId))
    .where(and(isNotNull(doors.lockTimeZone), ne(doors.lockTimeZone, sites.timeZone), isNull(doors.archivedAt)))
    .orderBy(asc(doors.name))
    .then((rows) => rows.map((r) => ({ ...r, lockTimeZone: r.lockTimeZone! })));
}
