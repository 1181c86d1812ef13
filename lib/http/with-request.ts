import { isRequestId, newRequestId, REQUEST_ID_HEADER, withRequestContext } from "@/lib/log/request-context";

/**
 * Runs a route handler inside its request's context (the id proxy.ts stamped, or a new one), so the
 * log lines, domain calls and the reconciler pass it wakes carry the same request id.
 */
export function withRequest<A extends unknown[]>(
  handler: (request: Request, ...rest: A) => Promise<Response>,
): (request: Request, ...rest: A) => Promise<Response> {
  return (request, ...rest) => {
    const given = request.headers.get(REQUEST_ID_HEADER);
    return withRequestContext({ requestId: isRequestId(given) ? given : newRequestId() }, () =>
      handler(request, ...rest),
    );
  };
}
