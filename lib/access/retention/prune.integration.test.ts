import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, sql } from "drizzle-orm";
import { appendAudit, verifyAuditChain } from "@/db/queries/audit";
import {
  apiIdempotency,
  apiKeys,
  apiKeyUsage,
  auditLog,
  bulkJobItems,
  bulkJobs,
  customers,
  doors,
  lockEvents,
  loginAttempts,
  loginLinks,
  outbox,
  users,
  webhookDeliveries,
  webhookEndpoints,
  webhookInbox,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { createTestDatabase } from "@/test/db";
import { pruneExpired } from "./prune";
import { RETENTION_DEFAULTS, readRetentionPeriods, updateRetentionSettings } from "./retention-settings";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-29T12:00:00Z");
const ago = (days: number) => new Date(NOW - days * DAY);
const NOTHING = {
  lockEvents: 0,
  webhookInbox: 0,
  loginAttempts: 0,
  outbox: 0,
  loginLinks: 0,
  webhookDeliveries: 0,
  apiUsage: 0,
  apiIdempotency: 0,
  bulkJobs: 0,
  expiredWebhookSecrets: 0,
};

let h: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;

beforeAll(async () => {
  h = await createTestDatabase();
  const [u] = await h.db
    .insert(users)
    .values({ email: "admin@x.test", name: "Admin", role: "admin" })
    .returning({ id: users.id });
  admin = { id: u!.id, role: "admin", label: "Admin", customerId: null };
});
afterAll(async () => h?.drop());

const rows = async (t: typeof auditLog) => (await h.db.select({ n: count() }).from(t))[0]!.n;

describe("retention", () => {
  it("has sensible defaults from the migration", async () => {
    expect(await readRetentionPeriods(h.db)).toEqual(RETENTION_DEFAULTS);
  });

  it("prunes only what is past its period, keeps unapplied webhooks and unsent mail, and the audit chain verifies", async () => {
    const [door] = await h.db
      .insert(doors)
      .values({ name: "Room 1", smartlockId: 1, timeZone: "Europe/Berlin" })
      .returning({ id: doors.id });
    const [cust] = await h.db
      .insert(customers)
      .values({ name: "Anna", email: "anna@x.test" })
      .returning({ id: customers.id });
    const [portalUser] = await h.db
      .insert(users)
      .values({ email: "anna@x.test", name: "Anna", role: "customer", customerId: cust!.id })
      .returning({ id: users.id });
    // Audit entries interleaved with the activity, before and after the lock events they describe.
    await h.db.transaction((tx) =>
      appendAudit(tx, { actor: admin, action: "window.create", entityType: "window", entityId: "w1" }),
    );
    await h.db.insert(lockEvents).values([
      { id: "old-1", doorId: door!.id, at: ago(400), action: 1, trigger: 0, state: 1, customerId: cust!.id },
      { id: "old-2", doorId: door!.id, at: ago(366), action: 1, trigger: 0, state: 1 },
      { id: "new-1", doorId: door!.id, at: ago(364), action: 1, trigger: 0, state: 1 },
    ]);
    await h.db.insert(webhookInbox).values([
      { dedupeKey: "a", feature: "DEVICE_LOGS", body: {}, receivedAt: ago(40), processedAt: ago(40) },
      { dedupeKey: "b", feature: "DEVICE_LOGS", body: {}, receivedAt: ago(40), processedAt: null, error: "boom" },
      { dedupeKey: "c", feature: "DEVICE_LOGS", body: {}, receivedAt: ago(5), processedAt: ago(5) },
    ]);
    await h.db.insert(loginAttempts).values([
      { email: "a@x.test", ip: "1.1.1.1", success: false, at: ago(91) },
      { email: "a@x.test", ip: "1.1.1.1", success: true, at: ago(1) },
    ]);
    await h.db.insert(outbox).values([
      { to: "a@x.test", subject: "s", body: "b", kind: "k", createdAt: ago(200), sentAt: ago(100) },
      { to: "a@x.test", subject: "s", body: "b", kind: "k", createdAt: ago(200), sentAt: null },
      { to: "a@x.test", subject: "s", body: "b", kind: "k", createdAt: ago(100), sentAt: ago(10) },
    ]);
    await h.db.insert(loginLinks).values([
      { tokenHash: "t1", userId: portalUser!.id, expiresAt: ago(59), usedAt: null, createdAt: ago(60) },
      { tokenHash: "t2", userId: portalUser!.id, expiresAt: new Date(NOW + DAY), createdAt: ago(60) },
      { tokenHash: "t3", userId: portalUser!.id, expiresAt: ago(1), createdAt: ago(1) },
    ]);
    await h.db.transaction((tx) =>
      appendAudit(tx, { actor: admin, action: "window.delete", entityType: "window", entityId: "w1" }),
    );
    const auditBefore = await rows(auditLog);

    const report = await pruneExpired(h.db, NOW);
    expect(report).toEqual({ ...NOTHING, lockEvents: 2, webhookInbox: 1, loginAttempts: 1, outbox: 1, loginLinks: 1 });
    expect((await h.db.select({ id: lockEvents.id }).from(lockEvents)).map((r) => r.id)).toEqual(["new-1"]);
    expect((await h.db.select({ k: webhookInbox.dedupeKey }).from(webhookInbox)).map((r) => r.k).sort()).toEqual([
      "b",
      "c",
    ]);
    expect(await h.db.select({ sentAt: outbox.sentAt }).from(outbox)).toHaveLength(2);
    expect(await h.db.select().from(outbox).where(sql`sent_at is null`)).toHaveLength(1);
    expect((await h.db.select({ t: loginLinks.tokenHash }).from(loginLinks)).map((r) => r.t).sort()).toEqual([
      "t2",
      "t3",
    ]);
    // Nothing left out of the audit trail: every entry kept, one more saying what was pruned.
    expect(await rows(auditLog)).toBe(auditBefore + 1);
    const [last] = await h.db.select().from(auditLog).orderBy(sql`id desc`).limit(1);
    expect(last).toMatchObject({ action: "retention.prune", actorLabel: "system" });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, checked: auditBefore + 1 });

    // A second run finds nothing and writes no audit entry.
    expect(await pruneExpired(h.db, NOW)).toEqual(NOTHING);
    expect(await rows(auditLog)).toBe(auditBefore + 1);
  });

  it("applies an admin's shorter period, audited, and refuses periods below what the app needs", async () => {
    await updateRetentionSettings(h.db, admin, { ...RETENTION_DEFAULTS, lockEventsDays: 30 });
    const [change] = await h.db.select().from(auditLog).orderBy(sql`id desc`).limit(1);
    expect(change).toMatchObject({ action: "retention.update", after: { lockEventsDays: 30 } });
    expect((change!.before as { lockEventsDays: number }).lockEventsDays).toBe(365);
    expect(await pruneExpired(h.db, NOW)).toMatchObject({ lockEvents: 1 });
    await expect(updateRetentionSettings(h.db, admin, { ...RETENTION_DEFAULTS, loginAttemptsDays: 1 })).rejects.toThrow(
      /at least 2 days/,
    );
    // The table's CHECK holds even for a writer that skips the validation.
    await expect(h.db.execute(sql`update retention_settings set outbox_days = 0`)).rejects.toThrow();
    const staff: Actor = { ...admin, role: "staff" };
    await expect(updateRetentionSettings(h.db, staff, RETENTION_DEFAULTS)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it("prunes done webhook deliveries, API usage and idempotency records, and finished bulk jobs with their items — never pending deliveries or unfinished jobs", async () => {
    const [door] = await h.db
      .insert(doors)
      .values({ name: "Room 9", smartlockId: 9, timeZone: "Europe/Berlin" })
      .returning({ id: doors.id });
    const [cust] = await h.db
      .insert(customers)
      .values({ name: "Bea", email: "bea@x.test" })
      .returning({ id: customers.id });
    const [endpoint] = await h.db
      .insert(webhookEndpoints)
      .values({ url: "https://pms.example.com/hooks", secretEnc: "sealed", eventTypes: ["entry.recorded"] })
      .returning({ id: webhookEndpoints.id });
    const delivery = (eventId: string, status: "pending" | "delivered" | "failed", days: number) => ({
      endpointId: endpoint!.id,
      eventId,
      eventType: "entry.recorded",
      payload: {},
      status,
      createdAt: ago(days),
      nextAttemptAt: ago(days),
      giveUpAt: ago(days - 1),
    });
    await h.db
      .insert(webhookDeliveries)
      .values([
        delivery("old-delivered", "delivered", 31),
        delivery("old-failed", "failed", 40),
        delivery("old-pending", "pending", 60),
        delivery("new-delivered", "delivered", 29),
      ]);
    const [key] = await h.db
      .insert(apiKeys)
      .values({ name: "PMS", prefix: "pk_test1", secretHash: "h".repeat(64), scope: "read" })
      .returning({ id: apiKeys.id });
    await h.db.insert(apiKeyUsage).values([
      { apiKeyId: key!.id, hour: ago(91), reads: 5 },
      { apiKeyId: key!.id, hour: ago(92), reads: 1 },
      { apiKeyId: key!.id, hour: ago(89), reads: 7 },
    ]);
    await h.db.insert(apiIdempotency).values([
      { apiKeyId: key!.id, key: "old", fingerprint: "f", responseStatus: 201, responseBody: {}, createdAt: ago(91) },
      { apiKeyId: key!.id, key: "old-running", fingerprint: "f", responseStatus: null, createdAt: ago(91) },
      { apiKeyId: key!.id, key: "new", fingerprint: "f", responseStatus: 201, responseBody: {}, createdAt: ago(1) },
    ]);
    const job = (finishedDaysAgo: number | null, createdDaysAgo: number) => ({
      actorLabel: "Desk",
      actorRole: "staff" as const,
      spec: {},
      total: 1,
      createdAt: ago(createdDaysAgo),
      finishedAt: finishedDaysAgo === null ? null : ago(finishedDaysAgo),
    });
    const jobs = await h.db
      .insert(bulkJobs)
      .values([job(91, 92), job(89, 200), job(null, 300)])
      .returning({ id: bulkJobs.id });
    await h.db
      .insert(bulkJobItems)
      .values(
        jobs.map((j) => ({ jobId: j.id, seq: 0, customerId: cust!.id, doorId: door!.id, state: "pending" as const })),
      );

    // Defaults: deliveries 30 days, API usage 90, bulk jobs 90 (the shorter lock-events period of the test above stays).
    expect(await pruneExpired(h.db, NOW)).toEqual({
      ...NOTHING,
      webhookDeliveries: 2,
      apiUsage: 2,
      apiIdempotency: 1,
      bulkJobs: 1,
    });
    expect(
      (await h.db.select({ e: webhookDeliveries.eventId }).from(webhookDeliveries)).map((r) => r.e).sort(),
    ).toEqual(["new-delivered", "old-pending"]);
    expect((await h.db.select({ r: apiKeyUsage.reads }).from(apiKeyUsage)).map((r) => r.r)).toEqual([7]);
    expect((await h.db.select({ k: apiIdempotency.key }).from(apiIdempotency)).map((r) => r.k).sort()).toEqual([
      "new",
      "old-running",
    ]);
    // The finished job went with its item; the recent one and the unfinished (paused) one stay.
    const left = await h.db.select({ id: bulkJobs.id }).from(bulkJobs);
    expect(left.map((r) => r.id).sort()).toEqual([jobs[1]!.id, jobs[2]!.id].sort());
    expect((await h.db.select({ j: bulkJobItems.jobId }).from(bulkJobItems)).map((r) => r.j).sort()).toEqual(
      [jobs[1]!.id, jobs[2]!.id].sort(),
    );
    const [last] = await h.db.select().from(auditLog).orderBy(sql`id desc`).limit(1);
    expect(last).toMatchObject({ action: "retention.prune", after: { webhookDeliveries: 2, bulkJobs: 1 } });

    // An admin's shorter periods apply on the next run; the pending delivery survives any period.
    await updateRetentionSettings(h.db, admin, {
      ...(await readRetentionPeriods(h.db)),
      webhookDeliveriesDays: 2,
      bulkJobsDays: 7,
    });
    expect(await pruneExpired(h.db, NOW)).toMatchObject({ webhookDeliveries: 1, bulkJobs: 1 });
    expect((await h.db.select({ e: webhookDeliveries.eventId }).from(webhookDeliveries)).map((r) => r.e)).toEqual([
      "old-pending",
    ]);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });
});
