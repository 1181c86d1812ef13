import "server-only";
import { z } from "zod";
import { RequestBudget, realClock, type Clock } from "./budget";
import { NukiApiError } from "./errors";
import { routeKey } from "./route-key";
import {
  accountUserCreateSchema,
  accountUserSchema,
  authBulkUpdateItemSchema,
  authCreateSchema,
  authUpdateSchema,
  decentralWebhookSchema,
  pagedAuthsSchema,
  smartlockAuthSchema,
  smartlockLogSchema,
  smartlockSchema,
  type NukiAccountUser,
  type NukiAuth,
  type NukiAuthBulkUpdateItem,
  type NukiAuthCreate,
  type NukiAuthUpdate,
  type NukiDecentralWebhook,
  type NukiSmartlock,
  type NukiSmartlockLog,
  type WebhookFeature,
} from "./schemas";

/**
 * A Nuki write was *accepted* (HTTP 204, empty body). It is not on the lock yet: the result
 * arrives later as a DEVICE_AUTHS webhook or by reading back (nuki-web-api.md §3.7).
 */
export type Accepted = { status: "accepted"; acceptedAt: Date };

export type NukiClientOptions = {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Shared by every client of one Nuki account. */
  budget?: RequestBudget;
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  clock?: Clock;
  random?: () => number;
  /** Told about every HTTP attempt (metrics); lib/nuki stays free of any metrics library. */
  observe?: (call: NukiCallObservation) => void;
};

/** One HTTP attempt as the client saw it: status 0 = network error or timeout. */
export type NukiCallObservation = { route: string; status: number; ms: number; retryAfterMs: number | null };

/**
 * `refusals`: 401/403 answers (a revoked token shows here first; the reconciler then probes).
 * `lastOkAt`: when a call last succeeded (a paused reconciler takes it as a reason to probe at once).
 */
export type NukiClientStats = {
  requests: number;
  retries: number;
  refusals: number;
  lastOkAt: number;
  byRoute: Record<string, number>;
};

type Method = "GET" | "PUT" | "POST" | "DELETE";
type Query = Record<string, string | number | boolean | undefined>;

export class NukiClient {
  readonly #baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #budget: RequestBudget;
  readonly #attempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #observe: (call: NukiCallObservation) => void;
  readonly stats: NukiClientStats = { requests: 0, retries: 0, refusals: 0, lastOkAt: 0, byRoute: {} };

  constructor(o: NukiClientOptions) {
    this.#baseUrl = o.baseUrl.replace(/\/$/, "");
    this.#token = o.token;
    this.#fetch = o.fetch ?? ((...args) => fetch(...args));
    this.#timeoutMs = o.timeoutMs ?? 15_000;
    this.#clock = o.clock ?? realClock;
    this.#budget = o.budget ?? new RequestBudget({ clock: this.#clock });
    this.#attempts = o.retry?.attempts ?? 4;
    this.#baseDelayMs = o.retry?.baseDelayMs ?? 250;
    this.#maxDelayMs = o.retry?.maxDelayMs ?? 15_000;
    this.#random = o.random ?? Math.random;
    this.#observe = o.observe ?? (() => {});
  }

  get budget() {
    return this.#budget;
  }

  // ── Smartlocks ───────────────────────────────────────────────────────────

  /** GET /smartlock — every device of the account with state and serverState (4 = offline). */
  listSmartlocks(): Promise<NukiSmartlock[]> {
    return this.#read("GET", "/smartlock", z.array(smartlockSchema));
  }

  /** GET /smartlock/{smartlockId} */
  getSmartlock(smartlockId: number): Promise<NukiSmartlock> {
    return this.#read("GET", `/smartlock/${smartlockId}`, smartlockSchema);
  }

  /** POST /smartlock/{id}/action — 1 unlock, 2 lock, 3 unlatch… Accepted, not executed. */
  lockAction(smartlockId: number, action: number): Promise<Accepted> {
    return this.#write("POST", `/smartlock/${smartlockId}/action`, { action });
  }

  /** POST /smartlock/{id}/sync — asks Nuki to resync the lock (clears ghost entries, forum/39157). */
  syncSmartlock(smartlockId: number): Promise<Accepted> {
    return this.#write("POST", `/smartlock/${smartlockId}/sync`);
  }

  // ── Authorizations ───────────────────────────────────────────────────────

  /** GET /smartlock/auth — all auths of the account; `accountUserId` < 0 means "without account user". */
  listAuths(filter: { accountUserId?: number; types?: number[] } = {}): Promise<NukiAuth[]> {
    return this.#read("GET", "/smartlock/auth", z.array(smartlockAuthSchema), {
      accountUserId: filter.accountUserId,
      types: filter.types?.join(","),
    });
  }

  /** GET /smartlock/auth/paged, following every page. One call per `size` auths. */
  async listAllAuthsPaged(filter: { types?: number[]; size?: number } = {}): Promise<NukiAuth[]> {
    const out: NukiAuth[] = [];
    for (let page = 0; ; page++) {
      const res = await this.#read("GET", "/smartlock/auth/paged", pagedAuthsSchema, {
        page,
        size: filter.size ?? 100,
        types: filter.types?.join(","),
      });
      out.push(...res.results);
      if (page + 1 >= res.pagination.totalPages || res.results.length === 0) return out;
    }
  }

  /** GET /smartlock/{smartlockId}/auth — also returns bridge/keypad/owner auths; filter by type. */
  listLockAuths(smartlockId: number, filter: { types?: number[] } = {}): Promise<NukiAuth[]> {
    return this.#read("GET", `/smartlock/${smartlockId}/auth`, z.array(smartlockAuthSchema), {
      types: filter.types?.join(","),
    });
  }

  /** GET /smartlock/{smartlockId}/auth/{id} — `id` is the auth's string id, not the slot `authId`. */
  getAuth(smartlockId: number, id: string): Promise<NukiAuth> {
    return this.#read("GET", `/smartlock/${smartlockId}/auth/${encodeURIComponent(id)}`, smartlockAuthSchema);
  }

  /** PUT /smartlock/{smartlockId}/auth — 204 and no id: correlate later by (lock, accountUser) or (lock, code). */
  async createAuth(smartlockId: number, body: Omit<NukiAuthCreate, "smartlockIds">): Promise<Accepted> {
    return this.#write(
      "PUT",
      `/smartlock/${smartlockId}/auth`,
      authCreateSchema.omit({ smartlockIds: true }).parse(body),
    );
  }

  /** PUT /smartlock/auth — one definition on many locks in one call (for type 0: one invite per lock). */
  async createAuthOnLocks(body: NukiAuthCreate): Promise<Accepted> {
    return this.#write("PUT", "/smartlock/auth", authCreateSchema.parse(body));
  }

  /**
   * POST /smartlock/{smartlockId}/auth/{id} — a full replacement: Nuki clears every time
   * restriction left out of an update (forum/40095), so the type requires all of them.
   */
  async updateAuth(smartlockId: number, id: string, body: NukiAuthUpdate): Promise<Accepted> {
    return this.#write(
      "POST",
      `/smartlock/${smartlockId}/auth/${encodeURIComponent(id)}`,
      authUpdateSchema.parse(body),
    );
  }

  /** POST /smartlock/auth — many full updates in one call. */
  async updateAuths(items: NukiAuthBulkUpdateItem[]): Promise<Accepted> {
    return this.#write("POST", "/smartlock/auth", z.array(authBulkUpdateItemSchema).min(1).parse(items));
  }

  /** DELETE /smartlock/{smartlockId}/auth/{id} */
  deleteAuth(smartlockId: number, id: string): Promise<Accepted> {
    return this.#write("DELETE", `/smartlock/${smartlockId}/auth/${encodeURIComponent(id)}`);
  }

  /** DELETE /smartlock/auth with a JSON array of ids as the body (§8.15: keep the body on DELETE). */
  async deleteAuths(ids: string[]): Promise<Accepted> {
    return this.#write("DELETE", "/smartlock/auth", z.array(z.string()).min(1).parse(ids));
  }

  // ── Account users (app invites) ──────────────────────────────────────────

  /** PUT /account/user — synchronous, unlike auths: answers 200 with the user. */
  async createAccountUser(body: z.input<typeof accountUserCreateSchema>): Promise<NukiAccountUser> {
    return this.#read("PUT", "/account/user", accountUserSchema, undefined, accountUserCreateSchema.parse(body));
  }

  /** GET /account/user — `limit` is clamped by the server; a short page is not the end (§1.4). */
  listAccountUsers(filter: { email?: string; offset?: number; limit?: number } = {}): Promise<NukiAccountUser[]> {
    return this.#read("GET", "/account/user", z.array(accountUserSchema), filter);
  }

  /** DELETE /account/user/{id} — deletes asynchronously. */
  deleteAccountUser(accountUserId: number): Promise<Accepted> {
    return this.#write("DELETE", `/account/user/${accountUserId}`);
  }

  // ── Logs ─────────────────────────────────────────────────────────────────

  /** GET /smartlock/log or /smartlock/{id}/log — newest first, ≤ 50 per call; page back with `id`. */
  listLogs(
    filter: {
      smartlockId?: number;
      limit?: number;
      id?: string;
      fromDate?: string;
      toDate?: string;
      authId?: string;
    } = {},
  ): Promise<NukiSmartlockLog[]> {
    const { smartlockId, ...query } = filter;
    const path = smartlockId === undefined ? "/smartlock/log" : `/smartlock/${smartlockId}/log`;
    return this.#read("GET", path, z.array(smartlockLogSchema), { ...query, limit: Math.min(query.limit ?? 50, 50) });
  }

  // ── Decentral webhooks ───────────────────────────────────────────────────

  /** PUT /api/decentralWebhook — the only response that carries the signing secret: store it. */
  registerWebhook(
    webhookUrl: string,
    webhookFeatures: WebhookFeature[],
  ): Promise<NukiDecentralWebhook & { secret: string }> {
    return this.#read(
      "PUT",
      "/api/decentralWebhook",
      decentralWebhookSchema.extend({ secret: z.string() }),
      undefined,
      { webhookUrl, webhookFeatures },
    );
  }

  listWebhooks(): Promise<NukiDecentralWebhook[]> {
    return this.#read("GET", "/api/decentralWebhook", z.array(decentralWebhookSchema));
  }

  deleteWebhook(id: number): Promise<Accepted> {
    return this.#write("DELETE", `/api/decentralWebhook/${id}`);
  }

  // ── Transport ────────────────────────────────────────────────────────────

  async #read<T>(method: Method, path: string, schema: z.ZodType<T>, query?: Query, body?: unknown): Promise<T> {
    const res = await this.#send(method, path, query, body);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new NukiApiError({
        status: res.status,
        method,
        path,
        kind: "invalid_response",
        message: `Nuki ${method} ${path}: body is not JSON`,
        cause,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new NukiApiError({
        status: res.status,
        method,
        path,
        kind: "invalid_response",
        message: `Nuki ${method} ${path}: unexpected response shape: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
      });
    }
    return parsed.data;
  }

  async #write(method: Method, path: string, body?: unknown): Promise<Accepted> {
    await this.#send(method, path, undefined, body);
    // 204 (or 200 with an ignorable body): never parse a write's body as JSON.
    return { status: "accepted", acceptedAt: new Date(this.#clock.now()) };
  }

  /** One logical request: budget, then up to `attempts` tries; retries only 429, 5xx and network errors. */
  async #send(method: Method, path: string, query?: Query, body?: unknown): Promise<Response> {
    const url = new URL(this.#baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const route = routeKey(method, path);
    for (let attempt = 1; ; attempt++) {
      await this.#budget.take();
      this.stats.requests++;
      this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
      let error: NukiApiError;
      const started = performance.now();
      try {
        const res = await this.#fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.#token}`,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.#timeoutMs),
          cache: "no-store",
        } as RequestInit);
        if (res.ok) {
          this.stats.lastOkAt = this.#clock.now();
          this.#observe({ route, status: res.status, ms: performance.now() - started, retryAfterMs: null });
          return res;
        }
        error = await NukiApiError.fromResponse(res, { method, path });
      } catch (cause) {
        error = new NukiApiError({
          status: 0,
          method,
          path,
          kind: "network",
          message: `Nuki ${method} ${path}: ${(cause as Error).message}`,
          cause,
        });
      }
      this.#observe({ route, status: error.status, ms: performance.now() - started, retryAfterMs: error.retryAfterMs });
      if (error.status === 401 || error.status === 403) this.stats.refusals++;
      if (error.retryAfterMs !== null) this.#budget.pauseUntil(this.#clock.now() + error.retryAfterMs);
      if (!error.retryable || attempt >= this.#attempts) throw error;
      this.stats.retries++;
      // Full jitter (AWS backoff advice); Retry-After is enforced by the budget pause above.
      const cap = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
      await this.#clock.sleep(Math.floor(this.#random() * cap));
    }
  }
}
