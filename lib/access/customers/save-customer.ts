import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { withFreeTags } from "@/db/queries/customer-tags";
import { accessWindows, customers } from "@/db/schema";
import { endPortalAccess } from "@/lib/auth/login-links";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { syncGrants } from "../grants/sync-grants";
import { lockPairs } from "../windows/pair-lock";

export const customerInput = z.object({
  name: z.string().trim().min(1, "Enter the customer's name.").max(120, "Keep the name under 120 characters."),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("That is not a valid email address; it should look like name@example.com.")),
  phone: z.string().trim().max(40, "Keep the phone number under 40 characters.").optional(),
  groupName: z.string().trim().max(60, "Keep the group name under 60 characters.").optional(),
  preferredCredential: z.enum(["keypad", "app"], { error: "Choose keypad code or Nuki app invite." }),
});
export const updateCustomerInput = customerInput.extend({
  customerId: z.uuid(),
  expectedVersion: z.number().int().min(1),
});

const isUniqueViolation = (e: unknown) =>
  (e as { cause?: { code?: string } })?.cause?.code === "23505" || (e as { code?: string })?.code === "23505";

export async function createCustomer(ctx: AccessContext, actor: Actor, raw: z.input<typeof customerInput>) {
  assertCan(actor, "customers.write");
  const input = customerInput.parse(raw); // normalised here too (lower-case email), whoever calls
  try {
    // The tag from the allocator, never the column's default (which collided ~3 per 10,000). The
    // allocator's transaction is this one: a tag taken meanwhile rolls back and retries it whole.
    return await withFreeTags(ctx.db, 1, async (tx, [tag]) => {
      const [row] = await tx
        .insert(customers)
        .values({ ...input, phone: input.phone || null, groupName: input.groupName || null, tag: tag! })
        .returning();
      await appendAudit(tx, {
        actor,
        action: "customer.create",
        entityType: "customer",
        entityId: row!.id,
        after: { name: row!.name, groupName: row!.groupName, preferredCredential: row!.preferredCredential },
      });
      return row!;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "A customer with this email address already exists.");
    throw e;
  }
}

/**
 * Edits a customer. Switching between keypad code and app invite moves every door over: the old
 * credential's auths are removed and the new ones created by the reconciler. A new name is sent
 * too (auth names carry it).
 */
export async function updateCustomer(ctx: AccessContext, actor: Actor, raw: z.input<typeof updateCustomerInput>) {
  assertCan(actor, "customers.write");
  const input = updateCustomerInput.parse(raw);
  try {
    const result = await ctx.db.transaction((tx: Tx) => updateCustomerInTx(tx, ctx, actor, input));
    ctx.wake();
    return result;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "A customer with this email address already exists.");
    throw e;
  }
}

/**
 * The edit itself, inside the caller's transaction (the CSV import runs many in one, all or nothing).
 * The caller checks the actor and calls ctx.wake() after commit.
 */
export async function updateCustomerInTx(
  tx: Tx,
  ctx: AccessContext,
  actor: Actor,
  input: z.output<typeof updateCustomerInput>,
) {
  const [before] = await tx.select().from(customers).where(eq(customers.id, input.customerId)).for("update");
  if (!before) throw new AppError("NOT_FOUND", "That customer no longer exists.");
  if (before.version !== input.expectedVersion)
    throw new AppError("CONFLICT", "Someone else changed this customer meanwhile; reload and try again.", {
      details: { customer: before },
    });
  const [after] = await tx
    .update(customers)
    .set({
      name: input.name,
      email: input.email,
      phone: input.phone || null,
      groupName: input.groupName || null,
      preferredCredential: input.preferredCredential,
      version: sql`${customers.version} + 1`,
      updatedAt: new Date(ctx.now()),
    })
    .where(and(eq(customers.id, input.customerId), eq(customers.version, input.expectedVersion)))
    .returning();
  if (before.name !== after!.name || before.preferredCredential !== after!.preferredCredential) {
    const doorIds = [
      ...new Set(
        (
          await tx
            .select({ doorId: accessWindows.doorId })
            .from(accessWindows)
            .where(eq(accessWindows.customerId, before.id))
        ).map((r) => r.doorId),
      ),
    ];
    await lockPairs(
      tx,
      doorIds.map((doorId) => ({ customerId: before.id, doorId })),
    );
    for (const doorId of doorIds) await syncGrants(tx, ctx, before.id, doorId);
  }
  if (before.email.toLowerCase() !== after!.email.toLowerCase()) {
    // The portal sign-in belongs to the mailbox: whoever held the old address (or an address
    // someone set briefly) loses every session and unused link at once. Audited on its own, as
    // a sensitive change, besides the general customer.update entry below.
    await endPortalAccess(tx, before.id, ctx.now());
    await appendAudit(tx, {
      actor,
      action: "customer.email_change",
      entityType: "customer",
      entityId: before.id,
      before: { email: before.email },
      after: { email: after!.email },
    });
  }
  await appendAudit(tx, {
    actor,
    action: "customer.update",
    entityType: "customer",
    entityId: before.id,
    before: {
      name: before.name,
      email: before.email,
      groupName: before.groupName,
      preferredCredential: before.preferredCredential,
    },
    after: {
      name: after!.name,
      email: after!.email,
      groupName: after!.groupName,
      preferredCredential: after!.preferredCredential,
    },
  });
  return after!;
}
