import "server-only";
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { appendAudit } from "@/db/queries/audit";
import { doors, sites } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { rezoneDoors } from "./rezone-doors";
import { createSiteInput, deleteSiteInput, updateSiteInput } from "./schemas";
import { isUniqueViolation, lockSite, siteAuditView } from "./site-version";

const nameTaken = (name: string) => new AppError("CONFLICT", `A site named “${name}” already exists.`);

export async function createSite(ctx: AccessContext, actor: Actor, raw: z.input<typeof createSiteInput>) {
  assertCan(actor, "doors.write");
  const input = createSiteInput.parse(raw);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [site] = await tx
        .insert(sites)
        .values({
          name: input.name,
          timeZone: input.timeZone,
          checkInMinutes: input.checkIn,
          checkOutMinutes: input.checkOut,
        })
        .returning();
      await appendAudit(tx, {
        actor,
        action: "site.create",
        entityType: "site",
        entityId: site!.id,
        after: siteAuditView(site!),
      });
      return site!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

/**
 * Edits a site. A new zone moves every door of the site onto it in the same transaction and
 * recompiles their grants (see rezoneDoors), so no lock keeps times meant for the old clock.
 */
export async function updateSite(ctx: AccessContext, actor: Actor, raw: z.input<typeof updateSiteInput>) {
  assertCan(actor, "doors.write");
  const input = updateSiteInput.parse(raw);
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const before = await lockSite(tx, input.siteId, input.expectedVersion);
      const [after] = await tx
        .update(sites)
        .set({
          name: input.name,
          timeZone: input.timeZone,
          checkInMinutes: input.checkIn,
          checkOutMinutes: input.checkOut,
          version: sql`${sites.version} + 1`,
          updatedAt: new Date(ctx.now()),
        })
        .where(eq(sites.id, before.id))
        .returning();
      let rezoned = { doors: 0, pairs: 0 };
      if (before.timeZone !== after!.timeZone) {
        const ids = (await tx.select({ id: doors.id }).from(doors).where(eq(doors.siteId, before.id))).map((d) => d.id);
        rezoned = await rezoneDoors(tx, ctx, ids, after!.timeZone);
      }
      await appendAudit(tx, {
        actor,
        action: "site.update",
        entityType: "site",
        entityId: before.id,
        before: siteAuditView(before),
        after: { ...siteAuditView(after!), ...(rezoned.doors ? { rezoned } : {}) },
      });
      return { site: after!, rezoned };
    });
    if (result.rezoned.pairs) ctx.wake();
    return result;
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

/** Deletes a site that holds no doors (its groups go with it); a site with doors says how many to move first. */
export async function deleteSite(ctx: AccessContext, actor: Actor, raw: z.input<typeof deleteSiteInput>) {
  assertCan(actor, "doors.write");
  const input = deleteSiteInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const site = await lockSite(tx, input.siteId, input.expectedVersion);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(doors)
      .where(eq(doors.siteId, site.id));
    if (n > 0)
      throw new AppError(
        "CONFLICT",
        `“${site.name}” still holds ${n} door${n === 1 ? "" : "s"}; move ${n === 1 ? "it" : "them"} to another site first.`,
      );
    await tx.delete(sites).where(eq(sites.id, site.id));
    await appendAudit(tx, {
      actor,
      action: "site.delete",
      entityType: "site",
      entityId: site.id,
      before: siteAuditView(site),
    });
    return { id: site.id };
  });
}
