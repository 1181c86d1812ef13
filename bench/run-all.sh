#!/usr/bin/env bash
# `npm run bench`: every benchmark, each printing its own figures. Needs a build for the HTTP ones.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Server modules import "server-only"; outside Next, Node resolves it to its empty build only under
# the react-server condition (as `npm run worker` does).
export NODE_OPTIONS="--conditions=react-server ${NODE_OPTIONS:-}"
[ -f .next/BUILD_ID ] || npx next build > /dev/null
echo "== Nuki client and simulator";       npx tsx bench/nuki-client.ts 2000
echo "== Nuki calls for N changes × M locks; 1 req/s throughput"; npx tsx bench/engine-calls.ts 100 20
echo "== Booking feed import: 1,000 reservations on 100 doors"; npx tsx bench/feed-import.ts 100 10
echo "== Edit → applied latency";          npx tsx bench/edit-to-applied.ts 40
echo "== Stalled creates: Nuki calls per stalled grant per hour; outside edit → restored"; npx tsx bench/stalled-creates.ts 20 5 2
echo "== Public API: window create, 1-week 100-door status read"; npx tsx bench/api.ts 200 30
echo "== Lock sync on 200 devices";       npx tsx bench/lock-sync.ts 200 10
echo "== Webhook ingestion";               npx tsx bench/webhook-ingest.ts 10 10
echo "== Calendar rendering, save → on lock"; npx tsx bench/calendar-render.ts 3
echo "== Site zone change: recompile every pair of the site in one transaction"; npx tsx bench/site-rezone.ts 20 25 5
echo "== Cold start and memory";           npx tsx bench/cold-start.ts 3
echo "== Customer CSV import, 10,000 rows"; npx tsx bench/csv-import.ts 10000 5
echo "== Adopting existing auths: resync cost, bulk adopt calls"; npx tsx bench/adopt.ts 20 10 15
echo "== Today board: arrivals + readiness at 300 doors"; npx tsx bench/today.ts 300 40
