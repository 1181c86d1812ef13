import { createRequire } from "node:module";
import path from "node:path";
import pino, { type Logger } from "pino";
import { requestContext } from "./request-context";

/**
 * Structured JSON logs (pino, the fast maintained Node logger): one object per line with level,
 * time, the component ("[reconciler] …" becomes component=reconciler) and the request id of the
 * work it belongs to. LOG_LEVEL sets the level (default info); LOG_FORMAT=pretty (default in
 * development and demo mode, when pino-pretty is installed) prints readable lines instead.
 *
 * Redaction is by key, at any depth we log: a keypad code, a token, a password or a secret never
 * reaches a log line even if a caller passes the object that holds it. LOG_FILE adds a JSON copy. Messages are free text and
 * are the caller's responsibility (safeErrorForLog for errors).
 */
export const REDACT_PATHS = [
  "code",
  "*.code",
  "*.*.code",
  "keypadCode",
  "*.keypadCode",
  "password",
  "*.password",
  "token",
  "*.token",
  "*.*.token",
  "secret",
  "*.secret",
  "webhookSecret",
  "*.webhookSecret",
  "authorization",
  "*.authorization",
  "*.headers.authorization",
  "cookie",
  "*.cookie",
  "apiKey",
  "*.apiKey",
];

function prettyStream(): NodeJS.WritableStream | undefined {
  const wanted = process.env.LOG_FORMAT
    ? process.env.LOG_FORMAT === "pretty"
    : process.env.NODE_ENV !== "production" || !process.env.NUKI_API_TOKEN;
  if (!wanted) return undefined;
  try {
    // A devDependency: present in development and demo installs, absent in `npm ci --omit=dev`.
    // Resolved from the app's folder at run time (not bundled), the same way under Next and tsx.
    const load = createRequire(path.join(process.cwd(), "package.json"));
    const pretty = load("pino-pretty") as (o: object) => NodeJS.WritableStream;
    return pretty({
      colorize: process.stdout.isTTY,
      sync: true,
      ignore: "pid,hostname",
      translateTime: "SYS:HH:MM:ss.l",
    });
  } catch {
    return undefined;
  }
}

/** A logger writing to `destination` (tests) or to stdout, pretty where wanted. */
export function createLogger(destination?: NodeJS.WritableStream): Logger {
  const options = {
    level: process.env.LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    mixin: () => {
      const ctx = requestContext();
      return ctx ? { requestId: ctx.requestId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {};
    },
  };
  if (destination) return pino(options, destination);
  const console = prettyStream() ?? pino.destination({ dest: 1, sync: true });
  // LOG_FILE: a copy of every record as JSON (the test run's log sweep reads the servers' copies).
  const file = process.env.LOG_FILE;
  if (!file) return pino(options, console);
  // Each stream of a multistream has its own level, "info" unless given: without it LOG_LEVEL=debug
  // would reach neither the terminal nor the file.
  const level = options.level as pino.Level;
  return pino(
    options,
    pino.multistream([
      { level, stream: console },
      { level, stream: pino.destination({ dest: file, sync: true, append: true, mkdir: true }) },
    ]),
  );
}

const g = globalThis as unknown as { __portierLogger?: Logger };

/** This process's logger (one per process, shared by Next's bundles). */
export function logger(): Logger {
  g.__portierLogger ??= createLogger();
  return g.__portierLogger;
}
