import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseAllowList } from "@/lib/http/outbound-address";

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

const envSchema = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: z.string().default(path.join(process.cwd(), ".data")),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  AUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  ),
  // Key for keypad codes at rest (AES-256-GCM), 64 hex chars. Demo mode generates one.
  CODE_ENCRYPTION_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[0-9a-f]{64}$/i, "CODE_ENCRYPTION_KEY must be 64 hex characters")
      .optional(),
  ),
  // During a rotation only: the previous key(s), comma-separated, still readable but never used to seal.
  CODE_ENCRYPTION_KEY_OLD: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(
        /^[0-9a-f]{64}(,[0-9a-f]{64})*$/i,
        "CODE_ENCRYPTION_KEY_OLD must be 64 hex characters (comma-separated for several)",
      )
      .optional(),
  ),
  NUKI_API_TOKEN: optionalString,
  NUKI_API_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  NUKI_WEBHOOK_SECRET: optionalString,
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  SIM_APPLY_DELAY_MS: z.coerce.number().int().min(0).default(1500),
  PORT: z.coerce.number().int().default(3000),
  // auto: the demo building and a living week (demo mode only); building: the building alone; off: nothing.
  DEMO_SEED: z.enum(["auto", "building", "off"]).default("auto"),
  RECONCILER: z.enum(["on", "off"]).default("on"),
  SMTP_URL: optionalString,
  // Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or IPv4 CIDRs).
  // Empty (the default): the socket address is the client, whatever the request headers claim.
  TRUSTED_PROXIES: optionalString,
  // Loopback/private addresses outgoing webhooks and booking feeds may reach (lib/http/outbound-address.ts):
  // addresses, CIDRs, host names or "*", comma-separated. Read where used; validated here at start.
  OUTBOUND_ALLOW_PRIVATE_HOSTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .refine((v) => {
        try {
          parseAllowList(v);
          return true;
        } catch {
          return false;
        }
      }, "list addresses, CIDR ranges (10.0.0.0/8), host names or *, comma-separated"),
  ),
  // Portier's request budget towards Nuki (per process): Nuki documents no figure; 1/s with bursts of 10
  // stayed clear of 429s. Several workers share one account, so lower it when adding workers.
  NUKI_REQUESTS_PER_SEC: z.coerce.number().positive().max(100).default(1),
  NUKI_BURST: z.coerce.number().int().min(1).max(1000).default(10),
  // Bearer token for GET /api/metrics (Prometheus). Unset: the endpoint answers 404 (metrics off).
  METRICS_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  ),
  // `npm run worker` only: serve /metrics, /health and /ready on this port (bind METRICS_HOST, default loopback).
  METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  METRICS_HOST: z.string().default("127.0.0.1"),
  // Public API (/api/v1): each key's token bucket, shared by all instances through Postgres.
  API_RATE_PER_MINUTE: z.coerce.number().positive().default(600),
  API_RATE_BURST: z.coerce.number().int().min(1).default(120),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Validated server env, parsed lazily so `next build` never needs runtime secrets. */
export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid environment:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Demo mode = no Nuki token: the app starts its own simulator and talks to it over HTTP. */
export const isDemoMode = () => !env().NUKI_API_TOKEN;

/**
 * Secrets a fresh laptop should not have to invent: generated once into DATA_DIR/secrets.json and
 * reused, so sessions and encrypted codes survive restarts. Production sets them explicitly.
 */
export const localSecretsFile = () => path.join(env().DATA_DIR, "secrets.json");
export const readLocalSecrets = (): Record<string, string> =>
  existsSync(localSecretsFile()) ? JSON.parse(readFileSync(localSecretsFile(), "utf8")) : {};

function localSecret(name: "authSecret" | "codeKey" | "webhookSecret"): string {
  const dir = env().DATA_DIR;
  const file = localSecretsFile();
  const stored = readLocalSecrets();
  if (!stored[name]) {
    stored[name] = randomBytes(32).toString("hex");
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return stored[name];
}

export const authSecret = () => env().AUTH_SECRET ?? localSecret("authSecret");
export const codeEncryptionKey = () => Buffer.from(env().CODE_ENCRYPTION_KEY ?? localSecret("codeKey"), "hex");
/**
 * Keys from before a rotation, readable until `npm run keys:rotate-code-key` has re-sealed every
 * value: CODE_ENCRYPTION_KEY_OLD, or (demo mode, key generated locally) `codeKeyOld` in secrets.json.
 */
export const oldCodeEncryptionKeys = (): Buffer[] => {
  const raw = env().CODE_ENCRYPTION_KEY_OLD ?? (env().CODE_ENCRYPTION_KEY ? undefined : readLocalSecrets().codeKeyOld);
  return raw ? raw.split(",").map((k) => Buffer.from(k, "hex")) : [];
};
export const nukiWebhookSecret = () => env().NUKI_WEBHOOK_SECRET ?? localSecret("webhookSecret");
