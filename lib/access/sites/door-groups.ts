import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { doorGroups, doors } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { createGroupInput, deleteGroupInput, renameGroupInput } from "./schemas";
import { bumpSite, isUniqueViolation, lockSite } from "./site-version";

const nameTaken = (name: string) => new AppError("CONFLICT", `This site already has a group named “${name}”.`);

async function lockGroup(tx: Tx, groupId: string, expectedVersion: number) {
  const [group] = await tx.select().from(doorGroups).where(eq(doorGroups.id, groupId));
  if (!group) throw new AppError("NOT_FOUND", "That door group no longer exists.");
  const site = await lockSite(tx, group.siteId, expectedVersion);
  return { group, site };
}

export async function createDoorGroup(ctx: AccessContext, actor: Actor, raw: z.input<typeof createGroupInput>) {
  assertCan(actor, "doors.write");
  const input = createGroupInput.parse(raw);
  try {
    return await ctx.db.transaction(async (tx) => {
      const site = await lockSite(tx, input.siteId, input.expectedVersion);
      const [group] = await tx.insert(doorGroups).values({ siteId: site.id, name: input.name }).returning();
      await bumpSite(tx, site.id, ctx.now());
      await appendAudit(tx, {
        actor,
        action: "door_group.create",
        entityType: "door_group",
        entityId: group!.id,
        after: { siteId: site.id, siteName: site.name, name: group!.name },
      });
      return group!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

export async function renameDoorGroup(ctx: AccessContext, actor: Actor, raw: z.input<typeof renameGroupInput>) {
  assertCan(actor, "doors.write");
  const input = renameGroupInput.parse(raw);
  try {
    return await ctx.db.transaction(async (tx) => {
      const { group, site } = await lockGroup(tx, input.groupId, input.expectedVersion);
      const [after] = await tx
        .update(doorGroups)
        .set({ name: input.name })
        .where(eq(doorGroups.id, group.id))
        .returning();
      await bumpSite(tx, site.id, ctx.now());
      await appendAudit(tx, {
        actor,
        action: "door_group.rename",
        entityType: "door_group",
        entityId: group.id,
        before: { name: group.name },
        after: { name: after!.name, siteName: site.name },
      });
      return after!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

/** Deletes a group; its doors stay in the site without a group (access is per door, so nothing is resent). */
export async function deleteDoorGroup(ctx: AccessContext, actor: Actor, raw: z.input<typeof deleteGroupInput>) {
  assertCan(actor, "doors.write");
  const input = deleteGroupInput.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const { group, site } = await lockGroup(tx, input.groupId, input.expectedVersion);
    const released = await tx
      .update(doors)
      .set({ groupId: null })
      .where(eq(doors.groupId, group.id))
      .returning({ id: doors.id });
    await tx.delete(doorGroups).where(eq(doorGroups.id, group.id));
    await bumpSite(tx, site.id, ctx.now());
    await appendAudit(tx, {
      actor,
      action: "door_group.delete",
      entityType: "door_group",
      entityId: group.id,
      before: { name: group.name, siteName: site.name, doorIds: released.map((d) => d.id) },
    });
    return { id: group.id, releasedDoors: released.length };
  });
}
