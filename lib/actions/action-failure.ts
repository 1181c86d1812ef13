import { isAppError } from "@/lib/errors";
import { safeErrorForLog } from "@/lib/log/safe-error";
import type { ActionResult } from "./action-result";

/** An action's failure for the client; an unexpected one is logged without customer data (lib/log/safe-error.ts). */
export function toActionFailure(error: unknown): ActionResult<never> {
  if (isAppError(error)) {
    return { ok: false, error: { code: error.code, message: error.userMessage, details: error.details } };
  }
  console.error(`[action] unexpected error: ${safeErrorForLog(error)}`);
  return { ok: false, error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." } };
}
