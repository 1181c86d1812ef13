import "server-only";
import type { DbOrTx } from "@/db/client";
import { listCustomers } from "@/lib/access/directory/customers";
import { type Actor, can } from "@/lib/auth/permissions";
import { formatZoned } from "@/lib/time/format-zoned";
import { describeRestriction } from "./describe-restriction";
import { listUnmanaged } from "./list-unmanaged";

/**
 * What the door page and /doors/unmanaged show: the unmanaged and left-alone auths in words (times in
 * each door's clock), how many app users bulk adopt would take, and — for those who may adopt — the
 * customers to adopt onto.
 */
export async function unmanagedView(db: DbOrTx, actor: Actor, doorId?: string) {
  const rows = await listUnmanaged(db, { actor, doorId });
  const canAdopt = can(actor.role, "doors.write");
  const customers = canAdopt
    ? (await listCustomers(db, { actor })).map((c) => ({
        id: c.id,
        name: c.name,
        email: c.email,
        preferredCredential: c.preferredCredential,
      }))
    : [];
  return {
    canAdopt,
    customers,
    // What bulk adopt takes: unmanaged (not left-alone) app users with a customer of that email.
    matches: rows.filter((r) => r.state === "unmanaged" && r.kind === "app" && r.emailMatch).length,
    items: rows.map((r) => ({
      id: r.id,
      version: r.version,
      doorId: r.doorId,
      doorName: r.doorName,
      name: r.name,
      kind: r.kind,
      enabled: r.enabled,
      restriction: describeRestriction(r.restriction, r.timeZone),
      accountUserEmail: r.accountUserEmail,
      lastEntry: r.lastEntryAt ? formatZoned(r.lastEntryAt, r.timeZone) : null,
      state: r.state,
      emailMatch: r.emailMatch,
    })),
  };
}
