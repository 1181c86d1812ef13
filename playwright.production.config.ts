import { defineConfig } from "@playwright/test";
import path from "node:path";
import base from "./playwright.config";

/**
 * Issue #10 end to end in PRODUCTION mode: `npm run sim -- --profile building` on its own port plays
 * the operator's Nuki account, and the app runs against it with NUKI_API_TOKEN + NUKI_API_BASE_URL on
 * an empty database — no demo seed (DEMO_SEED=auto is set on purpose: it must not matter), no demo
 * sign-ins. The spec reads the setup link from the server's log (E2E_SERVER_LOG, see
 * e2e/production/serve-logged.mjs). Ports: E2E_PORT / E2E_PG_PORT / E2E_SIM_PORT when given (an
 * engineer's own ports), else defaults of their own so this run never meets the demo-mode run's.
 */
const PORT = Number(process.env.E2E_PORT ?? 3120);
const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 4130);
// Not the simulator's demo token: production mode must use the token it is given and nothing else.
const TOKEN = process.env.E2E_NUKI_TOKEN ?? "e2e-production-account-token";
// playwright.config.ts (imported above) has already chosen this run's data directory; the server's
// log lies beside it and goes with it (e2e/production/global-teardown.ts).
process.env.E2E_SERVER_LOG ??= `${process.env.E2E_DATA_DIR}.server.log`;
process.env.E2E_PG_PORT ??= "54359";
// Never the demo-mode run's database: an empty one of its own where CI gives one (system Postgres),
// else the embedded server. Set here, in every process that evaluates this config, so the spec's
// direct SQL (e2e/helpers.ts withAppDb) and the server agree.
if (process.env.E2E_PRODUCTION_DATABASE_URL) process.env.DATABASE_URL = process.env.E2E_PRODUCTION_DATABASE_URL;
else delete process.env.DATABASE_URL;
process.env.E2E_SIM_URL = `http://127.0.0.1:${SIM_PORT}`;
process.env.E2E_NUKI_TOKEN = TOKEN;

export default defineConfig({
  ...base,
  testDir: "./e2e/production",
  testIgnore: [],
  globalTeardown: "./e2e/production/global-teardown.ts",
  // The whole issue is one story told in order; each step needs the previous one.
  fullyParallel: false,
  timeout: 120_000,
  reporter: [["list"], ["json", { outputFile: ".ci-out/playwright-production.json" }]],
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: [
    {
      command: "node_modules/.bin/tsx --conditions=react-server scripts/sim.ts --profile building",
      url: `http://127.0.0.1:${SIM_PORT}/_sim/state`,
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: { SIM_PORT: String(SIM_PORT), SIM_TOKEN: TOKEN, SIM_PROFILE: "building", SIM_APPLY_DELAY_MS: "300" },
    },
    {
      command: "node e2e/production/serve-logged.mjs",
      url: `http://127.0.0.1:${PORT}/login`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        NEXT_MANUAL_SIG_HANDLE: "true",
        NUKI_API_TOKEN: TOKEN,
        NUKI_API_BASE_URL: `http://127.0.0.1:${SIM_PORT}`,
        // Deliberately the demo default: a token must win over it (no demo data outside demo mode).
        DEMO_SEED: "auto",
        DATA_DIR: process.env.E2E_DATA_DIR ?? "",
        DATABASE_URL: process.env.DATABASE_URL ?? "",
        E2E_SERVER_LOG: process.env.E2E_SERVER_LOG ?? "",
        EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54359",
        // Webhooks from the simulator reach this server on loopback (production registers PUBLIC_URL).
        PUBLIC_URL: `http://127.0.0.1:${PORT}`,
        NEXT_TELEMETRY_DISABLED: "1",
        // As the demo-mode run: every record as JSON for the log sweep at the end of `npm test`.
        LOG_FILE: path.join(process.cwd(), ".ci-out", "server-production.log"),
        LOG_LEVEL: "debug",
        PORT: String(PORT),
      },
    },
  ],
});
