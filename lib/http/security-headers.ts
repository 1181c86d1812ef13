/**
 * The security headers every page and API answer carries (README "Security"). Pure functions so
 * proxy.ts stays small and the policy can be unit-tested; next.config.ts adds the static ones to
 * `_next/static` files too, which the proxy does not see.
 */

/** Fresh per request: Next reads it back from the request's CSP header and stamps its own scripts. */
export const newNonce = () => btoa(crypto.randomUUID());

export function contentSecurityPolicy(nonce: string, o: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next's nonced bootstrap loads are trusted; nothing else runs.
    // React needs eval only in development (server error stacks).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ""}`,
    // <style> elements need the nonce; style="" attributes are allowed because react-big-calendar
    // positions events with inline styles (server-rendered too). Attribute styles cannot run code.
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // Nobody may frame Portier (the calendar's drag-and-drop is a clickjacking target).
    "frame-ancestors 'none'",
    ...(o.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers that do not depend on the request (also set on static files by next.config.ts). */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  // Everywhere, not only on /portal/link: no URL of ours (link tokens, feed tokens, ids) leaks to
  // another site in Referer.
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** Two years, subdomains included; sent only when the request reached us over https. */
export const HSTS = "max-age=63072000; includeSubDomains";
