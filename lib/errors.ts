import type { Actor, Permission } from "./auth/permissions";
import { can } from "./auth/permissions";

export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "LOCK_API_ERROR"
  | "INTERNAL";

const STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  LOCK_API_ERROR: 502,
  INTERNAL: 500,
};

/**
 * An expected failure. `message` is for logs; `userMessage` is safe to show. `details` carries
 * structured data for the caller (e.g. the fresh row on a version conflict).
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly details?: unknown;
  constructor(
    code: AppErrorCode,
    userMessage: string,
    options: { message?: string; details?: unknown; cause?: unknown } = {},
  ) {
    super(options.message ?? userMessage, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessage = userMessage;
    this.details = options.details;
  }
  get status() {
    return STATUS[this.code];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** The authorization check every query function and service starts with. */
export function assertCan(actor: Actor | null | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this.");
}
