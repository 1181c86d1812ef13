import "server-only";
import type { Db } from "@/db/client";
import { issueSetupLink } from "@/lib/auth/setup-link";
import { type Env, env, localSecretsFile } from "@/lib/env";

/** What each locally generated secret protects, and why every instance must share it. */
const SHARED_SECRETS = [
  { name: "AUTH_SECRET", why: "signs sessions: another instance would reject them" },
  {
    name: "CODE_ENCRYPTION_KEY",
    why: "encrypts keypad codes and webhook secrets: another instance could not read them",
  },
  { name: "NUKI_WEBHOOK_SECRET", why: "an accepted webhook signing secret: instances would disagree" },
] as const satisfies readonly { name: keyof Env; why: string }[];

/** The secrets this process generates into DATA_DIR/secrets.json because the environment does not set them. */
export function locallyGeneratedSecrets(e: Pick<Env, (typeof SHARED_SECRETS)[number]["name"]>) {
  return SHARED_SECRETS.filter((s) => !e[s.name]);
}

/** The start-up lines about secrets (names only, never values); empty when everything is set explicitly. */
export function secretsWarning(e: Pick<Env, (typeof SHARED_SECRETS)[number]["name"]>, file: string): string[] {
  const missing = locallyGeneratedSecrets(e);
  if (!missing.length) return [];
  return [
    `[secrets] generated locally into ${file} — fine for ONE instance. Running more than one instance`,
    "[secrets] (or `npm run worker` on another machine)? Set these explicitly, with the same value on every one:",
    ...missing.map((s) => `[secrets]   ${s.name} — ${s.why}`),
  ];
}

/** Links use PUBLIC_URL (never the request's Host header); without it, this server on localhost. */
export const publicBaseUrl = () => env().PUBLIC_URL?.replace(/\/$/, "") ?? `http://localhost:${env().PORT}`;

/**
 * Production start (a Nuki token is set): no demo data ever; on a database without users, a new
 * one-time setup link for the first admin, printed once (only its hash is stored); and which
 * locally generated secrets must be set explicitly before running a second instance.
 */
export async function announceProductionStart(db: Db, log: (line: string) => void = console.log): Promise<void> {
  const link = await issueSetupLink(db);
  if (link) {
    const url = `${publicBaseUrl()}/setup?token=${link.token}`;
    log(`[setup] No users yet. Create the first admin within 1 hour (the link works once): ${url}`);
  }
  for (const line of secretsWarning(env(), localSecretsFile())) log(line);
  // Instances coordinate only through Postgres: an embedded one is this machine's alone.
  if (!env().DATABASE_URL) log("[start] DATABASE_URL is not set: the embedded Postgres serves this one instance only.");
}
