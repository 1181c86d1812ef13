import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { isRequestId, newRequestId, REQUEST_ID_HEADER, withRequestContext } from "@/lib/log/request-context";
import { requireActor } from "@/lib/auth/session";
import type { Actor, Permission } from "@/lib/auth/permissions";
import { firstMessage } from "@/lib/model/messages";
import type { ActionResult } from "./action-result";
import { toActionFailure } from "./action-failure";

export { toActionFailure };

/** zod issues → one message per field, in words a front-desk user understands. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Wraps a server action: session → permission → zod → run. Every action checks who is calling
 * itself; proxy.ts only redirects and is never the boundary.
 */
export function defineAction<S extends z.ZodType, T>(config: {
  input: S;
  permission: Permission;
  run: (input: z.output<S>, actor: Actor) => Promise<T>;
}) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const actor = await requireActor(config.permission);
      const parsed = config.input.safeParse(raw);
      if (!parsed.success) {
        // The message is the first issue's own sentence; where it belongs (the path) is in fieldErrors,
        // so a form shows it once, next to its field, never prefixed with an internal name.
        const message = firstMessage(parsed.error);
        return { ok: false, error: { code: "INVALID_INPUT", message, fieldErrors: fieldErrorsOf(parsed.error) } };
      }
      // The request id proxy.ts stamped on this request: every log line and Nuki call of the action carries it.
      const given = (await headers()).get(REQUEST_ID_HEADER);
      const requestId = isRequestId(given) ? given : newRequestId();
      return {
        ok: true,
        data: await withRequestContext({ requestId, userId: actor.id }, () => config.run(parsed.data, actor)),
      };
    } catch (error) {
      return toActionFailure(error);
    }
  };
}
