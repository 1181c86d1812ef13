import { NextResponse, type NextRequest } from "next/server";

/**
 * UX only: sends visitors without a session cookie to the sign-in page. It is NOT the security
 * boundary (proxy bypasses are a recurring CVE class); every page, action and route handler
 * checks the session and permission itself.
 */
export function proxy(request: NextRequest) {
  const hasSession =
    request.cookies.has("authjs.session-token") || request.cookies.has("__Secure-authjs.session-token");
  if (hasSession) return NextResponse.next();
  const url = request.nextUrl.clone();
  // Customers sign in by emailed link; staff with a password.
  url.pathname = request.nextUrl.pathname.startsWith("/portal") ? "/portal/login" : "/login";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Public: sign-in, Auth.js, the signed Nuki webhook, static assets and public/ (icons, manifest).
  matcher: [
    "/((?!login|portal/login|portal/link|api/auth|api/webhooks|api/ical|_next/static|_next/image|favicon.ico|icon.svg|icon-192.png|icon-512.png|apple-touch-icon.png|manifest.webmanifest|forbidden).*)",
  ],
};
