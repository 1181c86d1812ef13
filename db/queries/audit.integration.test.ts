import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase } from "@/test/db";
import { listAudit } from "@/lib/access/directory/audit";
import { appendAudit, verifyAuditChain } from "./audit";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

const actor = { id: "00000000-0000-4000-8000-000000000001", label: "Ada Admin" };
const manager = { id: actor.id, role: "manager" as const, label: "M", customerId: null };

describe("audit trail", () => {
  it("chains entries and verifies them", async () => {
    for (let i = 0; i < 5; i++) {
      await appendAudit(t.db, {
        actor,
        action: "window.move",
        entityType: "window",
        entityId: `w${i}`,
        before: { start: i },
        after: { start: i + 1, nested: { b: 2, a: 1 } },
      });
    }
    expect(await verifyAuditChain(t.db)).toEqual({ checked: 5, ok: true, firstBadId: null, reason: null });
    const page = await listAudit(t.db, { actor: manager, limit: 2 });
    expect(page.entries.map((e) => e.entityId)).toEqual(["w4", "w3"]);
    expect(page.nextCursor).not.toBeNull();
  });

  it("refuses UPDATE and DELETE for the application", async () => {
    // drizzle wraps the driver error; the trigger's message is on the cause.
    const causeOf = (p: Promise<unknown>) =>
      p.then(
        () => "no error",
        (e: Error) => String((e.cause as Error)?.message ?? e.message),
      );
    expect(await causeOf(t.db.execute(sql`update audit_log set action = 'x'`))).toMatch(/append-only/);
    expect(await causeOf(t.db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
  });

  it("detects a row edited by someone who bypassed the trigger", async () => {
    await t.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await t.db.execute(sql`update audit_log set after = '{"start": 99}' where entity_id = 'w2'`);
    await t.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    expect(report.reason).toMatch(/edited/);
    expect(report.checked).toBe(3);
  });

  it("refuses readers without audit.read", async () => {
    await expect(listAudit(t.db, { actor: { ...manager, role: "staff" } })).rejects.toThrow(/role/);
  });
});
