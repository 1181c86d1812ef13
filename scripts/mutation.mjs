#!/usr/bin/env node
/**
 * `npm run test:mutation [module…]`: StrykerJS, one module at a time, each against its own tests only
 * (keeps every run narrow on two shared cores), then one table of mutation scores per module.
 * Reports land in reports/mutation/<module>.json; `MUTATION_TIMEBOX_MIN` (default 40) stops a run
 * that takes longer, and that module is reported as "timed out".
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";

/** Security-relevant modules must reach 90 %; the others are measured and reported. */
const MODULES = {
  auth: {
    // index.ts is the Auth.js wiring (NextAuth config, callbacks); it is exercised end to end by Playwright.
    mutate: ["lib/auth/*.ts", "!lib/auth/*.test.ts", "!lib/auth/index.ts"],
    tests: ["lib/auth/*.test.ts"],
    security: true,
  },
  webhook: {
    mutate: ["lib/nuki/webhook.ts"],
    tests: ["lib/nuki/webhook*.test.ts", "lib/access/webhooks/receive-webhook.integration.test.ts"],
    security: true,
  },
  codes: {
    mutate: ["lib/access/codes/*.ts", "!lib/access/codes/*.test.ts"],
    tests: ["lib/access/codes/*.test.ts", "test/idor.integration.test.ts", "test/portal-isolation.integration.test.ts"],
    security: true,
  },
  views: {
    mutate: ["lib/access/views/*.ts", "!lib/access/views/*.test.ts"],
    tests: ["lib/access/views/*.test.ts", "test/idor.integration.test.ts", "test/portal-isolation.integration.test.ts"],
    security: true,
  },
  portal: {
    mutate: ["lib/access/portal/*.ts", "!lib/access/portal/*.test.ts"],
    tests: [
      "lib/access/portal/*.test.ts",
      "test/idor.integration.test.ts",
      "test/portal-isolation.integration.test.ts",
    ],
    security: true,
  },
  compiler: {
    mutate: ["lib/access/compiler/*.ts", "!lib/access/compiler/*.test.ts"],
    tests: ["lib/access/compiler/*.test.ts"],
    // The exactness property runs once per mutant: 20 schedules per zone instead of 150.
    env: { COMPILE_PROPERTY_RUNS: "20" },
    security: false,
  },
  reconciler: {
    mutate: ["lib/access/reconciler/*.ts", "!lib/access/reconciler/*.test.ts"],
    // The 300-schedule property run is too slow to repeat per mutant; the integration tests cover the paths.
    tests: ["lib/access/reconciler/*.integration.test.ts"],
    security: false,
  },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((m) => !(m in MODULES));
if (unknown.length) {
  console.error(`Unknown module(s): ${unknown.join(", ")}. Choose from: ${Object.keys(MODULES).join(", ")}`);
  process.exit(2);
}
const names = wanted.length ? wanted : Object.keys(MODULES);
const timeboxMs = Number(process.env.MUTATION_TIMEBOX_MIN ?? 40) * 60_000;
mkdirSync("reports/mutation", { recursive: true });

/** Stryker's own definition: killed + timeout over all valid (non-ignored, compiling) mutants covered or not. */
function score(file) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  const n = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, CompileError: 0, RuntimeError: 0 };
  for (const f of Object.values(report.files)) for (const m of f.mutants) n[m.status] = (n[m.status] ?? 0) + 1;
  const detected = n.Killed + n.Timeout;
  const valid = detected + n.Survived + n.NoCoverage;
  return { ...n, valid, score: valid ? (100 * detected) / valid : 100 };
}

const rows = [];
for (const name of names) {
  const m = MODULES[name];
  const json = `reports/mutation/${name}.json`;
  console.log(`\n=== mutating ${name}: ${m.mutate.join(" ")} (tests: ${m.tests.join(" ")})`);
  const started = Date.now();
  const r = spawnSync(
    "npx",
    ["stryker", "run", "stryker.config.mjs", "--mutate", m.mutate.join(","), "--testFiles", m.tests.join(",")],
    {
      stdio: "inherit",
      timeout: timeboxMs,
      killSignal: "SIGTERM",
      env: { ...process.env, ...m.env, STRYKER_JSON_REPORT: json },
    },
  );
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  if (r.error || r.status !== 0 || !existsSync(json))
    rows.push({ name, security: m.security, minutes, result: r.error ? "timed out" : `failed (${r.status})` });
  else rows.push({ name, security: m.security, minutes, ...score(json) });
}

console.log("\nMutation score per module (killed + timeout) / (killed + timeout + survived + no coverage)");
console.log("module      score    killed  timeout  survived  no-cov  ignored  minutes  target");
let belowTarget = false;
for (const r of rows) {
  const target = r.security ? "≥ 90 %" : "—";
  if (r.result) {
    console.log(`${r.name.padEnd(11)} ${r.result.padEnd(62)} ${r.minutes.padStart(7)}  ${target}`);
    if (r.security) belowTarget = true;
    continue;
  }
  if (r.security && r.score < 90) belowTarget = true;
  console.log(
    `${r.name.padEnd(11)} ${`${r.score.toFixed(1)} %`.padStart(7)}  ${String(r.Killed).padStart(6)}  ${String(r.Timeout).padStart(7)}  ${String(r.Survived).padStart(8)}  ${String(r.NoCoverage).padStart(6)}  ${String(r.Ignored).padStart(7)}  ${r.minutes.padStart(7)}  ${target}`,
  );
}
process.exit(belowTarget ? 1 : 0);
