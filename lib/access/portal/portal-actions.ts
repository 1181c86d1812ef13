import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { queueMail } from "@/db/queries/outbox";
import { customers, doors, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";

export const FRONT_DESK_EMAIL = () => process.env.FRONT_DESK_EMAIL ?? "frontdesk@portier.test";
export const icalTokenHash = (token: string) => createHash("sha256").update(`ical:${token}`).digest("hex");

/** The customer the actor may act for: only their own record. */
function ownCustomer(actor: Actor): string {
  assertCan(actor, "portal.self");
  if (!actor.customerId) throw new AppError("NOT_FOUND", "No customer record is linked to this sign-in.");
  return actor.customerId;
}

/**
 * Nuki invites cannot be resent, only replaced (delete + recreate, which needs the lock online):
 * the customer asks, the front desk decides. Recorded in the audit trail and mailed to the desk.
 */
export async function requestNewInvite(ctx: AccessContext, actor: Actor, grantId: string) {
  const customerId = ownCustomer(actor);
  const [row] = await ctx.db
    .select({ g: grants, doorName: doors.name, customerName: customers.name })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .innerJoin(customers, eq(customers.id, grants.customerId))
    .where(and(eq(grants.id, grantId), eq(grants.customerId, customerId)));
  if (row?.g.credential !== "app") throw new AppError("NOT_FOUND", "Not found.");
  await ctx.db.transaction(async (tx) => {
    await appendAudit(tx, { actor, action: "invite.resend_requested", entityType: "grant", entityId: grantId });
    await queueMail(tx, {
      to: FRONT_DESK_EMAIL(),
      kind: "invite-resend-request",
      dedupeKey: `invite-resend:${grantId}:${new Date(ctx.now()).toISOString().slice(0, 13)}`,
      subject: `${row.customerName} asks for a new Nuki invite (${row.doorName})`,
      body: `${row.customerName} asked for a new app invite for ${row.doorName}. Open the customer in Portier to re-send it.`,
    });
  });
  return { requested: true };
}

/** A private URL for the customer's calendar app; shown once, replaced on every call. */
export async function createIcalLink(ctx: AccessContext, actor: Actor, baseUrl: string) {
  const customerId = ownCustomer(actor);
  const token = randomBytes(24).toString("base64url");
  await ctx.db
    .update(customers)
    .set({ icalTokenHash: icalTokenHash(token) })
    .where(eq(customers.id, customerId));
  return { url: `${baseUrl}/api/ical/${token}` };
}
