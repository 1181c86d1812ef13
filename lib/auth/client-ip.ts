import "server-only";
import { clientAddressFrom, parseTrustedProxies } from "@/lib/http/client-address";
import { env } from "@/lib/env";

/** The client address of a request as this deployment trusts it (TRUSTED_PROXIES; socket by default). */
export const requestClientAddress = (request: Request | { headers: Headers } | undefined) =>
  request?.headers ? clientAddressFrom(request.headers, parseTrustedProxies(env().TRUSTED_PROXIES)) : "unknown";

/** Same, from next/headers() in a server action or page. */
export const headersClientAddress = (headers: Headers) =>
  clientAddressFrom(headers, parseTrustedProxies(env().TRUSTED_PROXIES));
