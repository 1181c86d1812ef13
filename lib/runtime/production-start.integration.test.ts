import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { customers, doors, setupTokens, sites, users } from "@/db/schema";
import { tokenHash } from "@/lib/auth/one-time-token";
import { DEMO_CUSTOMER_LOGIN, DEMO_NUKI_TOKEN, DEMO_STAFF } from "@/lib/demo-building";
import { createLogger } from "@/lib/log/logger";
import { seedDemoLocks } from "@/lib/nuki/sim/demo";
import { type RunningSimulator, startSimulatorServer } from "@/lib/nuki/sim/server";
import { createTestDatabase } from "@/test/db";
import { freePort } from "@/test/free-port";

/**
 * Issue #10: demo credentials never exist outside demo mode. The real server runtime starts with a
 * Nuki token against a simulator that accepts ONLY that token, on an empty database, once for every
 * DEMO_SEED value — and a second simulator listens where demo mode would look (SIM_PORT, demo
 * token), so any use of the demo wiring would show up as calls there.
 */
const TOKEN = "operator-account-token-0f3a";
/** What lib/runtime and db/bootstrap keep per process; cleared so the next case starts a new "process". */
const PROCESS_GLOBALS = [
  "__portierServer",
  "__portierServerStop",
  "__portierDb",
  "__portierAccess",
  "__portierEngine",
  "__portierLogger",
  "__portierConsoleBridged",
];
const CONSOLE = ["debug", "log", "info", "warn", "error"] as const;

describe.each(["auto", "building", "off"])(
  "a production start on an empty database (Nuki token set, DEMO_SEED=%s)",
  (demoSeed) => {
    let t: Awaited<ReturnType<typeof createTestDatabase>>;
    let account: RunningSimulator;
    let demoSim: RunningSimulator;
    let dataDir: string;
    const logged: string[] = [];
    const savedConsole: Partial<Record<(typeof CONSOLE)[number], (...args: unknown[]) => void>> = {};

    beforeAll(async () => {
      t = await createTestDatabase();
      account = await startSimulatorServer({ tokens: [TOKEN], config: { applyDelayMs: 0 } });
      demoSim = await startSimulatorServer({ tokens: [DEMO_NUKI_TOKEN], config: { applyDelayMs: 0 } });
      seedDemoLocks(demoSim.sim);
      dataDir = mkdtempSync(path.join(os.tmpdir(), "portier-prod-start-"));
      vi.stubEnv("NUKI_API_TOKEN", TOKEN);
      vi.stubEnv("NUKI_API_BASE_URL", account.url);
      vi.stubEnv("DEMO_SEED", demoSeed);
      vi.stubEnv("DATABASE_URL", t.url);
      vi.stubEnv("DATA_DIR", dataDir);
      vi.stubEnv("SIM_PORT", String(demoSim.port));
      vi.stubEnv("PORT", String(await freePort()));
      for (const name of ["AUTH_SECRET", "CODE_ENCRYPTION_KEY", "NUKI_WEBHOOK_SECRET", "PUBLIC_URL"])
        vi.stubEnv(name, "");
      // The runtime routes console lines into its pino logger (lib/log/console-bridge): the process
      // logger is made here first, writing into `logged` as the "[component] message" lines it was given.
      const sink = new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split("\n").filter(Boolean)) {
            const r = JSON.parse(line) as { component?: string; msg: string };
            logged.push(`${r.component ? `[${r.component}] ` : ""}${r.msg}`);
          }
          done();
        },
      });
      for (const m of CONSOLE) savedConsole[m] = console[m];
      (globalThis as Record<string, unknown>).__portierLogger = createLogger(sink);
      vi.resetModules(); // lib/env caches the parsed environment
      const { startServerRuntime } = await import("./server");
      await startServerRuntime({ handleSignals: false });
    }, 60_000);

    afterAll(async () => {
      const { stopServerRuntime } = await import("./server");
      await stopServerRuntime();
      for (const name of PROCESS_GLOBALS) delete (globalThis as Record<string, unknown>)[name];
      Object.assign(console, savedConsole);
      vi.unstubAllEnvs();
      await account?.close();
      await demoSim?.close();
      await t?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("creates no demo users, passwords, doors, customers or sites", async () => {
      expect(await t.db.select().from(users)).toEqual([]);
      expect(await t.db.select().from(doors)).toEqual([]);
      expect(await t.db.select().from(customers)).toEqual([]);
      expect(await t.db.select().from(sites)).toEqual([]);
    });

    it("prints no demo sign-ins, and a one-time setup link whose hash alone is stored", async () => {
      const text = logged.join("\n");
      for (const s of [...DEMO_STAFF.flatMap((d) => [d.email, d.password]), DEMO_CUSTOMER_LOGIN.password])
        expect(text).not.toContain(s);
      expect(text).not.toMatch(/\[demo\]|simulator on/);
      const link = /\[setup\].*(http:\/\/localhost:\d+\/setup\?token=([A-Za-z0-9_-]+))/.exec(text);
      expect(link, text).not.toBeNull();
      const rows = await t.db.select().from(setupTokens);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ tokenHash: tokenHash(link![2]!), usedAt: null });
      expect(logged.filter((l) => l.includes("/setup?token="))).toHaveLength(1);
    });

    it("names the locally generated secrets a second instance needs — never their values", async () => {
      const text = logged.join("\n");
      for (const name of ["AUTH_SECRET", "CODE_ENCRYPTION_KEY", "NUKI_WEBHOOK_SECRET"]) expect(text).toContain(name);
      expect(text).toMatch(/more than one instance/);
      const file = path.join(dataDir, "secrets.json");
      if (existsSync(file))
        for (const value of Object.values(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>))
          expect(text).not.toContain(value);
    });

    it("talks to Nuki with the operator's token only: the demo simulator and the demo token are never used", async () => {
      // The start-up resync reads the account's locks through the token it was given.
      await vi.waitFor(() => expect(account.sim.calls.length).toBeGreaterThan(0), { timeout: 15_000 });
      expect(demoSim.sim.calls).toEqual([]);
    });
  },
);
