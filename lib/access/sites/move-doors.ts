import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { appendAudit } from "@/db/queries/audit";
import { doorGroups, doors } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { rezoneDoors } from "./rezone-doors";
import { moveDoorsInput } from "./schemas";
import { bumpSite, lockSite } from "./site-version";

/**
 * Puts doors into a site (and optionally a group of it), many at once, all or nothing: "Assign to
 * site" for doors lock sync imported, "Move to site…" and "Move to group…" in the editor. A door
 * that joins a site in another zone takes the site's zone and its grants are recompiled in the
 * same transaction. Each door must still be where the mover saw it (optimistic check per door).
 */
export async function moveDoors(ctx: AccessContext, actor: Actor, raw: z.input<typeof moveDoorsInput>) {
  assertCan(actor, "doors.write");
  const input = moveDoorsInput.parse(raw);
  const result = await ctx.db.transaction(async (tx) => {
    const seen = new Map(input.doors.map((d) => [d.doorId, d]));
    const ids = [...seen.keys()].sort();
    // Sites first, in id order (the target and where the mover saw each door), then the doors: the
    // same order as a site edit (site → its doors), so concurrent moves and edits never deadlock.
    const siteIds = [
      ...new Set([input.siteId, ...input.doors.map((d) => d.siteId).filter((s): s is string => !!s)]),
    ].sort();
    const locked = new Map<string, Awaited<ReturnType<typeof lockSite>>>();
    for (const id of siteIds) locked.set(id, await lockSite(tx, id));
    const current = await tx.select().from(doors).where(inArray(doors.id, ids)).orderBy(doors.id).for("update");
    if (current.length !== ids.length) throw new AppError("NOT_FOUND", "Some of these doors no longer exist; reload.");
    const target = locked.get(input.siteId)!;
    const stale = current.filter((d) => {
      const s = seen.get(d.id)!;
      return d.siteId !== s.siteId || d.groupId !== s.groupId;
    });
    if (stale.length)
      throw new AppError(
        "CONFLICT",
        `Someone else moved ${stale.map((d) => d.name).join(", ")} meanwhile; reload and try again.`,
        { details: { doors: stale.map((d) => ({ id: d.id, siteId: d.siteId, groupId: d.groupId })) } },
      );
    if (input.groupId) {
      const [group] = await tx.select().from(doorGroups).where(eq(doorGroups.id, input.groupId));
      if (!group) throw new AppError("NOT_FOUND", "That door group no longer exists; reload.");
      if (group.siteId !== target.id)
        throw new AppError("INVALID_INPUT", `The group “${group.name}” belongs to another site than “${target.name}”.`);
    }
    const changes = current.map((d) => ({
      door: d,
      groupId:
        input.groupId !== undefined ? input.groupId : d.siteId === target.id ? d.groupId : null /* old site's group */,
    }));
    for (const c of changes)
      await tx.update(doors).set({ siteId: target.id, groupId: c.groupId }).where(eq(doors.id, c.door.id));
    const rezoned = await rezoneDoors(
      tx,
      ctx,
      current.map((d) => d.id),
      target.timeZone,
    );
    for (const id of siteIds) await bumpSite(tx, id, ctx.now());
    await appendAudit(tx, {
      actor,
      action: "doors.move",
      entityType: "site",
      entityId: target.id,
      before: { doors: current.map((d) => ({ id: d.id, name: d.name, siteId: d.siteId, groupId: d.groupId })) },
      after: {
        siteName: target.name,
        timeZone: target.timeZone,
        doors: changes.map((c) => ({ id: c.door.id, siteId: target.id, groupId: c.groupId })),
        ...(rezoned.doors ? { rezoned } : {}),
      },
    });
    return { moved: changes.length, rezoned };
  });
  if (result.rezoned.pairs) ctx.wake();
  return result;
}
