#!/usr/bin/env node
// The production e2e's web server: `next start`, its output copied to E2E_SERVER_LOG so the spec can
// read the one-time setup link exactly as an operator reads it from the log (the product writes it
// nowhere else). Signals are forwarded, so Playwright's SIGTERM still stops next-server and its
// embedded Postgres (lib/runtime) — this wrapper then exits with the server.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";

const log = createWriteStream(process.env.E2E_SERVER_LOG, { flags: "a", mode: 0o600 });
const child = spawn("node_modules/.bin/next", ["start", "-p", process.env.PORT], {
  stdio: ["ignore", "pipe", "pipe"],
  env: process.env,
});
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  from.on("data", (chunk) => {
    to.write(chunk);
    log.write(chunk);
  });
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => log.end(() => process.exit(code ?? (signal ? 1 : 0))));
