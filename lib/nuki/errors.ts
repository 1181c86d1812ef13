/**
 * Typed failures of the Nuki Web API. Bodies come in two shapes (§7.1): Java-exception JSON
 * `{detailMessage, stackTrace, …}` for most 4xx, and Restlet `{code, reasonPhrase, description}` for 422.
 */
export type NukiErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "locked"
  | "rate_limited"
  | "server"
  | "network"
  | "invalid_response";

const KIND_BY_STATUS: Record<number, NukiErrorKind> = {
  400: "bad_request",
  401: "unauthorized",
  402: "forbidden",
  403: "forbidden",
  404: "not_found",
  405: "bad_request",
  409: "conflict",
  422: "unprocessable",
  423: "locked",
  426: "bad_request",
  429: "rate_limited",
};

export class NukiApiError extends Error {
  readonly kind: NukiErrorKind;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  /** Parsed error body as Nuki sent it (never contains our token; may echo a code we sent — don't log bodies of writes). */
  readonly body: unknown;
  /** From Retry-After on 429/503, in ms. */
  readonly retryAfterMs: number | null;

  constructor(init: {
    status: number;
    method: string;
    path: string;
    body?: unknown;
    retryAfterMs?: number | null;
    kind?: NukiErrorKind;
    message?: string;
    cause?: unknown;
  }) {
    const kind = init.kind ?? KIND_BY_STATUS[init.status] ?? (init.status >= 500 ? "server" : "bad_request");
    super(init.message ?? `Nuki ${init.method} ${init.path} failed: ${init.status} ${detailOf(init.body) ?? kind}`, {
      cause: init.cause,
    });
    this.name = "NukiApiError";
    this.kind = kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.body = init.body ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /** 429, 5xx and transport failures may succeed later; everything else will not without a change. */
  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "server" || this.kind === "network";
  }

  static async fromResponse(res: Response, request: { method: string; path: string }): Promise<NukiApiError> {
    const text = await res.text().catch(() => "");
    let body: unknown = text || null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* keep text */
    }
    return new NukiApiError({
      status: res.status,
      ...request,
      body,
      retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
    });
  }
}

export const isNukiApiError = (e: unknown): e is NukiApiError => e instanceof NukiApiError;

/** The human part of either error body shape. */
export function detailOf(body: unknown): string | null {
  if (!body || typeof body !== "object") return typeof body === "string" && body ? body.slice(0, 200) : null;
  const b = body as Record<string, unknown>;
  const text = b.detailMessage ?? b.description ?? b.reasonPhrase ?? b.message;
  return typeof text === "string" ? text : null;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Words for the front desk: what went wrong and whether waiting helps. */
export function describeNukiError(e: NukiApiError): string {
  const detail = detailOf(e.body);
  switch (e.kind) {
    case "unauthorized":
      return "Nuki rejected the API token (expired, revoked or missing a scope).";
    case "forbidden":
      return "This lock is not in the Nuki account Portier uses, or the token lacks the right.";
    case "not_found":
      return "Nuki does not know this lock or authorization any more.";
    case "conflict":
      return detail?.toLowerCase().includes("code")
        ? "That keypad code is already used on this lock."
        : `Nuki refused a conflicting change${detail ? `: ${detail}` : "."}`;
    case "unprocessable":
      return `Nuki refused the values${detail ? `: ${detail}` : "."}`;
    case "locked":
      return "Another change to this authorization is still running on the lock; Portier retries.";
    case "rate_limited":
      return "Nuki is rate-limiting Portier; changes continue automatically shortly.";
    case "server":
      return `Nuki had a temporary problem (HTTP ${e.status}); Portier retries.`;
    case "network":
      return "Nuki could not be reached; Portier retries.";
    case "invalid_response":
      return "Nuki sent an answer Portier does not understand.";
    default:
      return `Nuki refused the request${detail ? `: ${detail}` : "."}`;
  }
}
