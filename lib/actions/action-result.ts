import type { AppErrorCode } from "@/lib/errors";

export type ActionError = {
  code: AppErrorCode;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  details?: unknown;
};

/** What every server action returns: expected failures are values, never thrown at the client. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
