import "server-only";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { OPERATIONS } from "./operations";
import { PROBLEM_TYPES } from "./problem";
import { idempotencyHeaders, problemOut } from "./schemas";

export const API_BASE = "/api/v1";

const PROBLEM_WORDS: Record<number, string> = {
  400: "Invalid input (problem+json; `errors` lists each field).",
  401: "No valid API key (missing, unknown, revoked or expired).",
  403: "The key's scope does not allow this.",
  404: "Not found.",
  409: "Conflict: a stale `expectedVersion` (with `current`), an overlap, or the same Idempotency-Key still in flight.",
  422: "The Idempotency-Key was used with a different request.",
  429: "Rate limit reached; see Retry-After.",
  500: "Unexpected error.",
};

/**
 * The OpenAPI 3.1 document, generated from the operation table and its zod schemas — the same
 * schemas serveApi validates with, so the document cannot drift from what the server accepts.
 */
export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "A Portier API key (`ptr_…`), created by an admin under Settings → API keys.",
  });
  for (const op of OPERATIONS) {
    const problems = [...new Set([400, 401, 429, 500, ...op.problems])].sort();
    registry.registerPath({
      operationId: op.id,
      method: op.method,
      path: op.path,
      summary: op.summary,
      description: op.description,
      security: [{ [bearer.name]: [] }],
      request: {
        params: op.params,
        query: op.query,
        headers: op.write ? idempotencyHeaders : undefined,
        body: op.body ? { required: true, content: { "application/json": { schema: op.body } } } : undefined,
      },
      responses: {
        [op.ok.status]: { description: op.ok.description, content: { "application/json": { schema: op.ok.schema } } },
        ...Object.fromEntries(
          problems.map((s) => [
            s,
            {
              description: PROBLEM_WORDS[s] ?? "Problem.",
              content: { "application/problem+json": { schema: problemOut } },
            },
          ]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Portier API",
      version: "1.0.0",
      description: `Customers, doors, sites and access windows, and whether each window is really on its lock. Writes need an Idempotency-Key. Errors are RFC 9457 problem details; kinds: ${Object.keys(PROBLEM_TYPES).join(", ")}.`,
    },
    servers: [{ url: API_BASE }],
  });
}
