/**
 * An error as it may appear in a server log. Database errors are where customer data leaks into
 * logs: drizzle's message carries every query parameter (names, emails, notes) and Postgres's
 * `detail` quotes the offending values ("Key (email)=(anna@…) already exists"). Those are dropped;
 * what stays (SQL text, SQLSTATE, constraint, table, column) is enough to find the fault.
 */
type PgLike = { code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; severity?: unknown };

const isPgError = (e: unknown): e is Error & PgLike =>
  e instanceof Error && typeof (e as PgLike).code === "string" && typeof (e as PgLike).severity === "string";

function pgSummary(e: Error & PgLike): string {
  const where = [
    e.constraint ? `constraint ${e.constraint}` : "",
    e.table ? `table ${e.table}` : "",
    e.column ? `column ${e.column}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  // The message of a Postgres error names objects, not values (values are in `detail`, left out) —
  // except for invalid-input errors (22xxx), which quote the input: keep only their code.
  const message = String(e.code).startsWith("22") ? "invalid input value" : e.message;
  return `SQLSTATE ${e.code}: ${message}${where ? ` (${where})` : ""}`;
}

export function safeErrorForLog(error: unknown): string {
  if (error instanceof Error && "query" in error && "params" in error) {
    const sql = String((error as { query: unknown }).query)
      .replace(/\s+/g, " ")
      .slice(0, 300);
    const cause = (error as { cause?: unknown }).cause;
    return `database query failed: ${isPgError(cause) ? pgSummary(cause) : ((cause as Error)?.name ?? "unknown cause")} — ${sql} [parameters withheld]`;
  }
  if (isPgError(error)) return `database error: ${pgSummary(error)}`;
  if (error instanceof Error)
    return `${error.name}: ${error.message}${error.stack ? `\n${error.stack.split("\n").slice(1, 6).join("\n")}` : ""}`;
  return String(error);
}
