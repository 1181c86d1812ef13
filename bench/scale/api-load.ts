// The integrator's side of the scale-out bench: grant changes sent as public API requests
// (/api/v1, Bearer API key, an Idempotency-Key per intended write) through the load balancer,
// `concurrency` at a time. A request that fails on the way (5xx, connection) is retried with the
// same Idempotency-Key, as a client should; the retries are counted.
import { randomUUID } from "node:crypto";

export type ApiRequest = { method: "POST" | "PATCH"; path: string; body: unknown };
export type ApiResult = { status: number; body: unknown };

export async function sendAll(o: {
  baseUrl: string;
  apiKey: string;
  requests: ApiRequest[];
  concurrency: number;
}): Promise<{ results: ApiResult[]; latenciesMs: number[]; retries: number; seconds: number }> {
  const results: ApiResult[] = new Array(o.requests.length);
  const latenciesMs: number[] = [];
  let retries = 0;
  let next = 0;
  const t0 = performance.now();
  const one = async (r: ApiRequest): Promise<ApiResult> => {
    const idempotencyKey = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const t = performance.now();
      try {
        const res = await fetch(`${o.baseUrl}/api/v1${r.path}`, {
          method: r.method,
          headers: {
            authorization: `Bearer ${o.apiKey}`,
            "idempotency-key": idempotencyKey,
            "content-type": "application/json",
          },
          body: JSON.stringify(r.body),
        });
        const body = await res.json().catch(() => null);
        latenciesMs.push(performance.now() - t);
        // Retried (same key): 5xx, and 409 idempotency-in-flight (the first try still running).
        const inFlight = res.status === 409 && !!(body as { type?: string } | null)?.type?.endsWith("in-flight");
        if ((res.status < 500 && !inFlight) || attempt >= 5) return { status: res.status, body };
      } catch (error) {
        if (attempt >= 5) throw error;
      }
      retries++;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  };
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      for (let i = next++; i < o.requests.length; i = next++) results[i] = await one(o.requests[i]!);
    }),
  );
  return { results, latenciesMs, retries, seconds: (performance.now() - t0) / 1000 };
}
