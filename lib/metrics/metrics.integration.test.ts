import { afterEach, describe, expect, it } from "vitest";
import { startReconciler } from "@/lib/access/reconciler/loop";
import { createWindow } from "@/lib/access/windows/create-window";
import { metricsText } from "@/lib/runtime/health";
import { advance, createEngine, grantFor, hoursFromNow, type Engine } from "@/test/engine";
import { recordNukiCall } from "./nuki-calls";
import { metrics } from "./registry";

let e: Engine | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

/** Value of one series in the exposition text (0 when absent): what Prometheus would scrape. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function runLoopUntil(e: Engine, done: () => Promise<boolean>) {
  const r = startReconciler(e, { workerId: "metrics-test", pollMs: 5 });
  try {
    // Time-based, not a number of tries: on a loaded machine a loop turn can take a second.
    const end = Date.now() + 30_000;
    while (!(await done()) && Date.now() < end) await new Promise((ok) => setTimeout(ok, 20));
  } finally {
    await r.stop();
  }
}

describe("metrics after a scripted scenario", () => {
  it("move: Nuki calls, reconciler passes and claims, webhooks, grant gauges", { timeout: 120_000 }, async () => {
    const engine = await createEngine({ doors: 1, customers: 1, observe: recordNukiCall });
    e = engine;
    const before = (await metricsText(engine.db)).body;
    const customerId = engine.customerIds[0]!;
    const doorId = engine.doorIds[0]!;
    await createWindow(engine, engine.actor, {
      customerId,
      doorId,
      window: { kind: "once", startsAt: hoursFromNow(engine, 1), endsAt: hoursFromNow(engine, 3) },
    });
    const pending = (await metricsText(engine.db)).body;
    expect(sample(pending, 'portier_grants{status="pending"}')).toBe(1);
    expect(sample(pending, 'portier_oldest_pending_grant_age_seconds{door_group="ungrouped"}')).toBeGreaterThanOrEqual(
      0,
    );

    await runLoopUntil(engine, async () => (await grantFor(engine, customerId, doorId))?.sentAt != null);
    await advance(engine, 2_100); // the lock applies the create; the signed DEVICE_AUTHS webhook arrives
    await runLoopUntil(engine, async () => (await grantFor(engine, customerId, doorId))?.status === "applied");

    const after = (await metricsText(engine.db)).body;
    const grew = (series: string) => sample(after, series) - sample(before, series);
    expect(grew('portier_nuki_requests_total{route="PUT /smartlock/auth",status="204",connection="default"}')).toBeGreaterThanOrEqual(1);
    expect(grew("portier_reconciler_pass_duration_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(grew("portier_reconciler_claims_per_pass_sum")).toBeGreaterThanOrEqual(1);
    expect(grew('portier_webhook_deliveries_total{feature="DEVICE_AUTHS",result="verified"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(grew('portier_webhook_effect_seconds_count{feature="DEVICE_AUTHS"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'portier_grants{status="applied"}')).toBe(1);
    expect(sample(after, 'portier_grants{status="pending"}')).toBe(0);
    expect(sample(after, "portier_reconciler_last_pass_timestamp_seconds")).toBeGreaterThan(0);
    // Per Nuki connection (issue #13): the default one's token is accepted and nothing waits for it.
    expect(sample(after, 'portier_nuki_connection_token_refused{connection="default"}')).toBe(0);
    expect(sample(after, 'portier_nuki_connection_pending_grants{connection="default"}')).toBe(0);
  });

  it("counts 429s, the Retry-After wait and refused tokens", () => {
    const m = metrics();
    const value = async (c: { get: () => Promise<{ values: { value: number }[] }> }) =>
      (await c.get()).values[0]?.value ?? 0;
    return (async () => {
      const [limited, waited, refused] = await Promise.all([
        value(m.nukiRateLimited),
        value(m.nukiRetryAfterSeconds),
        value(m.nukiTokenRefused),
      ]);
      recordNukiCall({ route: "GET /smartlock/auth", status: 429, ms: 12, retryAfterMs: 2_500 });
      recordNukiCall({ route: "GET /smartlock", status: 401, ms: 8, retryAfterMs: null });
      expect(await value(m.nukiRateLimited)).toBe(limited + 1);
      expect(await value(m.nukiRetryAfterSeconds)).toBeCloseTo(waited + 2.5);
      expect(await value(m.nukiTokenRefused)).toBe(refused + 1);
    })();
  });

  it("labels carry no secrets: routes have their ids folded", async () => {
    recordNukiCall({ route: "POST /smartlock/{id}/auth", status: 204, ms: 5, retryAfterMs: null });
    const text = await metrics().registry.metrics();
    expect(text).not.toMatch(/smartlock\/\d{6,}/);
    expect(text).not.toContain("sim-token");
  });
});
