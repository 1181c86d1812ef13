/**
 * What a customer CSV import plans to do, row by row (the dry-run preview) — client-safe, so the
 * import page can show it without importing domain code.
 */
export type ImportField = "name" | "email" | "phone" | "groupName" | "preferredCredential";

export type ImportChange = { field: ImportField; from: string | null; to: string | null };

export type ImportRowPlan = {
  /** The spreadsheet row (the header is row 1; a quoted cell spanning lines is still one row). */
  row: number;
  name: string;
  email: string;
  action: "create" | "update" | "unchanged" | "error";
  /** For updates: what changes. */
  changes?: ImportChange[];
  /** For errors: every problem of this row, in words. */
  errors?: string[];
};

export type ImportPreview = {
  /** Problems with the file as a whole (size, missing columns); nothing can be imported while any. */
  fileErrors: string[];
  /** Harmless notes (ignored columns, the delimiter found). */
  notes: string[];
  rows: ImportRowPlan[];
  totals: { rows: number; create: number; update: number; unchanged: number; error: number };
  /** Fingerprint of the plan: the import refuses if the database changed the plan since this preview. */
  digest: string;
};

export type ImportResult = { created: number; updated: number; unchanged: number };

/** The cap on an uploaded file (10,000 rows of customers are ~1 MB; the cap leaves room for long names). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: "name",
  email: "email",
  phone: "phone",
  groupName: "group",
  preferredCredential: "credential",
};
