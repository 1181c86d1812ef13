import "server-only";
import { sql } from "drizzle-orm";

/**
 * drizzle expands a JS array in a sql`` template into "(a, b, …)"; an array *parameter*
 * (for = any($1::uuid[]) or unnest) must be passed as one bound value.
 */
export const arr = (values: readonly unknown[]) => sql.param(values);
