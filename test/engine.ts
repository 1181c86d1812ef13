import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers, doors, grants, users } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import { createCodeVault } from "@/lib/access/codes/code-vault";
import { DEFAULT_RECONCILER_CONFIG, type EngineContext, type ReconcilerConfig } from "@/lib/access/context";
import { receiveNukiWebhook, webhookSecrets } from "@/lib/access/webhooks/receive-webhook";
import { ensureWebhookRegistered } from "@/lib/access/webhooks/register-webhook";
import { RequestBudget } from "@/lib/nuki/budget";
import { NukiClient, type NukiClientOptions } from "@/lib/nuki/client";
import type { ManualClock } from "@/lib/nuki/sim/clock";
import { startSimulatorServer, type RunningSimulator } from "@/lib/nuki/sim/server";
import { DEFAULT_TOKEN, type SimulatorOptions } from "@/lib/nuki/sim/simulator";
import type { DbHandle } from "@/db/client";

export const WEBHOOK_URL = "http://portier.test/api/webhooks/nuki";

export type Engine = EngineContext & {
  sim: RunningSimulator["sim"];
  /** The simulator's accounts (the primary is `sim`): tests of several Nuki connections add more. */
  simAccounts: RunningSimulator["accounts"];
  simUrl: string;
  clock: ManualClock;
  actor: Actor;
  doorIds: string[];
  smartlockIds: number[];
  customerIds: string[];
  webhookReplies: number[];
  close: () => Promise<void>;
};

/**
 * A full engine on real Postgres and the simulator over real loopback HTTP, sharing one manual
 * clock. The simulator's webhooks are handed to the real webhook handler (signature included).
 */
export async function createEngine(
  o: {
    doors?: number;
    customers?: number;
    sim?: SimulatorOptions;
    config?: Partial<ReconcilerConfig>;
    credential?: "keypad" | "app";
    db?: DbHandle & { drop: () => Promise<void> };
    realTime?: boolean;
    /** The code-encryption key (default: a random one), for tests that rotate or restore it. */
    vaultKey?: Buffer;
    /** The NukiClient's per-request hook (metrics tests). */
    observe?: NukiClientOptions["observe"];
  } = {},
): Promise<Engine> {
  // Benchmarks bring their own database; tests get a fresh one cloned from the migrated template.
  const db = o.db ?? (await (await import("./db")).createTestDatabase());
  const webhookReplies: number[] = [];
  let engine!: Engine;
  const deliver: typeof fetch = async (_url, init) => {
    const raw = String(init?.body ?? "");
    const sig = new Headers(init?.headers).get("x-nuki-signature-sha256");
    const reply = await receiveNukiWebhook(engine, raw, sig, await webhookSecrets(engine, undefined));
    webhookReplies.push(reply.status);
    return new Response(JSON.stringify(reply.body), { status: reply.status });
  };
  const running = await startSimulatorServer({
    clock: o.realTime ? "real" : "manual",
    seed: 1,
    config: { applyDelayMs: 2000, webhookDelayMs: 100 },
    ...o.sim,
    fetch: deliver,
  });
  // Real time (latency benchmarks) or one manual clock shared by simulator and engine (tests).
  const clock =
    running.sim.manualClock ??
    ({
      now: () => Date.now(),
      advance: () => {
        throw new Error("real-time engine: cannot advance the clock");
      },
    } as unknown as ManualClock);
  // Waiting (backoff, Retry-After, budget) moves the simulated clock instead of real time.
  const simTime = { now: () => clock.now(), sleep: async (ms: number) => clock.advance(ms) };
  const nuki = new NukiClient({
    baseUrl: running.url,
    token: DEFAULT_TOKEN,
    budget: new RequestBudget({ ratePerSec: 1e6, burst: 1e6, ...(o.realTime ? {} : { clock: simTime }) }),
    ...(o.realTime ? {} : { clock: simTime }),
    retry: { attempts: 2, baseDelayMs: 10 },
    observe: o.observe,
  });
  const smartlockIds = Array.from({ length: o.doors ?? 3 }, (_, i) => 4 * 2 ** 32 + 0x100 + i);
  for (const [i, id] of smartlockIds.entries())
    running.sim.addLock({ smartlockId: id, name: `Door ${i}`, timeZone: "Europe/Berlin" });
  const doorRows = await db.db
    .insert(doors)
    // As lock sync would have imported them from the simulator, so a resync finds nothing to change.
    .values(
      smartlockIds.map((id, i) => ({
        name: `Door ${i}`,
        nukiName: `Door ${i}`,
        deviceType: 4,
        lockTimeZone: "Europe/Berlin",
        smartlockId: id,
        timeZone: "Europe/Berlin",
      })),
    )
    .returning();
  const customerRows = await db.db
    .insert(customers)
    .values(
      Array.from({ length: o.customers ?? 3 }, (_, i) => ({
        name: `Customer ${i}`,
        email: `c${i}@example.com`,
        preferredCredential: o.credential ?? "keypad",
      })),
    )
    .returning();
  const [staff] = await db.db
    .insert(users)
    .values({ email: "desk@example.com", name: "Desk", role: "staff" })
    .returning();
  engine = {
    db: db.db,
    vault: createCodeVault(o.vaultKey ?? randomBytes(32)),
    now: () => clock.now(),
    wake: () => {},
    nuki,
    config: { ...DEFAULT_RECONCILER_CONFIG, confirmTimeoutMs: 30_000, ...o.config },
    sim: running.sim,
    simAccounts: running.accounts,
    simUrl: running.url,
    clock,
    actor: { id: staff!.id, role: "staff", label: "Desk", customerId: null },
    doorIds: doorRows.map((d) => d.id),
    smartlockIds,
    customerIds: customerRows.map((c) => c.id),
    webhookReplies,
    close: async () => {
      await running.sim.webhooks.settle();
      await running.close();
      await db.drop();
    },
  };
  await ensureWebhookRegistered(engine, WEBHOOK_URL);
  return engine;
}

/** Moves simulated time and lets every webhook that falls due be delivered and handled. */
export async function advance(e: Engine, ms: number) {
  e.clock.advance(ms);
  await e.sim.webhooks.settle();
}

export async function grantsOf(e: Engine) {
  return e.db.select().from(grants);
}

export async function grantFor(e: Engine, customerId: string, doorId: string) {
  const [g] = await e.db
    .select()
    .from(grants)
    .where(eq(grants.customerId, customerId))
    .then((rows) => rows.filter((r) => r.doorId === doorId));
  return g ?? null;
}

export const hoursFromNow = (e: Engine, h: number) => new Date(e.now() + h * 3_600_000);
