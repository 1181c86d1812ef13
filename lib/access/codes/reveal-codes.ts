import "server-only";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { customers, doors, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";

export type RevealedCodes = { code: number | null; doors: { doorName: string; code: number }[]; differs: boolean };

/**
 * Shows a customer's keypad code(s) in clear: to the customer themself, or to staff whose role may
 * reveal codes. Every reveal is audited, the customer's own included (who looked at whose code —
 * never the code itself): a reveal through a hijacked portal sign-in must leave a trace.
 */
export async function revealCodes(ctx: AccessContext, actor: Actor, customerId: string): Promise<RevealedCodes> {
  const self = actor.role === "customer";
  if (self) {
    if (actor.customerId !== customerId) throw new AppError("NOT_FOUND", "Not found.");
  } else {
    assertCan(actor, "codes.reveal");
  }
  const [customer] = await ctx.db
    .select({ enc: customers.keypadCodeEnc })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!customer) throw new AppError("NOT_FOUND", "Not found.");
  const rows = await ctx.db
    .select({ enc: grants.codeEnc, doorName: doors.name })
    .from(grants)
    .innerJoin(doors, eq(doors.id, grants.doorId))
    .where(
      and(
        eq(grants.customerId, customerId),
        eq(grants.credential, "keypad"),
        isNotNull(grants.desired),
        isNotNull(grants.codeEnc),
      ),
    )
    .orderBy(asc(doors.name));
  const code = customer.enc ? ctx.vault.decrypt(customer.enc) : null;
  const perDoor = rows.map((r) => ({ doorName: r.doorName, code: ctx.vault.decrypt(r.enc!) }));
  // In a transaction: the audit chain's advisory lock is transaction-scoped.
  await ctx.db.transaction((tx) =>
    appendAudit(tx, { actor, action: "code.reveal", entityType: "customer", entityId: customerId }),
  );
  return { code, doors: perDoor, differs: perDoor.some((d) => d.code !== code) };
}
