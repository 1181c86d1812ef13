import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { findUserForLogin, getSessionUser } from "@/db/queries/users";
import { authSecret } from "@/lib/env";
import { consumeLoginLink } from "./login-links";
import { dummyPasswordHash, verifyPassword } from "./password";
import type { Role } from "./permissions";

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
class DisabledAccountError extends CredentialsSignin {
  code = "disabled";
}

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(1).max(200) });

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: authSecret(),
  // `next start` behind any host name (and on 127.0.0.1 in tests); the app builds no absolute URLs from Host.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is an expected outcome, already recorded in login_attempts; keep logs for real faults.
    error(error) {
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin") return;
      // A forged or stale cookie is an attack or an old session, not a fault: one line, no stack.
      if (type === "JWTSessionError") return console.warn("[auth] unreadable session cookie ignored");
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const user = await findUserForLogin(db, parsed.data.email);
        // Same scrypt cost whether or not the account exists: no timing oracle for enumeration.
        const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyPasswordHash()));
        if (!user?.passwordHash || !ok) return null;
        if (user.disabled) throw new DisabledAccountError();
        return {
          id: user.id,
          name: user.name,
          role: user.role,
          sessionVersion: user.sessionVersion,
          customerId: user.customerId,
        };
      },
    }),
    // Customers: a one-time emailed link (lib/auth/login-links.ts), posted from /portal/link.
    Credentials({
      id: "login-link",
      credentials: { token: {} },
      async authorize(raw) {
        const token = typeof raw?.token === "string" ? raw.token : "";
        const db = await getDb();
        const userId = await consumeLoginLink(db, token);
        if (!userId) return null;
        const user = await getSessionUser(db, userId);
        if (!user) return null;
        return {
          id: user.id,
          name: user.name,
          role: user.role,
          sessionVersion: user.sessionVersion,
          customerId: user.customerId,
        };
      },
    }),
  ],
  callbacks: {
    /**
     * Runs on every auth() call. JWTs cannot be revoked, so each request re-reads the user: a
     * disabled account, a bumped sessionVersion or a deleted user ends the session at once, and a
     * role change applies on the next request.
     */
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
      }
      if (typeof token.uid !== "string") return null;
      const current = await getSessionUser(await getDb(), token.uid);
      if (!current || current.disabled || current.sessionVersion !== token.sv) return null;
      token.role = current.role;
      token.name = current.name;
      token.email = current.email;
      token.customerId = current.customerId;
      return token;
    },
    session({ session, token }) {
      session.user.id = token.uid as string;
      session.user.role = token.role as Role;
      session.user.customerId = (token.customerId as string | null) ?? null;
      return session;
    },
  },
}));
