// The Nuki side of the scale-out bench: the simulator over real HTTP (in the bench process), its
// locks, and a ledger of every write Nuki ACCEPTED (204), from which duplicate sends are counted:
// a second accepted create of one auth (same lock, same name — the name carries the customer's
// tag), a second accepted update of one auth with the very same body, a second delete of one auth.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { handleSimRequest } from "@/lib/nuki/sim/routes";
import { SimAccounts, seedNumberedLocks } from "@/lib/nuki/sim/accounts";
import { NukiSimulator } from "@/lib/nuki/sim/simulator";
import type { SimConfig } from "@/lib/nuki/sim/types";

export type NukiAccount = { name: string; token: string; locks: { smartlockId: number; name: string }[] };

/** Lock j of account i, as startNukiAccounts seeds it (so the bench can import doors beforehand). */
export const benchLock = (i: number, j: number) => ({
  smartlockId: (i + 1) * 1_000_000 + j + 1,
  name: `bench-${i} lock ${j + 1}`,
});
export const benchToken = (i: number) => `bench-nuki-account-${i}`; // ≥ 16 characters, as Nuki's are

export type NukiAccounts = {
  url: string;
  accounts: NukiAccount[];
  /** Route keys of every API call answered, all accounts ("PUT /smartlock/auth", "GET /smartlock", …). */
  calls: () => string[];
  /** Accepted writes per key; more than 1 on a key is a duplicate send. */
  duplicateSends: () => { creates: number; updates: number; deletes: number };
  /** Auths held, for the duplicate-auth check: (lock, name) pairs. */
  auths: () => { smartlockId: number; name: string }[];
  settle: () => Promise<void>;
  close: () => Promise<void>;
};

type Ledger = Map<string, number>;
const bump = (l: Ledger, k: string) => l.set(k, (l.get(k) ?? 0) + 1);
const extra = (l: Ledger) => [...l.values()].reduce((s, n) => s + n - 1, 0);

/**
 * `accounts` Nuki accounts of `locksPerAccount` locks each in one simulator process (its several-
 * accounts mode: lib/nuki/sim/accounts.ts): account i answers token `bench-nuki-account-<i>`, its
 * locks are numbered from (i + 1) × 1,000,000 + 1. Account 0 is the app's env account (the
 * `default` connection); the others are registered as connections by the bench.
 */
export async function startNukiAccounts(o: {
  port: number;
  accounts: number;
  locksPerAccount: number;
  config: Partial<SimConfig>;
}): Promise<NukiAccounts> {
  const token = benchToken;
  const primary = new NukiSimulator({ clock: "real", seed: 1, tokens: [token(0)], config: o.config });
  seedNumberedLocks(primary, { count: o.locksPerAccount, firstSmartlockId: 1_000_000, name: "bench-0" });
  const registry = new SimAccounts(primary, { clock: "real", config: o.config });
  for (let i = 1; i < o.accounts; i++)
    registry.add(`bench-${i}`, {
      tokens: [token(i)],
      locks: o.locksPerAccount,
      firstSmartlockId: (i + 1) * 1_000_000,
    });
  const sims = registry.names().map((n) => registry.get(n)!);

  const creates: Ledger = new Map();
  const updates: Ledger = new Map();
  const deletes: Ledger = new Map();
  const record = (method: string, path: string, body: string) => {
    const b = body ? JSON.parse(body) : null;
    if (method === "PUT" && path === "/smartlock/auth")
      for (const lock of b.smartlockIds as number[]) bump(creates, `${lock}|${b.name}`);
    else if (method === "PUT" && /^\/smartlock\/\d+\/auth$/.test(path))
      bump(creates, `${path.split("/")[2]}|${b.name}`);
    else if (method === "POST" && path === "/smartlock/auth")
      for (const { id, ...rest } of b as { id: string }[]) bump(updates, `${id}|${JSON.stringify(rest)}`);
    else if (method === "POST" && /^\/smartlock\/\d+\/auth\/[^/]+$/.test(path))
      bump(updates, `${path.split("/")[4]}|${JSON.stringify(b)}`);
    else if (method === "DELETE" && path === "/smartlock/auth") for (const id of b as string[]) bump(deletes, id);
    else if (method === "DELETE" && /^\/smartlock\/\d+\/auth\/[^/]+$/.test(path)) bump(deletes, path.split("/")[4]!);
  };

  // As lib/nuki/sim/server.ts, plus the ledger of accepted writes.
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://sim");
    const body = Buffer.concat(chunks).toString("utf8");
    try {
      const headers = new Headers(req.headers as Record<string, string>);
      const sim = registry.forAuthorization(headers.get("authorization"));
      const out = await handleSimRequest(sim, {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers,
        body,
      });
      if (out.status === 204) record(req.method ?? "GET", url.pathname, body);
      const isText = typeof out.body === "string";
      res.writeHead(out.status, {
        ...(out.body !== undefined ? { "content-type": isText ? "text/html" : "application/json" } : {}),
        ...out.headers,
      });
      res.end(out.body === undefined ? undefined : isText ? out.body : JSON.stringify(out.body));
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ detailMessage: `simulator error: ${(error as Error).message}` }));
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accounts: sims.map((sim, i) => ({
      name: `bench-${i}`,
      token: token(i),
      locks: [...sim.locks.values()].map((l) => ({ smartlockId: l.smartlockId, name: l.name })),
    })),
    calls: () => sims.flatMap((sim) => sim.calls),
    duplicateSends: () => ({ creates: extra(creates), updates: extra(updates), deletes: extra(deletes) }),
    auths: () =>
      sims.flatMap((sim) => [...sim.auths.values()].map((a) => ({ smartlockId: a.smartlockId, name: a.name }))),
    settle: async () => {
      for (const sim of sims) await sim.webhooks.settle();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
