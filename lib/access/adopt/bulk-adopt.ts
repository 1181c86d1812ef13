import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { appendAudit } from "@/db/queries/audit";
import { customers, doors, unmanagedAuths } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { AppError, assertCan, isAppError } from "@/lib/errors";
import { isNukiApiError } from "@/lib/nuki/errors";
import { AUTH_TYPE, type NukiAuth } from "@/lib/nuki/schemas";
import { engineFor } from "../connections/engine-for";
import type { EngineContext } from "../context";
import { adoptAuth } from "./adopt-auth";

export const bulkAdoptInput = z.object({ doorId: z.uuid().optional() });

export type BulkAdoptReport = {
  adopted: { unmanagedId: string; name: string; doorName: string; customerName: string }[];
  skipped: { unmanagedId: string; name: string; doorName: string; reason: string }[];
};

/** Above this many locks one account-wide paged listing is cheaper than one listing per lock. */
const PER_LOCK_LIMIT = 5;

/**
 * The common take-over case: every unmanaged Nuki app user whose account email is a customer's
 * email is adopted onto that customer (auths staff chose to leave alone are not). Each adoption is
 * its own transaction and audit entry, so one refusal (say, the pair already has access) skips
 * that auth with its reason and the rest go on. The locks are read in as few calls as possible.
 */
export async function bulkAdoptByEmail(
  e: EngineContext,
  actor: Actor,
  raw: z.input<typeof bulkAdoptInput> = {},
): Promise<BulkAdoptReport> {
  assertCan(actor, "doors.write");
  const input = bulkAdoptInput.parse(raw);
  const candidates = await e.db
    .select({
      row: unmanagedAuths,
      doorName: doors.name,
      smartlockId: doors.smartlockId,
      connectionId: doors.connectionId,
      customerId: customers.id,
      customerName: customers.name,
    })
    .from(unmanagedAuths)
    .innerJoin(doors, eq(doors.id, unmanagedAuths.doorId))
    .innerJoin(customers, sql`lower(${customers.email}) = lower(${unmanagedAuths.accountUserEmail})`)
    .where(
      and(
        eq(unmanagedAuths.state, "unmanaged"),
        eq(unmanagedAuths.type, AUTH_TYPE.app),
        isNotNull(unmanagedAuths.accountUserEmail),
        input.doorId ? eq(unmanagedAuths.doorId, input.doorId) : undefined,
      ),
    );
  const report: BulkAdoptReport = { adopted: [], skipped: [] };
  if (!candidates.length) return report;
  // Each lock is read through its own Nuki connection (several accounts: issue #13).
  const onLocks = new Map<string, NukiAuth>();
  for (const connectionId of new Set(candidates.map((c) => c.connectionId))) {
    const ids = [...new Set(candidates.filter((c) => c.connectionId === connectionId).map((c) => c.smartlockId))];
    for (const [id, a] of await readAppAuths(await engineFor(e, connectionId), ids)) onLocks.set(id, a);
  }
  for (const c of candidates) {
    const auth = onLocks.get(c.row.nukiAuthId);
    const base = { unmanagedId: c.row.id, name: c.row.name, doorName: c.doorName };
    if (!auth) {
      report.skipped.push({ ...base, reason: "No longer on the lock." });
      continue;
    }
    try {
      await adoptAuth(
        e,
        actor,
        { unmanagedId: c.row.id, expectedVersion: c.row.version, customer: { id: c.customerId } },
        auth,
      );
      report.adopted.push({ ...base, customerName: c.customerName });
    } catch (error) {
      if (!isAppError(error)) throw error;
      report.skipped.push({ ...base, reason: error.userMessage });
    }
  }
  await appendAudit(e.db, {
    actor,
    action: "auth.bulk_adopt",
    entityType: "door",
    entityId: input.doorId ?? "all",
    after: { adopted: report.adopted.length, skipped: report.skipped.length },
  });
  return report;
}

async function readAppAuths(e: EngineContext, smartlockIds: number[]): Promise<Map<string, NukiAuth>> {
  try {
    const types = [AUTH_TYPE.app];
    const all =
      smartlockIds.length > PER_LOCK_LIMIT
        ? await e.nuki.listAllAuthsPaged({ types })
        : (await Promise.all(smartlockIds.map((id) => e.nuki.listLockAuths(id, { types })))).flat();
    return new Map(all.map((a) => [a.id, a]));
  } catch (error) {
    if (!isNukiApiError(error)) throw error;
    throw new AppError("LOCK_API_ERROR", "Nuki did not answer; nothing was adopted. Try again in a moment.", {
      cause: error,
    });
  }
}
