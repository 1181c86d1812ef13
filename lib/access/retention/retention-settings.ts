import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { appendAudit } from "@/db/queries/audit";
import { engineJobs, retentionSettings, type RetentionSettings } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { assertCan } from "@/lib/errors";

/** The periods an admin may set, with the same bounds as the table's CHECKs and words for people. */
const days = (label: string, min: number) =>
  z.coerce
    .number({ error: `${label}: enter a number of days.` })
    .int(`${label}: enter a whole number of days.`)
    .min(min, `${label}: keep at least ${min} days.`)
    .max(3650, `${label}: at most 3650 days (10 years).`);

export const retentionInput = z.object({
  lockEventsDays: days("Lock activity", 7),
  webhookInboxDays: days("Webhook inbox", 7),
  loginAttemptsDays: days("Sign-in attempts", 2),
  outboxDays: days("Sent email", 7),
  loginLinksDays: days("Used or expired sign-in links", 2),
  webhookDeliveriesDays: days("Outgoing webhook deliveries", 2),
  apiUsageDays: days("API usage counts and idempotency records", 2),
  bulkJobsDays: days("Finished bulk jobs", 7),
});
export type RetentionInput = z.infer<typeof retentionInput>;
export type RetentionPeriods = RetentionInput;

export const RETENTION_DEFAULTS: RetentionPeriods = {
  lockEventsDays: 365,
  webhookInboxDays: 30,
  loginAttemptsDays: 90,
  outboxDays: 90,
  loginLinksDays: 30,
  webhookDeliveriesDays: 30,
  apiUsageDays: 90,
  bulkJobsDays: 90,
};

const periodsOf = (r: RetentionSettings): RetentionPeriods => ({
  lockEventsDays: r.lockEventsDays,
  webhookInboxDays: r.webhookInboxDays,
  loginAttemptsDays: r.loginAttemptsDays,
  outboxDays: r.outboxDays,
  loginLinksDays: r.loginLinksDays,
  webhookDeliveriesDays: r.webhookDeliveriesDays,
  apiUsageDays: r.apiUsageDays,
  bulkJobsDays: r.bulkJobsDays,
});

/** The periods in force (the migration inserts the row; defaults cover a database restored without it). */
export async function readRetentionPeriods(db: DbOrTx): Promise<RetentionPeriods> {
  const [row] = await db.select().from(retentionSettings).where(eq(retentionSettings.id, 1));
  return row ? periodsOf(row) : RETENTION_DEFAULTS;
}

export async function getRetentionSettings(db: DbOrTx, actor: Actor) {
  assertCan(actor, "settings.admin");
  const [row] = await db.select().from(retentionSettings).where(eq(retentionSettings.id, 1));
  const [job] = await db.select().from(engineJobs).where(eq(engineJobs.name, "retention"));
  return {
    periods: row ? periodsOf(row) : RETENTION_DEFAULTS,
    updatedAt: row?.updatedAt ?? null,
    lastRun: job ? { at: job.lastRunAt, deleted: (job.lastReport ?? null) as Record<string, number> | null } : null,
  };
}

/** Changes the periods; audited with before → after, because shortening one deletes history. */
export async function updateRetentionSettings(db: DbOrTx, actor: Actor, raw: RetentionInput) {
  assertCan(actor, "settings.admin");
  const input = retentionInput.parse(raw);
  return db.transaction(async (tx) => {
    const before = await readRetentionPeriods(tx);
    const [row] = await tx
      .insert(retentionSettings)
      .values({ id: 1, ...input, updatedAt: new Date(), updatedBy: actor.id })
      .onConflictDoUpdate({
        target: retentionSettings.id,
        set: { ...input, updatedAt: new Date(), updatedBy: actor.id },
      })
      .returning();
    await appendAudit(tx, {
      actor,
      action: "retention.update",
      entityType: "settings",
      entityId: "retention",
      before,
      after: input,
    });
    return periodsOf(row!);
  });
}
