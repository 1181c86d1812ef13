import { rmSync } from "node:fs";

/**
 * Removes the run's data directory (the embedded Postgres of the web server) when playwright.config.ts
 * created it. Playwright runs global teardown before it stops the web server, and Postgres must not
 * lose its files while it shuts down: the removal runs when the runner process exits, after the
 * server (SIGTERM, lib/runtime stops Postgres) is gone.
 */
export default function globalTeardown() {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir || process.env.E2E_DATA_DIR_OWNED !== "1" || !dir.includes("portier-e2e-")) return;
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
}
