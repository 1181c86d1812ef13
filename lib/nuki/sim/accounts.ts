import { json } from "./responses";
import { NukiSimulator, type SimulatorOptions } from "./simulator";
import type { SimRequest, SimResponse } from "./types";

/**
 * Several Nuki accounts in one simulator process (issue #13): each account is its own
 * NukiSimulator — tokens, locks, account users, auths, webhooks, scripted faults and chaos — so a
 * 429 storm or a revoked token on one account never shows on another. An API call goes to the
 * account whose token it carries; a token no account accepts goes to the primary one (which
 * answers 401). The primary account is the simulator's original single account: its tokens and
 * its /_sim/* controls keep working unchanged.
 *
 * Controls (never Nuki's API):
 *   GET  /_sim/accounts                         [{name, accountId, locks, auths}]
 *   POST /_sim/accounts                         {name, tokens, locks?, firstSmartlockId?} → a new account
 *   ANY  /_sim/accounts/{name}/<control route>  the /_sim/<control route> of that account
 *                                               (e.g. POST /_sim/accounts/b/fail-next {status: 429, count: 50, retryAfterSec: 30})
 */
export class SimAccounts {
  readonly #byName = new Map<string, NukiSimulator>();
  readonly #options: SimulatorOptions;

  constructor(
    readonly primary: NukiSimulator,
    options: SimulatorOptions = {},
  ) {
    this.#options = options;
    this.#byName.set("primary", primary);
  }

  get(name: string): NukiSimulator | undefined {
    return this.#byName.get(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  /**
   * A new account with its own tokens and, optionally, `locks` locks numbered from `firstSmartlockId`
   * (ids are Nuki's and global: keep each account's range apart). Shares the primary's clock, so a
   * manual clock advances every account at once.
   */
  add(
    name: string,
    o: {
      tokens: string[];
      locks?: number;
      firstSmartlockId?: number;
      seed?: number;
      /** Delivers this account's webhooks (tests hand them to the app's handler for its URL). */
      fetch?: typeof fetch;
    },
  ): NukiSimulator {
    if (this.#byName.has(name)) throw new Error(`account ${name} exists`);
    const index = this.#byName.size;
    const sim = new NukiSimulator({
      ...this.#options,
      clock: this.primary.clock,
      tokens: o.tokens,
      accountId: 4711 + index,
      // A distinct seed gives distinct auth ids (their prefix comes from it) and dice.
      seed: o.seed ?? 1000 + index,
      config: { ...this.primary.config },
      ...(o.fetch ? { fetch: o.fetch } : {}),
    });
    seedNumberedLocks(sim, { count: o.locks ?? 0, firstSmartlockId: o.firstSmartlockId ?? index * 1_000_000, name });
    this.#byName.set(name, sim);
    return sim;
  }

  /** The account an API request's bearer token belongs to (the primary when none accepts it: it answers 401). */
  forAuthorization(header: string | null): NukiSimulator {
    if (this.primary.authorized(header)) return this.primary;
    for (const sim of this.#byName.values()) if (sim.authorized(header)) return sim;
    return this.primary;
  }

  /** GET/POST /_sim/accounts, or null when the request is for another control route. */
  async control(
    req: SimRequest,
    route: (sim: NukiSimulator, req: SimRequest) => Promise<SimResponse>,
  ): Promise<SimResponse | null> {
    if (req.path === "/_sim/accounts") {
      if (req.method === "GET")
        return json(
          [...this.#byName].map(([name, s]) => ({
            name,
            accountId: s.accountId,
            locks: s.locks.size,
            auths: s.auths.size,
          })),
        );
      if (req.method === "POST") {
        const b = (req.body ? JSON.parse(req.body) : {}) as Record<string, unknown>;
        if (typeof b.name !== "string" || !/^[a-z0-9-]{1,32}$/.test(b.name))
          return json({ error: "name must be 1–32 characters a-z, 0-9 or -" }, 400);
        if (!Array.isArray(b.tokens) || b.tokens.length === 0 || b.tokens.some((t) => typeof t !== "string"))
          return json({ error: "tokens must be a non-empty list of strings" }, 400);
        if (this.#byName.has(b.name)) return json({ error: `account ${b.name} exists` }, 409);
        const sim = this.add(b.name, {
          tokens: b.tokens as string[],
          locks: Number(b.locks ?? 0),
          firstSmartlockId: b.firstSmartlockId === undefined ? undefined : Number(b.firstSmartlockId),
        });
        return json({ name: b.name, accountId: sim.accountId, locks: [...sim.locks.keys()] }, 201);
      }
      return json({ error: "GET or POST" }, 405);
    }
    const m = req.path.match(/^\/_sim\/accounts\/([^/]+)(\/.*)$/);
    if (!m) return null;
    const sim = this.#byName.get(decodeURIComponent(m[1]!));
    if (!sim) return json({ error: `no account ${m[1]}` }, 404);
    return route(sim, { ...req, path: `/_sim${m[2]}` });
  }
}

/** `count` plain locks (keypad paired, Berlin) numbered from `firstSmartlockId`: bench and CLI accounts. */
export function seedNumberedLocks(sim: NukiSimulator, o: { count: number; firstSmartlockId: number; name: string }) {
  for (let i = 0; i < o.count; i++)
    sim.addLock({ smartlockId: o.firstSmartlockId + i + 1, name: `${o.name} lock ${i + 1}`.slice(0, 32) });
}

/** The token of the CLI's extra account `acct-<i>` (i ≥ 2): `npm run sim -- --accounts N`. */
export const extraAccountToken = (i: number) => `sim-acct-${i}-token`;
