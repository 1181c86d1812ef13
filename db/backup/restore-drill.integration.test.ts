import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { connect, type DbHandle } from "@/db/client";
import { startEmbeddedPostgres } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { verifyAuditChain } from "@/db/queries/audit";
import { grants, lockEvents } from "@/db/schema";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import { revealCodes } from "@/lib/access/codes/reveal-codes";
import { reconcileOnce } from "@/lib/access/reconciler/run-once";
import { forgetWebhookSecrets } from "@/lib/access/webhooks/receive-webhook";
import { createWindow } from "@/lib/access/windows/create-window";
import { createDatabase, dropDatabase } from "@/test/database";
import { createEngine, type Engine } from "@/test/engine";
import { embeddedUsable, reportEmbeddedSkip } from "@/test/embedded-usable";
import { freePort } from "@/test/free-port";

/**
 * The restore drill an operator would run, with the real commands as separate processes: a
 * building with windows on the (simulated) locks and an audit trail → `npm run db:backup` → the
 * database is lost → `npm run db:restore` into an empty one → `npm run audit:verify` and a real
 * reconciler process (`npm run worker`) start on it. Codes must decrypt with the key kept apart,
 * the chain must verify, and the reconciler must not re-send what the locks already hold.
 */
const TSX = path.join(process.cwd(), "node_modules", ".bin", "tsx");
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "portier-drill-"));
  chmodSync(d, 0o755);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Run = { code: number | null; out: string };
function run(script: string, args: string[], env: Record<string, string>, o: { untilMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    // As `npm run …` does: server-only resolves to its empty server build.
    const child = spawn(TSX, ["--conditions=react-server", script, ...args], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: "", TEST_DATABASE_URL: "", NUKI_API_TOKEN: "", DEMO_SEED: "off", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = o.untilMs ? setTimeout(() => child.kill("SIGTERM"), o.untilMs) : null;
    child.on("exit", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A building with every customer's window on the locks (webhook-confirmed) and audit entries. */
async function building(handle: DbHandle, key: Buffer): Promise<Engine> {
  const e = await createEngine({
    db: { ...handle, drop: async () => {} },
    doors: 2,
    customers: 3,
    credential: "keypad",
    vaultKey: key,
    realTime: true,
    sim: { config: { applyDelayMs: 100, webhookDelayMs: 20 } },
  });
  for (const customerId of e.customerIds)
    await createWindow(e, e.actor, {
      customerId,
      doorId: e.doorIds[customerId === e.customerIds[0] ? 0 : 1]!,
      window: { kind: "once", startsAt: new Date(Date.now() + 3_600_000), endsAt: new Date(Date.now() + 86_400_000) },
    });
  for (let i = 0; i < 50; i++) {
    await reconcileOnce(e, "drill");
    await sleep(100);
    await e.sim.webhooks.settle();
    const rows = await e.db.select({ status: grants.status }).from(grants);
    if (rows.every((r) => r.status === "applied")) break;
  }
  await e.db.insert(lockEvents).values({
    id: "log-1",
    doorId: e.doorIds[0]!,
    at: new Date(),
    action: 1,
    trigger: 0,
    state: 1,
    customerId: e.customerIds[0]!,
  });
  return e;
}

async function snapshot(e: Engine) {
  const admin = { ...e.actor, role: "admin" as const };
  return {
    codes: await Promise.all(e.customerIds.map(async (c) => (await revealCodes(e, admin, c)).code)),
    grants: (await e.db.select().from(grants)).map((g) => [g.id, g.status, g.nukiAuthId, g.codeHmac]).sort(),
    audit: await verifyAuditChain(e.db),
  };
}

/** Restored and started: the same codes, a verifying chain, and a reconciler process that re-sends nothing. */
async function checkRestored(e: Engine, before: Awaited<ReturnType<typeof snapshot>>, env: Record<string, string>) {
  forgetWebhookSecrets(e);
  const after = await snapshot(e);
  expect(after.codes).toEqual(before.codes);
  expect(after.codes.every((c) => typeof c === "number" && c > 0)).toBe(true);
  expect(after.grants).toEqual(before.grants);
  // Every entry came back and still links; the only new ones are this check's own code reveals.
  expect(before.audit).toMatchObject({ ok: true });
  expect(after.audit).toMatchObject({ ok: true, checked: before.audit.checked + e.customerIds.length });

  const verify = await run("scripts/verify-audit.ts", [], env);
  expect(verify.out).toContain(`audit chain intact: ${after.audit.checked} entries verified`);
  expect(verify.code).toBe(0);

  // A real reconciler process on the restored database, against the locks that kept their auths.
  e.sim.calls.length = 0;
  const authsBefore = e.sim.snapshot().auths.map((a) => [a.id, a.code, a.allowedFromDate]);
  const worker = await run(
    "scripts/worker.ts",
    [],
    { ...env, SIM_PORT: String(new URL(e.simUrl).port) },
    { untilMs: 12_000 },
  );
  expect(worker.out).toContain("reconciling");
  expect(worker.out).not.toMatch(/pass failed|Error/);
  expect(e.sim.calls.filter((c) => !c.startsWith("GET"))).toEqual([]);
  expect(e.sim.calls.some((c) => c.startsWith("GET"))).toBe(true); // it did look: the startup resync read every lock
  expect(e.sim.snapshot().auths.map((a) => [a.id, a.code, a.allowedFromDate])).toEqual(authsBefore);
  expect((await e.db.select({ s: grants.status }).from(grants)).every((g) => g.s === "applied")).toBe(true);
}

reportEmbeddedSkip("restore drill");

describe("restore drill", () => {
  it("DATABASE_URL: back up, lose the database, restore into an empty one, start", { timeout: 240_000 }, async () => {
    const adminUrl = inject("adminDatabaseUrl");
    const name = `portier_drill_${randomBytes(4).toString("hex")}`;
    const url = await createDatabase(adminUrl, name);
    const key = randomBytes(32);
    const env = { DATABASE_URL: url, CODE_ENCRYPTION_KEY: key.toString("hex"), DATA_DIR: tmp() };
    let handle = connect(url);
    await runMigrations(handle.db);
    const e = await building(handle, key);
    try {
      const before = await snapshot(e);
      expect(before.audit.checked).toBeGreaterThanOrEqual(3);
      const file = path.join(tmp(), "drill.backup");
      const backup = await run("scripts/db-backup.ts", ["--out", file], env);
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toMatch(/DATABASE_URL database → .*drill\.backup/);
      expect(backup.out).toMatch(/\d+ tables, \d+ rows/);

      // The database is lost; an empty one takes its place.
      await handle.pool.end();
      await dropDatabase(adminUrl, name);
      await createDatabase(adminUrl, name);
      const restore = await run("scripts/db-restore.ts", [file], env);
      expect(restore.code, restore.out).toBe(0);
      expect(restore.out).toContain("→ DATABASE_URL database");
      // A second restore would overwrite data: refused without --force.
      const again = await run("scripts/db-restore.ts", [file], env);
      expect(again.code).toBe(5);
      expect(again.out).toContain("not empty; refusing");

      handle = connect(url);
      e.db = handle.db;
      e.vault = createCodeVault(key);
      await checkRestored(e, before, env);
    } finally {
      await e.sim.webhooks.settle();
      await e.close();
      await handle.pool.end().catch(() => {});
      await dropDatabase(adminUrl, name);
    }
  });

  it.skipIf(!embeddedUsable)(
    "embedded: back up with the secrets kept apart, lose DATA_DIR, restore into a fresh one, start",
    {
      timeout: 240_000,
    },
    async () => {
      const port = await freePort();
      const first = tmp();
      const key = randomBytes(32);
      writeFileSync(path.join(first, "secrets.json"), JSON.stringify({ codeKey: key.toString("hex") }), {
        mode: 0o600,
      });
      let server = await startEmbeddedPostgres({ dataDir: path.join(first, "pg"), port });
      let handle = connect(server.url);
      await runMigrations(handle.db);
      const e = await building(handle, key);
      try {
        const before = await snapshot(e);
        const out = tmp();
        // Taken while the "app" (this process) holds the embedded server: backups run live.
        const backup = await run("scripts/db-backup.ts", ["--out", out, "--with-secrets"], {
          DATA_DIR: first,
          EMBEDDED_PG_PORT: String(port),
        });
        expect(backup.code, backup.out).toBe(0);
        expect(backup.out).toContain("embedded database →");
        expect(backup.out).toContain("Store it APART from the dump");
        const dump = /→ (\S+)\n/.exec(backup.out)![1]!;
        const secrets = `${dump}.secrets.json`;
        expect(JSON.parse(readFileSync(secrets, "utf8")).codeKey).toBe(key.toString("hex"));

        // The machine is lost: server and data directory gone.
        await handle.pool.end();
        await server.stop();
        rmSync(first, { recursive: true, force: true });
        const second = tmp();
        const env = { DATA_DIR: second, EMBEDDED_PG_PORT: String(port) };
        const restore = await run("scripts/db-restore.ts", [dump, "--secrets", secrets], env);
        expect(restore.code, restore.out).toBe(0);
        expect(restore.out).toContain("→ embedded database");

        server = await startEmbeddedPostgres({ dataDir: path.join(second, "pg"), port });
        handle = connect(server.url);
        e.db = handle.db;
        // The key comes back from the secrets file restored beside the data, not from this test.
        e.vault = createCodeVault(
          Buffer.from(JSON.parse(readFileSync(path.join(second, "secrets.json"), "utf8")).codeKey, "hex"),
        );
        await checkRestored(e, before, env);
      } finally {
        await e.sim.webhooks.settle();
        await e.close();
        await handle.pool.end().catch(() => {});
        await server.stop();
      }
    },
  );
});
