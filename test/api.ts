import { users } from "@/db/schema";
import { createApiKey } from "@/lib/access/api-keys/keys";
import type { RateLimit } from "@/lib/access/api-keys/rate-limit";
import { API_BASE } from "@/lib/api/openapi";
import { OPERATIONS } from "@/lib/api/operations";
import { serveApi } from "@/lib/api/serve";
import type { Actor } from "@/lib/auth/permissions";
import type { Engine } from "./engine";

/** Generous enough that only the rate-limit tests ever meet it. */
export const NO_LIMIT: RateLimit = { perMinute: 1e6, burst: 1e6 };

export type Call = {
  key?: string | null;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Raw body text (overrides `body`), for malformed-JSON cases. */
  rawBody?: string;
  idempotencyKey?: string | null;
  headers?: Record<string, string>;
};

// biome-ignore lint/suspicious/noExplicitAny: tests read answers as the JSON they are
export type ApiAnswer = { status: number; headers: Headers; body: any; contentType: string };

/** Finds the operation whose path template matches, as Next's router would, and serves it without Next. */
export async function callApi(
  e: Engine,
  method: string,
  path: string,
  c: Call = {},
  rate: RateLimit = NO_LIMIT,
): Promise<ApiAnswer> {
  for (const op of OPERATIONS) {
    if (op.method !== method.toLowerCase()) continue;
    const names: string[] = [];
    const pattern = new RegExp(
      `^${op.path.replace(/\{(\w+)\}/g, (_, n) => {
        names.push(n);
        return "([^/]+)";
      })}$`,
    );
    const m = pattern.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    const url = new URL(`http://portier.test${API_BASE}${path}`);
    for (const [k, v] of Object.entries(c.query ?? {})) url.searchParams.set(k, String(v));
    const headers = new Headers(c.headers);
    if (c.key) headers.set("authorization", `Bearer ${c.key}`);
    if (op.write && c.idempotencyKey !== null)
      headers.set("idempotency-key", c.idempotencyKey ?? `test-${Math.random().toString(36).slice(2)}`);
    const hasBody = c.rawBody !== undefined || c.body !== undefined;
    const request = new Request(url, {
      method: method.toUpperCase(),
      headers,
      body: hasBody ? (c.rawBody ?? JSON.stringify(c.body)) : undefined,
    });
    const response = await serveApi({ ctx: e, rate }, op, request, params);
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
      contentType: response.headers.get("content-type") ?? "",
    };
  }
  throw new Error(`no operation for ${method} ${path}`);
}

/** An admin in the engine's database, and keys of both scopes made by them. */
export async function apiKeysFor(e: Engine) {
  const [admin] = await e.db
    .insert(users)
    .values({ email: `admin-${Math.random().toString(36).slice(2)}@example.com`, name: "Ada Admin", role: "admin" })
    .returning();
  const adminActor: Actor = { id: admin!.id, role: "admin", label: "Ada Admin", customerId: null };
  const rw = await createApiKey(
    e.db,
    adminActor,
    { name: "Booking PMS", scope: "read_write", expiresAt: null },
    e.now(),
  );
  const ro = await createApiKey(e.db, adminActor, { name: "Dashboard", scope: "read", expiresAt: null }, e.now());
  return { admin: adminActor, rw, ro };
}
