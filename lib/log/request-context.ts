import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

/**
 * The request a piece of server work belongs to, carried implicitly (AsyncLocalStorage) from the
 * HTTP request into the server action, the domain call and the Nuki calls it makes, so each log
 * line of one click can be found together. Reconciler passes carry the ids of the requests whose
 * wake-ups they answer.
 */
export type RequestContext = { requestId: string; userId?: string };

const storage = new AsyncLocalStorage<RequestContext>();

/** An incoming X-Request-Id is kept only if it looks like an id (never a place to smuggle text into logs). */
export const REQUEST_ID_HEADER = "x-request-id";
export const isRequestId = (v: string | null | undefined): v is string => !!v && /^[A-Za-z0-9._-]{8,64}$/.test(v);
export const newRequestId = () => randomBytes(9).toString("base64url");

export const requestContext = (): RequestContext | undefined => storage.getStore();

export function withRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}
