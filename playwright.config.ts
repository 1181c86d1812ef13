import { defineConfig, devices } from "@playwright/test";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// A fresh embedded database per run (unless DATABASE_URL points elsewhere), on its own port. The
// config is evaluated again in every worker process: the runner creates the directory once and
// hands it down through the environment (e2e/helpers.ts reads the generated embedded-Postgres
// password from it); e2e/global-teardown.ts removes it (E2E_DATA_DIR_OWNED).
// Only the path is chosen here: the app creates the directory when it starts, so loading the
// config without running anything (`--list`) leaves nothing behind.
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = path.join(os.tmpdir(), `portier-e2e-${process.pid}-${randomBytes(4).toString("hex")}`);
  process.env.E2E_DATA_DIR_OWNED = "1";
}
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: "./e2e",
  // Production mode (a Nuki token, an empty database) has its own servers: playwright.production.config.ts.
  testIgnore: ["production/**"],
  globalTeardown: "./e2e/global-teardown.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // CI machines are shared 2-core boxes where a loaded minute can starve one step; one retry there,
  // and a spec that needed it is reported as flaky on the summary line (scripts/test-all.sh), not hidden.
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [["list"], ["json", { outputFile: ".ci-out/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    ...devices["Desktop Chrome"],
    viewport: { width: 1400, height: 900 },
    timezoneId: "Europe/Berlin",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // next-server directly: killing an npx wrapper would orphan the server and its Postgres.
    command: `node_modules/.bin/next start -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    // SIGTERM, not Playwright's default SIGKILL: lib/runtime then stops the embedded Postgres too.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      NEXT_MANUAL_SIG_HANDLE: "true",
      // The specs arrange their own windows; the living demo week would collide with their drags.
      DEMO_SEED: process.env.E2E_DEMO_SEED ?? "building",
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54339",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-not-for-production-0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
      SIM_PORT: process.env.E2E_SIM_PORT ?? "4110",
      SIM_APPLY_DELAY_MS: "300",
      // Every record the server logs, as JSON, for the log sweep at the end of `npm test`.
      LOG_FILE: path.join(process.cwd(), ".ci-out", "server.log"),
      LOG_LEVEL: "debug",
      PORT: String(PORT),
      // The specs' webhook receivers and feed servers listen on 127.0.0.1, which outgoing calls
      // refuse unless allowed (lib/http/outbound-address.ts).
      OUTBOUND_ALLOW_PRIVATE_HOSTS: "127.0.0.0/8,::1,localhost",
    },
  },
});
