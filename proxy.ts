import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, HSTS, newNonce, STATIC_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { isRequestId, newRequestId, REQUEST_ID_HEADER } from "@/lib/log/request-context";

/**
 * Reachable without a session: sign-in, the setup and invite links (the token is the credential),
 * Auth.js, the signed Nuki webhook, the secret iCal feed, the public API (API keys, checked by every
 * route) and its reference page, the load balancer's health/readiness probes, the token-guarded
 * metrics, public/ files.
 */
const PUBLIC =
  /^\/(login|setup|invite|portal\/login|portal\/link|api\/auth|api\/webhooks|api\/ical|api\/v1|developers\/api|api\/health|api\/ready|api\/metrics|forbidden)(\/|$)|\.(ico|png|svg|webmanifest|txt)$/;

/** https as the visitor saw it: PUBLIC_URL says so, or Next's own x-forwarded-proto (set from the socket). */
const servedOverHttps = (request: NextRequest) =>
  request.nextUrl.protocol === "https:" || (process.env.PUBLIC_URL ?? "").startsWith("https:");

/**
 * Two jobs. (1) Security headers on every page and API answer, with a per-request CSP nonce that
 * Next applies to its own scripts. (2) UX only: sends visitors without a session cookie to the
 * sign-in page. It is NOT the security boundary (proxy bypasses are a recurring CVE class); every
 * page, action and route handler checks the session and permission itself.
 */
export function proxy(request: NextRequest) {
  const https = servedOverHttps(request);
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const { pathname } = request.nextUrl;
  const hasSession =
    request.cookies.has("authjs.session-token") || request.cookies.has("__Secure-authjs.session-token");
  // One id per request (a load balancer's own id is kept), handed to the handler and returned to the
  // caller, so a support ticket's "request id" finds every log line of that click.
  const given = request.headers.get(REQUEST_ID_HEADER);
  const requestId = isRequestId(given) ? given : newRequestId();
  let response: NextResponse;
  if (hasSession || PUBLIC.test(pathname)) {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("content-security-policy", csp);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set(REQUEST_ID_HEADER, requestId);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    const url = request.nextUrl.clone();
    // Customers sign in by emailed link; staff with a password.
    url.pathname = pathname.startsWith("/portal") ? "/portal/login" : "/login";
    url.search = `?next=${encodeURIComponent(pathname)}`;
    response = NextResponse.redirect(url);
  }
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Everything except Next's static files (next.config.ts gives those the static headers). public/
  // files (icons, manifest) pass through here for their headers and are public (PUBLIC above).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
