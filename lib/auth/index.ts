import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/bootstrap";
import { authSecret } from "@/lib/env";
import { safeErrorForLog } from "@/lib/log/safe-error";
import { authorizeLink, authorizePassword, type AuthorizeOutcome } from "./authorize";
import { requestClientAddress } from "./client-ip";
import type { Role } from "./permissions";
import { checkSessionToken, revokeSessions, SESSION_IDLE_MS } from "./session-token";

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; customerId: string | null } & DefaultSession["user"];
  }
  interface User {
    role?: Role;
    sessionVersion?: number;
    customerId?: string | null;
  }
}

/** Thrown from authorize(); Auth.js hands `code` back to the sign-in action. */
class RefusedSignIn extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const outcome = (o: AuthorizeOutcome) => {
  if (o.refusal) throw new RefusedSignIn(o.refusal);
  return o.user;
};

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  // `next start` behind any host name (and on 127.0.0.1 in tests); the app builds no absolute URLs from Host.
  trustHost: true,
  // Idle limit: the cookie slides with use. The absolute limit is enforced in the jwt callback.
  session: { strategy: "jwt", maxAge: SESSION_IDLE_MS / 1000 },
  // Auth.js's own HTML pages use inline styles the CSP refuses; errors land on our sign-in page.
  pages: { signIn: "/login", error: "/login" },
  logger: {
    // A wrong password is an expected outcome, already recorded in login_attempts; keep logs for real faults.
    error(error) {
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin") return;
      // A forged or stale cookie is an attack or an old session, not a fault: one line, no stack.
      if (type === "JWTSessionError") return console.warn("[auth] unreadable session cookie ignored");
      console.error(`[auth] ${safeErrorForLog((error as { cause?: { err?: unknown } }).cause?.err ?? error)}`);
    },
  },
  providers: [
    // Staff: password. The throttle, the attempt log and the lockout rules live inside authorize(),
    // so the sign-in form and a direct POST to /api/auth/callback/credentials are held alike.
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        return outcome(await authorizePassword(await getDb(), raw, requestClientAddress(request)));
      },
    }),
    // Customers: a one-time emailed link (lib/auth/login-links.ts), posted from /portal/link.
    Credentials({
      id: "login-link",
      credentials: { token: {} },
      async authorize(raw, request) {
        return outcome(await authorizeLink(await getDb(), raw, requestClientAddress(request)));
      },
    }),
  ],
  events: {
    // Sign-out revokes: the JWT is self-contained, so clearing the cookie alone would leave a copy
    // of it valid until it expires. Bumping session_version kills every copy (all of this user's
    // sessions end — the price of stateless tokens, and the safe side).
    async signOut(message) {
      const uid = "token" in message ? message.token?.uid : undefined;
      if (typeof uid === "string") await revokeSessions(await getDb(), uid);
    },
  },
  callbacks: {
    /**
     * Runs on every auth() call. JWTs cannot be revoked, so each request re-reads the user: a
     * disabled account, a bumped sessionVersion, a deleted user, a customer sign-in no longer
     * matching its customer's email, or a session older than the absolute lifetime ends at once;
     * a role change applies on the next request.
     */
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
        token.authAt = Date.now();
      }
      return checkSessionToken(await getDb(), token);
    },
    session({ session, token }) {
      session.user.id = token.uid as string;
      session.user.role = token.role as Role;
      session.user.customerId = (token.customerId as string | null) ?? null;
      return session;
    },
  },
}));
