import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, users, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import type { Actor } from "@/lib/auth/permissions";
import { createTestDatabase } from "@/test/db";
import { pruneExpired } from "../retention/prune";
import { deliverDue } from "./deliver";
import { emitEvent } from "./emit-event";
import { createEndpoint, deleteEndpoint, rotateEndpointSecret, updateEndpoint } from "./endpoints";

/**
 * Managing an endpoint: edit (optimistic), delete (its deliveries go with it), and rotate the
 * signing secret with a grace period during which every delivery carries both signatures.
 */
let h: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;
let staff: Actor;
const vault = createCodeVault(randomBytes(32));
const ctx = () => ({ db: h.db, vault, allowPlainHttp: false });
const HOUR = 3_600_000;

type Got = { headers: IncomingHttpHeaders; body: string };
const received: Got[] = [];
let receiverUrl = "";
let close: () => void = () => {};

beforeAll(async () => {
  h = await createTestDatabase();
  const [a] = await h.db.insert(users).values({ email: "ada@x.test", name: "Ada Admin", role: "admin" }).returning();
  admin = { id: a!.id, role: "admin", label: "Ada Admin", customerId: null };
  staff = { id: a!.id, role: "staff", label: "Desk", customerId: null };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  close = () => server.close();
});
afterAll(async () => {
  close();
  await h?.drop();
});
beforeEach(async () => {
  received.length = 0;
  await h.db.delete(webhookEndpoints);
});

const audits = (action: string) => h.db.select().from(auditLog).where(eq(auditLog.action, action));

describe("edit", () => {
  it("changes URL, description, events and enabled; a stale version is refused with the fresh row; audited", async () => {
    const { id } = await createEndpoint(ctx(), admin, {
      url: "https://a.example.com/hooks",
      eventTypes: ["window.created"],
    });
    const saved = await updateEndpoint(ctx(), admin, {
      id,
      expectedVersion: 1,
      url: "https://b.example.com/hooks",
      description: "PMS",
      eventTypes: ["window.created", "window.deleted"],
      enabled: false,
    });
    expect(saved).toMatchObject({
      url: "https://b.example.com/hooks",
      description: "PMS",
      eventTypes: ["window.created", "window.deleted"],
      enabled: false,
      version: 2,
    });
    const stale = updateEndpoint(ctx(), admin, { id, expectedVersion: 1, description: "mine" });
    await expect(stale).rejects.toMatchObject({
      code: "CONFLICT",
      details: { current: { description: "PMS", version: 2 } },
    });
    const [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(row!.description).toBe("PMS");
    const [entry] = await audits("webhook_endpoint.update");
    expect(entry).toMatchObject({
      before: { url: "https://a.example.com/hooks", version: 1 },
      after: { url: "https://b.example.com/hooks", enabled: false, version: 2 },
    });
    await expect(updateEndpoint(ctx(), admin, { id, expectedVersion: 2, url: "http://[fe80::1]/x" })).rejects.toThrow(
      /link-local/,
    );
    await expect(updateEndpoint(ctx(), staff, { id, expectedVersion: 2, enabled: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("delete", () => {
  it("deletes the endpoint with its deliveries (waiting ones too), audited with the counts; stale version refused", async () => {
    const { id } = await createEndpoint(ctx(), admin, { url: receiverUrl, eventTypes: ["entry.recorded"] });
    await emitEvent(h.db, "entry.recorded", { doorId: "d1" }, Date.now());
    await emitEvent(h.db, "entry.recorded", { doorId: "d2" }, Date.now());
    await h.db.update(webhookDeliveries).set({ status: "delivered" }).where(sql`payload->'data'->>'doorId' = 'd1'`);
    await expect(deleteEndpoint(ctx(), admin, { id, expectedVersion: 7 })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(deleteEndpoint(ctx(), staff, { id, expectedVersion: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await deleteEndpoint(ctx(), admin, { id, expectedVersion: 1 })).toEqual({ id, deliveriesDeleted: 2 });
    expect(await h.db.select().from(webhookEndpoints)).toHaveLength(0);
    expect(await h.db.select().from(webhookDeliveries)).toHaveLength(0);
    const [entry] = await audits("webhook_endpoint.delete");
    expect(entry).toMatchObject({
      entityId: id,
      before: { url: receiverUrl },
      after: { deliveriesDeleted: 2, pendingDropped: 1 },
    });
    await expect(deleteEndpoint(ctx(), admin, { id, expectedVersion: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("secret rotation", () => {
  it("signs with both secrets during the grace period (the reference library accepts either), then with the new one only", async () => {
    const t0 = Date.now();
    let t = t0;
    const run = () => deliverDue({ db: h.db, vault, now: () => t, random: () => 0.5 });
    const { id, secret: oldSecret } = await createEndpoint(ctx(), admin, {
      url: receiverUrl,
      eventTypes: ["entry.recorded"],
    });
    const rotated = await rotateEndpointSecret(ctx(), admin, { id, expectedVersion: 1, graceHours: 24 }, t0);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(oldSecret);
    expect(rotated.previousSecretExpiresAt!.getTime()).toBe(t0 + 24 * HOUR);
    // Sealed at rest: neither secret is stored in clear, nor in the audit trail.
    const [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(oldSecret.slice(6));
    expect(stored).not.toContain(rotated.secret.slice(6));
    expect(vault.openText(row!.secretEnc)).toBe(rotated.secret);
    expect(vault.openText(row!.previousSecretEnc!)).toBe(oldSecret);
    const [entry] = await audits("webhook_endpoint.rotate_secret");
    expect(entry).toMatchObject({ after: { graceHours: 24, version: 2 } });
    expect(JSON.stringify(entry)).not.toMatch(/whsec_|secretEnc/);

    // Within the grace period: two v1 entries; a receiver on either secret verifies the delivery.
    await emitEvent(h.db, "entry.recorded", { doorId: "g1" }, t);
    expect(await run()).toMatchObject({ delivered: 1 });
    const during = received.at(-1)!;
    expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    // The receiver checks the timestamp against the real clock, which this test's clock still is.
    expect(new Webhook(rotated.secret).verify(during.body, during.headers as Record<string, string>)).toMatchObject({
      data: { doorId: "g1" },
    });
    expect(new Webhook(oldSecret).verify(during.body, during.headers as Record<string, string>)).toMatchObject({
      data: { doorId: "g1" },
    });

    // After it: the new secret only.
    t = t0 + 24 * HOUR + 1;
    await emitEvent(h.db, "entry.recorded", { doorId: "g2" }, t);
    expect(await run()).toMatchObject({ delivered: 1 });
    const after = received.at(-1)!;
    const entries = String(after.headers["webhook-signature"]).split(" ");
    expect(entries).toHaveLength(1);
    const check = new Webhook(rotated.secret);
    const old = new Webhook(oldSecret);
    // Verified on the payload's own signing time (the library compares it with the real clock).
    const ts = Number(after.headers["webhook-timestamp"]);
    expect(entries[0]).toBe(check.sign(String(after.headers["webhook-id"]), new Date(ts * 1000), after.body));
    expect(entries[0]).not.toBe(old.sign(String(after.headers["webhook-id"]), new Date(ts * 1000), after.body));

    // The retention run clears the expired sealed secret.
    expect(await pruneExpired(h.db, t)).toMatchObject({ expiredWebhookSecrets: 1 });
    const [cleared] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(cleared).toMatchObject({ previousSecretEnc: null, previousSecretExpiresAt: null });
  });

  it("grace 0 drops the old secret at once; rotating twice keeps only the newest two; stale or staff refused", async () => {
    const { id, secret: first } = await createEndpoint(ctx(), admin, {
      url: receiverUrl,
      eventTypes: ["entry.recorded"],
    });
    const now = Date.now();
    const none = await rotateEndpointSecret(ctx(), admin, { id, expectedVersion: 1, graceHours: 0 }, now);
    expect(none.previousSecretExpiresAt).toBeNull();
    let [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(row!.previousSecretEnc).toBeNull();
    const second = none.secret;
    const third = await rotateEndpointSecret(ctx(), admin, { id, expectedVersion: 2 }, now);
    const fourth = await rotateEndpointSecret(ctx(), admin, { id, expectedVersion: 3 }, now);
    [row] = await h.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(vault.openText(row!.secretEnc)).toBe(fourth.secret);
    expect(vault.openText(row!.previousSecretEnc!)).toBe(third.secret);
    expect(row!.previousSecretExpiresAt!.getTime()).toBe(now + 24 * HOUR); // the default grace
    expect([first, second]).not.toContain(vault.openText(row!.previousSecretEnc!));
    await expect(rotateEndpointSecret(ctx(), admin, { id, expectedVersion: 3 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(rotateEndpointSecret(ctx(), staff, { id, expectedVersion: 4 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(rotateEndpointSecret(ctx(), admin, { id, expectedVersion: 4, graceHours: 500 })).rejects.toThrow(
      /at most 168 hours/,
    );
  });
});

describe("send-time address guard", () => {
  it("without the allow-list, a receiver on loopback (by address or by name) gets nothing and the delivery fails at once, with the reason", async () => {
    const port = new URL(receiverUrl).port;
    await createEndpoint({ ...ctx(), allowPlainHttp: true }, admin, {
      url: `http://localhost:${port}/hooks`,
      eventTypes: ["entry.recorded"],
    });
    await createEndpoint(ctx(), admin, { url: receiverUrl, eventTypes: ["entry.recorded"] });
    await emitEvent(h.db, "entry.recorded", { doorId: "s1" }, Date.now());
    const saved = process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS;
    process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS = "";
    try {
      expect(await deliverDue({ db: h.db, vault, now: Date.now })).toMatchObject({ claimed: 2, failed: 2 });
    } finally {
      process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS = saved;
    }
    expect(received).toHaveLength(0);
    const rows = await h.db.select().from(webhookDeliveries);
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed"]);
    for (const r of rows)
      expect(r.lastError).toMatch(/does not send webhooks to loopback or private-network addresses/);
  });
});
