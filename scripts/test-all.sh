#!/usr/bin/env bash
# `npm test`: every test — Vitest (unit + integration on real Postgres), a production build, then
# Playwright end-to-end in real Chromium. Ends with one "N passed, N failed, N skipped" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .ci-out
rm -f .ci-out/vitest.json .ci-out/playwright.json
rc=0

npx vitest run --reporter=default --reporter=json --outputFile=.ci-out/vitest.json || rc=1

if npx next build > .ci-out/build.log 2>&1; then
  tail -n 3 .ci-out/build.log
  CI="${CI:-true}" npx playwright test || rc=1
else
  cat .ci-out/build.log; echo "next build failed"; rc=1
fi

node -e '
const fs = require("fs"); let p = 0, f = 0, s = 0;
try { const v = JSON.parse(fs.readFileSync(".ci-out/vitest.json")); p += v.numPassedTests; f += v.numFailedTests; s += v.numPendingTests + (v.numTodoTests || 0); } catch { f++; console.log("vitest: no results"); }
try { const w = JSON.parse(fs.readFileSync(".ci-out/playwright.json")).stats; p += w.expected; f += w.unexpected + w.flaky; s += w.skipped; } catch { f++; console.log("playwright: no results"); }
console.log(`${p} passed, ${f} failed, ${s} skipped`);
process.exit(f > 0 ? 1 : 0);' || rc=1
exit $rc
