import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, customers } from "@/db/schema";
import { verifyAuditChain } from "@/db/queries/audit";
import type { Actor } from "@/lib/auth/permissions";
import { advance, createEngine, type Engine, hoursFromNow } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { createWindow } from "../windows/create-window";
import { customersCsv, windowsCsv } from "./export-csv";
import { importCustomers, previewCustomerImport } from "./import-customers";

let e: Engine;
afterEach(async () => e?.close());

const preview = (text: string) => previewCustomerImport(e, e.actor, text);
const importFile = async (text: string) => importCustomers(e, e.actor, { text, digest: (await preview(text)).digest });
const byEmail = async (email: string) => (await e.db.select().from(customers).where(eq(customers.email, email)))[0];

describe("customer CSV import", () => {
  it("previews create / update (which fields) / unchanged / error with totals, and writes nothing", async () => {
    e = await createEngine({ customers: 2 }); // c0@example.com, c1@example.com: "Customer 0/1", keypad
    const p = await preview(
      "\uFEFFName;E-Mail;Phone;Group;Access\r\n" +
        "Customer 0;C0@Example.com;;;keypad\r\n" +
        '"Customer 1, Ltd";c1@example.com;+41 1;Studio B;app\r\n' +
        "New Person;new@example.com;;;invite\r\n" +
        "Bad;not-an-email;;;\r\n",
    );
    expect(p.fileErrors).toEqual([]);
    expect(p.totals).toEqual({ rows: 4, create: 1, update: 1, unchanged: 1, error: 1 });
    expect(p.rows.map((r) => r.action)).toEqual(["unchanged", "update", "create", "error"]);
    expect(p.rows[1]!.changes).toEqual([
      { field: "name", from: "Customer 1", to: "Customer 1, Ltd" },
      { field: "phone", from: null, to: "+41 1" },
      { field: "groupName", from: null, to: "Studio B" },
      { field: "preferredCredential", from: "keypad", to: "app" },
    ]);
    expect(p.rows[3]!.errors).toEqual(["That is not a valid email address; it should look like name@example.com."]);
    expect(await e.db.select().from(customers)).toHaveLength(2);
  });

  it("refuses to import while any row has an error: nothing written, the preview says why", async () => {
    e = await createEngine({ customers: 1 });
    const text = "name,email\nGood,good@example.com\nDup,d@example.com\nDup2,D@example.com\n";
    const err = await importCustomers(e, e.actor, { text, digest: (await preview(text)).digest }).catch((x) => x);
    expect(err).toMatchObject({ code: "INVALID_INPUT", userMessage: "2 rows have problems; nothing was imported." });
    expect(err.details.preview.rows[1].errors).toEqual(["The email d@example.com is also on row 4."]);
    expect(await e.db.select().from(customers)).toHaveLength(1);
  });

  it("is idempotent by email: a second import of the same file changes nothing, an edited one updates in place", async () => {
    e = await createEngine({ customers: 1 }); // c0@example.com
    const first = "name,email,phone,group,credential\nAnna,anna@example.com,1,A,keypad\nBert,bert@example.com,,,app\n";
    expect(await importFile(first)).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await importFile(first)).toEqual({ created: 0, updated: 0, unchanged: 2 });
    const edited = "name,email,phone,group,credential\nAnna,ANNA@example.com,2,A,keypad\nBert,bert@example.com,,,app\n";
    expect(await importFile(edited)).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const rows = await e.db.select().from(customers);
    expect(rows).toHaveLength(3);
    const anna = await byEmail("anna@example.com");
    expect(anna).toMatchObject({ phone: "2", groupName: "A", version: 2 });
    // A phone change touches no lock: the bulk path, audited like an edit.
    const [update] = await e.db.select().from(auditLog).where(eq(auditLog.action, "customer.update"));
    expect(update).toMatchObject({ entityId: anna!.id, before: { phone: "1" }, after: { phone: "2" } });
    // A file without a phone column leaves phones alone (an empty cell would clear one).
    expect((await preview("name,email\nAnna,anna@example.com\n")).totals.unchanged).toBe(1);
    expect((await preview("name,email,phone\nAnna,anna@example.com,\n")).rows[0]!.changes).toEqual([
      { field: "phone", from: "2", to: null },
    ]);
  });

  it("audits each created customer and the import, and the hash chain still verifies", async () => {
    e = await createEngine({ customers: 1 });
    // An entry before the import: the bulk-written entries must link to the chain's head, not to genesis.
    await importFile("name,email\nZ,z@example.com\n");
    await importFile("name,email,credential\nA,a@example.com,app\nB,b@example.com,\nCustomer 0,c0@example.com,app\n");
    const entries = (await e.db.select().from(auditLog).orderBy(auditLog.id)).slice(2);
    expect(entries.map((x) => x.action)).toEqual([
      "customer.create",
      "customer.create",
      "customer.update",
      "customer.import",
    ]);
    expect(entries[0]!.after).toEqual({ name: "A", groupName: null, preferredCredential: "app" });
    expect(entries[3]!.after).toEqual({ created: 2, updated: 1, unchanged: 0, rows: 3 });
    expect(entries.every((x) => x.actorId === e.actor.id)).toBe(true);
    expect((await verifyAuditChain(e.db)).ok).toBe(true);
  });

  it("moves a customer's doors to the new credential when the import switches it (the edit path, not a raw UPDATE)", async () => {
    e = await createEngine({ doors: 2, customers: 1 });
    const c = e.customerIds[0]!;
    for (const d of e.doorIds)
      await createWindow(e, e.actor, {
        customerId: c,
        doorId: d,
        window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 3) },
      });
    await reconcileOnce(e, "w");
    await advance(e, 2100);
    expect(e.sim.snapshot().auths.map((a) => a.type)).toEqual([13, 13]);
    expect(await importFile("name,email,credential\nCustomer 0,c0@example.com,app\n")).toMatchObject({ updated: 1 });
    for (let i = 0; i < 3; i++) {
      await reconcileOnce(e, "w");
      await advance(e, 2100);
    }
    expect(e.sim.snapshot().auths.map((a) => a.type)).toEqual([0, 0]);
  });

  it("leaves nothing behind when the database fails in the middle (rows already inserted are rolled back)", async () => {
    e = await createEngine({ customers: 1 });
    // A failure on the update that runs after the creates were inserted.
    await e.db.execute(sql`
      create function refuse_update() returns trigger language plpgsql as $$
      begin raise exception 'disk on fire'; end $$;
      create trigger refuse_update before update on customers for each row execute function refuse_update();
    `);
    const text = "name,email\nA,a@example.com\nB,b@example.com\nRenamed,c0@example.com\n";
    await expect(importFile(text)).rejects.toThrow();
    expect((await e.db.select().from(customers)).map((r) => r.name)).toEqual(["Customer 0"]);
    expect(await e.db.select().from(auditLog)).toEqual([]);
  });

  it("refuses a stale preview: the database changed the plan since", async () => {
    e = await createEngine({ customers: 1 });
    const text = "name,email\nRenamed,c0@example.com\n";
    const { digest } = await preview(text);
    await e.db.update(customers).set({ version: 2, phone: "9" }).where(eq(customers.id, e.customerIds[0]!));
    await expect(importCustomers(e, e.actor, { text, digest })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await e.db.select().from(customers))[0]!.name).toBe("Customer 0");
  });

  it("lets only staff who may create customers import or preview; managers and customers are refused", async () => {
    e = await createEngine({ customers: 1 });
    const text = "name,email\nA,a@example.com\n";
    const { digest } = await preview(text);
    for (const role of ["manager", "customer"] as const) {
      const actor: Actor = {
        id: e.actor.id,
        role,
        label: role,
        customerId: role === "customer" ? e.customerIds[0]! : null,
      };
      await expect(previewCustomerImport(e, actor, text)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(importCustomers(e, actor, { text, digest })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await e.db.select().from(customers)).toHaveLength(1);
    const admin: Actor = { ...e.actor, role: "admin" };
    expect(await importCustomers(e, admin, { text, digest })).toMatchObject({ created: 1 });
  });
});

describe("CSV exports", () => {
  it("exports customers with the import's own headers (a round trip imports as unchanged), formulas neutralised", async () => {
    e = await createEngine({ customers: 1 });
    await e.db.delete(customers);
    await importFile('name,email,phone,group\n"=HYPERLINK(1), Inc",h@example.com,+41 1,"Studio, B"\n');
    const csv = await customersCsv(e.db, e.actor, {});
    expect(csv).toBe(
      '"name","email","phone","group","credential"\r\n"\'=HYPERLINK(1), Inc","h@example.com","\'+41 1","Studio, B","keypad"\r\n',
    );
    // The import drops the apostrophe the guard added: the export reads back as unchanged.
    expect((await preview(csv)).totals).toMatchObject({ rows: 1, unchanged: 1 });
    // Filters are the page's own.
    expect(await customersCsv(e.db, e.actor, { group: "nope" })).toBe(
      '"name","email","phone","group","credential"\r\n',
    );
    const manager: Actor = { ...e.actor, role: "manager" };
    expect(await customersCsv(e.db, manager, {})).toContain("h@example.com");
    const customer: Actor = { ...e.actor, role: "customer", customerId: null };
    await expect(customersCsv(e.db, customer, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("exports windows with door, zone, local and UTC times, the weekly rule and the lock status", async () => {
    e = await createEngine({ doors: 1, customers: 2 });
    await createWindow(e, e.actor, {
      customerId: e.customerIds[0]!,
      doorId: e.doorIds[0]!,
      window: {
        kind: "once",
        startsAt: new Date("2026-12-01T08:00:00Z"),
        endsAt: new Date("2026-12-01T10:30:00Z"),
      },
    });
    await createWindow(e, e.actor, {
      customerId: e.customerIds[1]!,
      doorId: e.doorIds[0]!,
      window: {
        kind: "weekly",
        weekdays: 124,
        fromMinute: 540,
        untilMinute: 1020,
        startsOn: "2026-12-01",
        endsOn: "2027-04-30",
      },
    });
    const lines = (await windowsCsv(e.db, e.actor, {})).trim().split("\r\n");
    expect(lines[0]).toBe(
      '"customer","email","door","site","zone","kind","start (door\'s time)","end (door\'s time)","start (UTC)","end (UTC)","days","daily from","daily until","status","window id"',
    );
    expect(lines[1]).toMatch(
      /^"Customer 0","c0@example.com","Door 0","","Europe\/Berlin","once","2026-12-01 09:00:00 CET","2026-12-01 11:30:00 CET","2026-12-01T08:00:00.000Z","2026-12-01T10:30:00.000Z","","","","pending","[0-9a-f-]{36}"$/,
    );
    // The series ends at the end of its last day, which is summer time by then.
    expect(lines[2]).toContain(
      '"weekly","2026-12-01 00:00:00 CET","2027-05-01 00:00:00 CEST","2026-11-30T23:00:00.000Z","2027-04-30T22:00:00.000Z","Mon–Fri","09:00","17:00"',
    );
    expect((await windowsCsv(e.db, e.actor, { customerId: e.customerIds[1]! })).trim().split("\r\n")).toHaveLength(2);
    expect((await windowsCsv(e.db, e.actor, { search: "Customer 0" })).trim().split("\r\n")).toHaveLength(2);
    const customer: Actor = { ...e.actor, role: "customer", customerId: e.customerIds[0]! };
    await expect(windowsCsv(e.db, customer, { customerId: e.customerIds[0]! })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
