import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { appendAudit } from "@/db/queries/audit";
import { customers, grants } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan } from "@/lib/errors";
import type { AccessContext } from "../context";
import { lockPairs } from "../windows/pair-lock";
import { doorCodeChecker } from "./door-code-taken";
import { chooseDoorCode, generateKeypadCode } from "./generate-code";

/**
 * A new keypad code for a customer (lost, shared, compromised): the same new code on every door
 * that does not already hold it for someone else. Each door's auth gets a new desired version, so
 * the reconciler sends the full auth with the new code; the old code stops working as each lock
 * confirms. The front desk may do this without ever seeing the code.
 */
export async function regenerateCode(ctx: AccessContext, actor: Actor, customerId: string) {
  assertCan(actor, "customers.write");
  const result = await ctx.db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.id, customerId))
      .for("update");
    if (!customer) throw new AppError("NOT_FOUND", "That customer does not exist.");
    const keypadGrants = await tx
      .select()
      .from(grants)
      .where(and(eq(grants.customerId, customerId), eq(grants.credential, "keypad"), isNotNull(grants.desired)));
    await lockPairs(tx, keypadGrants);
    const preferred = generateKeypadCode();
    await tx
      .update(customers)
      .set({ keypadCodeEnc: ctx.vault.encrypt(preferred) })
      .where(eq(customers.id, customerId));
    for (const g of keypadGrants) {
      const { code } = await chooseDoorCode(
        preferred,
        await doorCodeChecker(tx, ctx.vault, g.doorId, { exceptGrantId: g.id }),
      );
      await tx
        .update(grants)
        .set({
          codeEnc: ctx.vault.encrypt(code),
          codeHmac: ctx.vault.doorHmac(g.doorId, code),
          desiredVersion: sql`${grants.desiredVersion} + 1`,
          status: "pending",
          statusChangedAt: new Date(ctx.now()),
          nextRunAt: new Date(ctx.now()),
          attempts: 0,
          lastError: null,
          observed: sql`case when ${grants.observed} is null then null else jsonb_set(${grants.observed}, '{codeMatches}', 'false') end`,
        })
        .where(eq(grants.id, g.id));
    }
    await appendAudit(tx, {
      actor,
      action: "code.regenerate",
      entityType: "customer",
      entityId: customerId,
      after: { doors: keypadGrants.length },
    });
    return { doors: keypadGrants.length };
  });
  ctx.wake();
  return result;
}
