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
// START_SKIP_BUILD=1 (tests that spawn `npm start` right after `next build`) trusts the build as it is.
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
if (!process.env.START_SKIP_BUILD && builtAt < Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))))) {
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
  // The demo has no real customers: webhook receivers and feeds on this machine may be tried out
  // (outgoing calls refuse loopback and private addresses otherwise; lib/http/outbound-address.ts).
  process.env.OUTBOUND_ALLOW_PRIVATE_HOSTS ??= "127.0.0.0/8,::1,localhost";
  // The demo sign-ins are printed by the server once the demo building is seeded (lib/runtime/demo).
  console.log(
    `\n  Portier demo (embedded Postgres in ${process.env.DATA_DIR ?? ".data/"}, simulated Nuki locks)\n  → http://localhost:${port}\n`,
  );
}

// `next start` directly (not via npx), in its own process group, so this process decides how it
// stops: npm's `sh -c` does not forward signals, and a terminal's Ctrl-C must not reach next-server
// and the embedded Postgres twice. NEXT_MANUAL_SIG_HANDLE leaves SIGINT/SIGTERM to lib/runtime,
// which stops the reconciler, the simulator, the pool and Postgres before exiting.
const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", port], {
  cwd: root,
  stdio: "inherit",
  detached: true,
  env: { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "true" },
});

// Forward the first signal; if the server has not exited by the deadline, kill its whole group
// (next-server and Postgres) so a process manager's stop never hangs. A second signal kills at once.
const DEADLINE_MS = Number(process.env.STOP_DEADLINE_MS ?? 10_000);
let stopping = false;
const killGroup = () => {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    /* already gone */
  }
};
const stop = (sig) => {
  if (stopping) return killGroup();
  stopping = true;
  child.kill(sig === "SIGHUP" ? "SIGTERM" : sig);
  setTimeout(() => {
    console.error(`[start] server still running ${DEADLINE_MS} ms after ${sig}; killing its process group`);
    killGroup();
  }, DEADLINE_MS).unref();
};
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => stop(sig));
// package.json runs this with `exec`, so npm's forwarded signal reaches us, not a shell. Should the
// parent still die without passing a signal on (a shell that does not exec, npm killed hard), we
// are re-parented: stop as if told to, rather than run on unowned.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop("SIGTERM");
}, 500).unref();
child.on("exit", (code, signal) => {
  // Whatever is left in the group (a Postgres the server failed to stop) goes with it.
  killGroup();
  process.exit(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : signal === "SIGKILL" ? 9 : 15) : 0));
});
