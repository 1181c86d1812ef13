import "server-only";
import type { z } from "zod";
import { pruneIdempotency, requestFingerprint, runIdempotent } from "@/lib/access/api-keys/idempotency";
import { actorForApiKey, type ApiKeyRefusal, authenticateApiKey } from "@/lib/access/api-keys/keys";
import { type RateLimit, takeApiToken } from "@/lib/access/api-keys/rate-limit";
import { recordApiUse } from "@/lib/access/api-keys/usage";
import type { AccessContext } from "@/lib/access/context";
import { windowView } from "@/lib/access/public-api/pages";
import type { AccessWindow } from "@/db/schema";
import { isAppError, type AppErrorCode } from "@/lib/errors";
import { safeErrorForLog } from "@/lib/log/safe-error";
import "@/lib/model/messages";
import type { Operation } from "./operations";
import { type FieldError, fieldErrors, type ProblemType, problemBody, problemResponse } from "./problem";

export type ApiDeps = { ctx: AccessContext; rate: RateLimit };

const MAX_BODY_BYTES = 64 * 1024;
const REFUSAL_WORDS: Record<ApiKeyRefusal, string> = {
  missing: "Send your API key as `Authorization: Bearer <key>`.",
  malformed: "The Authorization header does not hold a Portier API key (`Bearer ptr_…`).",
  unknown: "This API key is not known.",
  revoked: "This API key was revoked.",
  expired: "This API key has expired.",
};
const PROBLEM_OF: Record<AppErrorCode, ProblemType> = {
  UNAUTHENTICATED: "unauthenticated",
  FORBIDDEN: "forbidden",
  INVALID_INPUT: "validation-error",
  NOT_FOUND: "not-found",
  CONFLICT: "conflict",
  RATE_LIMITED: "rate-limited",
  LOCK_API_ERROR: "lock-api-error",
  INTERNAL: "internal",
};

type Answer = { status: number; body: unknown };

/** A domain failure → problem details; the conflict on a stale version carries the current window. */
function answerForError(error: unknown, instance: string): Answer {
  if (isAppError(error)) {
    const details = (error.details ?? {}) as { window?: AccessWindow; overlapsWindowId?: string };
    const extensions: Record<string, unknown> = {};
    if (details.window) extensions.current = windowView(details.window);
    if (details.overlapsWindowId) extensions.overlapsWindowId = details.overlapsWindowId;
    const body = problemBody(PROBLEM_OF[error.code], error.userMessage, instance, extensions);
    return { status: body.status, body };
  }
  console.error(`[api] unexpected error: ${safeErrorForLog(error)}`);
  const body = problemBody("internal", "Please try again; if it persists, tell your Portier operator.", instance);
  return { status: 500, body };
}

function validationProblem(instance: string, errors: FieldError[]): Response {
  return problemResponse(problemBody("validation-error", errors[0]!.message, instance, { errors }));
}

function parse<S extends z.ZodType>(schema: S | undefined, raw: unknown, where: FieldError["in"]) {
  if (!schema) return { ok: true as const, data: undefined };
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true as const, data: parsed.data as z.output<S> }
    : { ok: false as const, errors: fieldErrors(where, parsed.error) };
}

let writesSincePrune = 0;

/**
 * One /api/v1 request: API key → rate limit → scope → validation → (writes: idempotently) the
 * domain function → JSON, or problem+json for every refusal. Every use is counted per key and hour;
 * every write is also in the audit trail (written by the domain function, actor = the key).
 */
export async function serveApi(
  deps: ApiDeps,
  op: Operation,
  request: Request,
  rawParams: Record<string, string>,
): Promise<Response> {
  try {
    return await serve(deps, op, request, rawParams);
  } catch (error) {
    // Even a failure outside the domain (the database unreachable while checking the key) answers
    // problem+json, never Next's HTML error page.
    const answer = answerForError(error, new URL(request.url).pathname);
    return json(answer, { "cache-control": "no-store" });
  }
}

async function serve(
  deps: ApiDeps,
  op: Operation,
  request: Request,
  rawParams: Record<string, string>,
): Promise<Response> {
  const { ctx } = deps;
  const url = new URL(request.url);
  const instance = url.pathname;

  const auth = await authenticateApiKey(ctx.db, request.headers.get("authorization"), ctx.now());
  if (!auth.ok)
    return problemResponse(problemBody("unauthenticated", REFUSAL_WORDS[auth.reason], instance), {
      "www-authenticate": 'Bearer realm="portier"',
    });
  const key = auth.key;
  const rate = await takeApiToken(ctx.db, key.id, deps.rate);
  const rateHeaders = { "ratelimit-limit": String(deps.rate.burst) };
  if (!rate.ok) {
    await recordApiUse(ctx.db, key.id, "refused");
    return problemResponse(
      problemBody(
        "rate-limited",
        `This key may make ${deps.rate.perMinute} requests a minute (bursts of ${deps.rate.burst}). Try again in ${rate.retryAfterSeconds} s.`,
        instance,
      ),
      { ...rateHeaders, "ratelimit-remaining": "0", "retry-after": String(rate.retryAfterSeconds) },
    );
  }
  const headers = { ...rateHeaders, "ratelimit-remaining": String(rate.remaining), "cache-control": "no-store" };
  const actor = actorForApiKey(key);
  if (op.write && key.scope !== "read_write") {
    await recordApiUse(ctx.db, key.id, "refused");
    return problemResponse(
      problemBody("forbidden", "This API key is read-only; create a read-write key for changes.", instance),
      headers,
    );
  }

  const params = parse(op.params, rawParams, "path");
  const query = parse(op.query, Object.fromEntries(url.searchParams), "query");
  let rawBody: unknown;
  const bodyErrors: FieldError[] = [];
  if (op.body) {
    const text = await request.text();
    if (Buffer.byteLength(text) > MAX_BODY_BYTES)
      bodyErrors.push({ in: "body", field: "(whole)", message: "The body is larger than 64 KiB." });
    else
      try {
        rawBody = JSON.parse(text);
      } catch {
        bodyErrors.push({ in: "body", field: "(whole)", message: "The body is not valid JSON." });
      }
  }
  const body = bodyErrors.length ? { ok: false as const, errors: bodyErrors } : parse(op.body, rawBody, "body");
  const errors = [params, query, body].flatMap((p) => (p.ok ? [] : p.errors));
  if (errors.length) return withHeaders(validationProblem(instance, errors), headers);

  const input = {
    ctx,
    actor,
    params: (params.data ?? {}) as Record<string, string>,
    query: query.data,
    body: body.data,
  };
  const run = async (c: AccessContext): Promise<Answer> => {
    try {
      return { status: op.ok.status, body: await op.run({ ...input, ctx: c }) };
    } catch (error) {
      return answerForError(error, instance);
    }
  };

  if (!op.write) {
    const answer = await run(ctx);
    await recordApiUse(ctx.db, key.id, "read");
    return json(answer, headers);
  }

  const idempotencyKey = request.headers.get("idempotency-key");
  if (!idempotencyKey || idempotencyKey.length > 255 || !/^[\x21-\x7e]+$/.test(idempotencyKey))
    return problemResponse(
      problemBody(
        "idempotency-key-missing",
        "Send an Idempotency-Key header (1–255 visible ASCII characters, e.g. a UUID) with every POST, PATCH and DELETE, and the same one when you retry.",
        instance,
      ),
      headers,
    );
  const fingerprint = requestFingerprint(request.method, `${instance}?${url.searchParams}`, rawBody);
  const outcome = await runIdempotent(ctx, { apiKeyId: key.id, key: idempotencyKey, fingerprint }, run).catch(
    (error) => ({ kind: "done" as const, response: answerForError(error, instance), replayed: false }),
  );
  await recordApiUse(ctx.db, key.id, "write");
  if (++writesSincePrune >= 100) {
    writesSincePrune = 0;
    await pruneIdempotency(ctx.db, ctx.now()).catch(() => {});
  }
  if (outcome.kind === "in_flight")
    return problemResponse(
      problemBody(
        "idempotency-in-flight",
        "The first request with this Idempotency-Key has not finished yet; retry in a moment.",
        instance,
      ),
      { ...headers, "retry-after": "1" },
    );
  if (outcome.kind === "mismatch")
    return problemResponse(
      problemBody(
        "idempotency-key-reused",
        "This Idempotency-Key was already used with a different request within 24 hours; use a new key for a new request.",
        instance,
      ),
      headers,
    );
  return json(outcome.response, { ...headers, ...(outcome.replayed ? { "idempotent-replayed": "true" } : {}) });
}

function json(answer: Answer, headers: Record<string, string>): Response {
  const isProblem = answer.status >= 400;
  return new Response(JSON.stringify(answer.body), {
    status: answer.status,
    headers: { "content-type": isProblem ? "application/problem+json" : "application/json", ...headers },
  });
}

function withHeaders(response: Response, headers: Record<string, string>) {
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}
