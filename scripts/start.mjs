#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last build, then serve with demo data.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const SOURCES = ["app", "components", "lib", "db", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newestMtime(path.join(p, name))), s.mtimeMs);
}

const buildId = path.join(root, ".next", "BUILD_ID");
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))))) {
  console.log("[start] building (sources changed since the last build)…");
  const r = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT ?? "3000";
if (!process.env.NUKI_API_TOKEN) {
  console.log(`
  Portier demo (embedded Postgres in .data/, simulated Nuki locks)
  → http://localhost:${port}
    admin@portier.test   / portier-admin     (admin)
    manager@portier.test / portier-manager   (manager)
    desk@portier.test    / portier-desk      (front desk)
`);
}
// `next start` directly (not via npx): killing npx would orphan next-server and its embedded Postgres.
const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", port], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
