import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { connect, type DbHandle } from "@/db/client";
import { applyMigrationsUpTo, knownMigrations } from "@/db/migrate";
import { engineJobs } from "@/db/schema";
import { NukiClient } from "@/lib/nuki/client";
import { startSimulatorServer, type RunningSimulator } from "@/lib/nuki/sim/server";
import { DEFAULT_TOKEN } from "@/lib/nuki/sim/simulator";
import { createDatabase, dropDatabase } from "@/test/database";
import { createTestDatabase } from "@/test/db";
import { freePort } from "@/test/free-port";
import { checkReconciler, readiness, RECONCILER_STALE_MS, WORKER_STALE_MS } from "./readiness";

/**
 * Readiness against real dependencies: a real Postgres (migrated, half-migrated, unreachable) and
 * the simulator over real HTTP (token accepted, token revoked, server down).
 */
let db: DbHandle & { drop: () => Promise<void> };
let sim: RunningSimulator;
const client = (url: string) => new NukiClient({ baseUrl: url, token: DEFAULT_TOKEN, retry: { attempts: 1 } });

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startSimulatorServer({ clock: "real" });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});

const NOW = Date.now();
const ready = (o: Partial<Parameters<typeof readiness>[0]> = {}) =>
  readiness({
    db: db.db,
    nukiProbe: () => client(sim.url).listSmartlocks(),
    nukiTarget: "simulator",
    reconcilerLastPassAt: NOW - 1_000,
    now: NOW,
    ...o,
  });

describe("readiness", () => {
  it("is ready when Postgres is migrated, Nuki takes the token and the reconciler is passing", async () => {
    const r = await ready();
    expect(r.ready).toBe(true);
    expect(r.checks.migrations.detail).toBe(`${knownMigrations().length} of ${knownMigrations().length} applied`);
  });

  it("names a revoked token apart from an outage, and recovers when the token is accepted again", async () => {
    sim.sim.tokens.delete(DEFAULT_TOKEN);
    try {
      const r = await ready();
      expect(r.ready).toBe(false);
      expect(r.checks.nuki).toEqual({ ok: false, detail: expect.stringContaining("token refused (401)") });
      expect(r.checks.database.ok).toBe(true);
    } finally {
      sim.sim.tokens.add(DEFAULT_TOKEN);
    }
    expect((await ready()).ready).toBe(true);
  });

  it("reports the simulator (Nuki) down as unreachable", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const r = await ready({ nukiProbe: () => client(closed).listSmartlocks() });
    expect(r.ready).toBe(false);
    expect(r.checks.nuki).toEqual({ ok: false, detail: "simulator: unreachable" });
  });

  it("reports the database down, without a stack trace or the connection string", async () => {
    const down = connect(`postgres://portier:secret-password@127.0.0.1:${await freePort()}/nowhere`, 1);
    try {
      const r = await ready({ db: down.db });
      expect(r.ready).toBe(false);
      expect(r.checks.database.ok).toBe(false);
      expect(r.checks.migrations.ok).toBe(false);
      expect(JSON.stringify(r)).not.toContain("secret-password");
    } finally {
      await down.pool.end();
    }
  });

  it("is not ready while migrations are pending", async () => {
    const name = `portier_ready_${randomBytes(4).toString("hex")}`;
    const half = connect(await createDatabase(inject("adminDatabaseUrl"), name), 2);
    try {
      await applyMigrationsUpTo(half.db, knownMigrations().length - 1);
      const r = await ready({ db: half.db, reconcilerLastPassAt: NOW });
      expect(r.checks.migrations).toEqual({
        ok: false,
        detail: `${knownMigrations().length - 1} of ${knownMigrations().length} applied`,
      });
      expect(r.ready).toBe(false);
    } finally {
      await half.pool.end();
      await dropDatabase(inject("adminDatabaseUrl"), name);
    }
  });
});

describe("reconciler liveness", () => {
  it("in-process: alive after a recent pass, stuck after a long silence, not yet before the first", async () => {
    expect((await checkReconciler(db.db, NOW - 5_000, NOW)).ok).toBe(true);
    expect(await checkReconciler(db.db, NOW - RECONCILER_STALE_MS - 1, NOW)).toMatchObject({
      ok: false,
      detail: expect.stringContaining("stuck"),
    });
    expect((await checkReconciler(db.db, 0, NOW)).ok).toBe(false);
  });

  it("RECONCILER=off: alive only while some worker's notify job ran recently", async () => {
    expect(await checkReconciler(db.db, null, NOW)).toMatchObject({
      ok: false,
      detail: expect.stringContaining("npm run worker"),
    });
    await db.db
      .insert(engineJobs)
      .values({ name: "notify", lastRunAt: new Date(NOW - 30_000), lastRunBy: "worker-42" });
    expect(await checkReconciler(db.db, null, NOW)).toEqual({
      ok: true,
      detail: "worker worker-42, last seen 30 s ago",
    });
    expect((await checkReconciler(db.db, null, NOW + WORKER_STALE_MS)).ok).toBe(false);
  });
});
