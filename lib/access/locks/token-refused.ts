import { AppError } from "@/lib/errors";
import type { NukiApiError } from "@/lib/nuki/errors";

/** Scopes the dashboard's token needs (reference/nuki-web-api.md §1.2). */
const SCOPES = "smartlock.readOnly, smartlock.auth, account, smartlock.log";

/**
 * Nuki answered 401 (token unknown, revoked, or destroyed by a Nuki Web password change) or 403
 * (missing scope, or a device of another account). Nothing was changed; the message names what to
 * check and quotes Nuki's own words — never the token.
 */
export class NukiTokenRefused extends AppError {
  readonly nukiStatus: number;
  constructor(cause: NukiApiError) {
    const said = nukiDetail(cause.body);
    const hint =
      cause.status === 401
        ? "Create a new API token in Nuki Web and set NUKI_API_TOKEN (tokens end when the Nuki Web password changes)."
        : `Give the token the scopes ${SCOPES}.`;
    const userMessage = `Nuki refused the API token: ${cause.status}${said ? ` “${said}”` : ""}. ${hint} Nothing was changed.`;
    super("LOCK_API_ERROR", userMessage, { message: userMessage, cause });
    this.name = "NukiTokenRefused";
    this.nukiStatus = cause.status;
  }
}

function nukiDetail(body: unknown): string | null {
  if (!body || typeof body !== "object") return null;
  const b = body as Record<string, unknown>;
  const text = b.detailMessage ?? b.description ?? b.message;
  return typeof text === "string" ? text.slice(0, 200) : null;
}
