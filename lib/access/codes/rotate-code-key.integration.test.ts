import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { verifyAuditChain } from "@/db/queries/audit";
import { customers, doors, grants, nukiConnections, nukiWebhooks } from "@/db/schema";
import { advance, createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { reconcileOnce } from "../reconciler/run-once";
import { resyncAll } from "../reconciler/resync";
import { forgetWebhookSecrets, webhookSecrets } from "../webhooks/receive-webhook";
import { createWindow } from "../windows/create-window";
import { createCodeVault, type CodeVault } from "./code-vault";
import { revealCodes } from "./reveal-codes";
import { countStale, rotateCodeKey } from "./rotate-code-key";

const OLD = randomBytes(32);
const NEW = randomBytes(32);

/** A value sealed the way Portier did before sealed values named their key (`v1:`). */
function legacySeal(masterKey: Buffer, text: string) {
  const key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), "portier keypad code encryption v1", 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

let e: Engine;
let before: Map<string, number>;
let sealedBefore: string[];

async function allSealed(db: Engine["db"]) {
  const c = await db.select({ id: customers.id, enc: customers.keypadCodeEnc }).from(customers);
  const g = await db
    .select({ id: grants.id, enc: grants.codeEnc, hmac: grants.codeHmac, doorId: grants.doorId })
    .from(grants);
  const w = await db.select({ id: nukiWebhooks.id, enc: nukiWebhooks.secretEnc }).from(nukiWebhooks);
  const n = await db
    .select({ id: nukiConnections.id, token: nukiConnections.tokenEnc, secret: nukiConnections.webhookSecretEnc })
    .from(nukiConnections);
  return { c, g, w, n };
}
async function plain(vault: CodeVault) {
  const { c, g, w, n } = await allSealed(e.db);
  return new Map<string, number | string>([
    ...c.filter((r) => r.enc).map((r) => [`c:${r.id}`, vault.decrypt(r.enc!)] as const),
    ...g.filter((r) => r.enc).map((r) => [`g:${r.id}`, vault.decrypt(r.enc!)] as const),
    ...w.map((r) => [`w:${r.id}`, vault.openText(r.enc)] as const),
    // Another Nuki account's token and webhook secret (issue #13).
    ...n.filter((r) => r.token).map((r) => [`t:${r.id}`, vault.openText(r.token!)] as const),
    ...n.filter((r) => r.secret).map((r) => [`s:${r.id}`, vault.openText(r.secret!)] as const),
  ]);
}

beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 4, credential: "keypad", vaultKey: OLD });
  for (const customerId of e.customerIds)
    for (const doorId of e.doorIds)
      await createWindow(e, e.actor, {
        customerId,
        doorId,
        window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 30) },
      });
  await reconcileOnce(e, "w1");
  await advance(e, 2100);
  // One customer's code as an install from before key ids would hold it.
  const [first] = await e.db.select().from(customers).where(eq(customers.id, e.customerIds[0]!));
  await e.db
    .update(customers)
    .set({ keypadCodeEnc: legacySeal(OLD, String(e.vault.decrypt(first!.keypadCodeEnc!))) })
    .where(eq(customers.id, first!.id));
  await e.db
    .update(doors)
    .set({ foreignCodeHmacs: [e.vault.doorHmac(e.doorIds[0]!, 777777)] })
    .where(eq(doors.id, e.doorIds[0]!));
  // A second Nuki account: its token sealed before key ids, its webhook secret under the old key.
  await e.db.insert(nukiConnections).values({
    id: "6f0b6a3e-0000-4000-8000-000000000001",
    name: "Annex",
    tokenEnc: legacySeal(OLD, "nuki-token-of-the-annex-0001"),
    webhookSecretEnc: e.vault.sealText("annex-webhook-secret"),
  });
  before = (await plain(e.vault)) as Map<string, number>;
  sealedBefore = [...(await plain(e.vault)).keys()];
});
afterAll(async () => e?.close());

describe("rotating CODE_ENCRYPTION_KEY", () => {
  it("is interrupted halfway, stays readable with both keys, and resumes without loss or double sealing", async () => {
    expect(before.size).toBe(4 + 8 + 1 + 2); // customers, grants, the webhook secret, a connection's token and secret
    const rotating = createCodeVault(NEW, [OLD]);
    await expect(
      rotateCodeKey(e.db, rotating, {
        batchSize: 3,
        afterBatch: (n) => {
          if (n === 2) throw new Error("power cut");
        },
      }),
    ).rejects.toThrow("power cut");
    const half = await countStale(e.db, rotating);
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(before.size);
    // Mid-rotation, the app configured with NEW + OLD reads every value.
    expect(await plain(rotating)).toEqual(before);
    // …and the new key alone cannot yet: the old key must stay until the command says done.
    await expect(plain(createCodeVault(NEW))).rejects.toThrow(/not configured|no configured key/);

    const report = await rotateCodeKey(e.db, rotating, { batchSize: 3 });
    expect(report.remaining).toBe(0);
    expect(report.customers + report.grants + report.webhookSecrets + report.connectionSecrets).toBe(half);
    expect(report.foreignFingerprintsCleared).toBe(1);

    const newOnly = createCodeVault(NEW);
    expect(await plain(newOnly)).toEqual(before); // nothing lost, nothing sealed twice (it would not decrypt to a number)
    const { c, g, w, n } = await allSealed(e.db);
    const sealed = [...c.map((r) => r.enc), ...g.map((r) => r.enc), ...w.map((r) => r.enc)];
    for (const v of [...sealed, ...n.flatMap((r) => [r.token, r.secret])].filter(Boolean))
      expect(v!.startsWith(`v2:${newOnly.keyId}:`)).toBe(true);
    // Fingerprints follow the key: the old key no longer tells which code a door holds.
    for (const r of g) expect(r.hmac).toBe(newOnly.doorHmac(r.doorId, before.get(`g:${r.id}`)!));
    expect(sealedBefore.length).toBe(before.size);

    // A third run finds nothing to do and records nothing more.
    expect(await rotateCodeKey(e.db, rotating)).toMatchObject({
      customers: 0,
      grants: 0,
      webhookSecrets: 0,
      connectionSecrets: 0,
      remaining: 0,
    });
    const entries = await e.db.execute(
      sql`select count(*)::int as n from audit_log where action = 'keys.rotate-code-key'`,
    );
    expect(entries.rows[0]).toEqual({ n: 1 });
    expect(await verifyAuditChain(e.db)).toMatchObject({ ok: true });
  });

  it("leaves the app working under the new key alone: codes reveal, webhooks verify, the resync re-sends nothing", async () => {
    e.vault = createCodeVault(NEW);
    forgetWebhookSecrets(e);
    expect((await webhookSecrets(e, undefined)).length).toBeGreaterThan(0);
    const revealed = await revealCodes(e, { ...e.actor, role: "admin" }, e.customerIds[1]!);
    expect(revealed.code).toBe(before.get(`c:${e.customerIds[1]}`));
    e.sim.calls.length = 0;
    const report = await resyncAll(e);
    expect(report).toMatchObject({ drifted: 0, vanished: 0, orphansDeleted: 0 });
    await reconcileOnce(e, "w1");
    await advance(e, 2100);
    expect(e.sim.calls.filter((c) => !c.startsWith("GET"))).toEqual([]);
    const statuses = await e.db.select({ s: grants.status }).from(grants);
    expect(statuses.every((s) => s.s === "applied")).toBe(true);
  });
});
