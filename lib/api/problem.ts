import "server-only";
import type { z } from "zod";

/**
 * RFC 9457 problem details. `type` is a URI reference into the API reference page, where every
 * problem type is explained (a relative reference, resolved against the request, as RFC 9457 allows);
 * `instance` is the request's path.
 */
export const PROBLEM_TYPES = {
  "validation-error": { status: 400, title: "The request is not valid" },
  "idempotency-key-missing": { status: 400, title: "An Idempotency-Key header is required on writes" },
  unauthenticated: { status: 401, title: "No valid API key" },
  forbidden: { status: 403, title: "This API key may not do this" },
  "not-found": { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict with the current state" },
  "idempotency-in-flight": { status: 409, title: "A request with this Idempotency-Key is still being handled" },
  "idempotency-key-reused": {
    status: 422,
    title: "This Idempotency-Key was used for a different request",
  },
  "rate-limited": { status: 429, title: "Too many requests" },
  "lock-api-error": { status: 502, title: "The lock service refused or failed" },
  internal: { status: 500, title: "Something went wrong on our side" },
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

export const PROBLEM_BASE = "/developers/api#problem-";

export type FieldError = { in: "path" | "query" | "body" | "header"; field: string; message: string };

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

export function problemBody(
  type: ProblemType,
  detail: string,
  instance: string,
  extensions: Record<string, unknown> = {},
): ProblemBody {
  const { status, title } = PROBLEM_TYPES[type];
  return { type: `${PROBLEM_BASE}${type}`, title, status, detail, instance, ...extensions };
}

export function problemResponse(body: { status: number }, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

/** zod issues → one entry per field, saying where it was (path, query or body). */
export function fieldErrors(where: FieldError["in"], error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ in: where, field: i.path.join(".") || "(whole)", message: i.message }));
}
