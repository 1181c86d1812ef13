import "server-only";
import type { DbOrTx } from "@/db/client";
import { type AuditFilter, type AuditPage, selectAuditPage } from "@/db/queries/audit";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";

/** The audit trail, for roles that may review it (the data layer itself does not authorize). */
export async function listAudit(db: DbOrTx, params: { actor: Actor } & AuditFilter): Promise<AuditPage> {
  assertCan(params.actor, "audit.read");
  const { actor: _actor, ...filter } = params;
  return selectAuditPage(db, filter);
}
