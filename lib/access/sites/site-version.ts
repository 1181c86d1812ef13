import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type Site, sites } from "@/db/schema";
import { AppError } from "@/lib/errors";

/**
 * Locks a site row for the rest of the transaction and checks the version the editor saw. A stale
 * version is a 409 carrying the fresh row, so the page can show what changed and let the admin redo.
 */
export async function lockSite(tx: Tx, siteId: string, expectedVersion?: number): Promise<Site> {
  const [site] = await tx.select().from(sites).where(eq(sites.id, siteId)).for("update");
  if (!site) throw new AppError("NOT_FOUND", "That site no longer exists.");
  if (expectedVersion !== undefined && site.version !== expectedVersion)
    throw new AppError("CONFLICT", `Someone else changed the site “${site.name}” meanwhile; reload and try again.`, {
      details: { site },
    });
  return site;
}

/** A change to a site's groups or doors is a change to the site: the next editor must reload. */
export async function bumpSite(tx: Tx, siteId: string, now: number) {
  const [site] = await tx
    .update(sites)
    .set({ version: sql`${sites.version} + 1`, updatedAt: new Date(now) })
    .where(eq(sites.id, siteId))
    .returning();
  return site!;
}

export const isUniqueViolation = (e: unknown) =>
  (e as { cause?: { code?: string } })?.cause?.code === "23505" || (e as { code?: string })?.code === "23505";

/** What the audit trail records about a site. */
export const siteAuditView = (s: Site) => ({
  name: s.name,
  timeZone: s.timeZone,
  checkInMinutes: s.checkInMinutes,
  checkOutMinutes: s.checkOutMinutes,
  version: s.version,
});
