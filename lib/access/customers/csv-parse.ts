import "server-only";
import Papa from "papaparse";
import type { z } from "zod";
import { IMPORT_FIELD_LABELS, type ImportField, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "@/lib/model/customer-import";
import { csvUnguard } from "@/lib/csv/csv-cell";
import { customerInput } from "./save-customer";

/**
 * Header names accepted for each field, compared after lower-casing and dropping spaces, dots, dashes
 * and underscores ("E-Mail", "e_mail", "Email Address" all match). English and German, since the
 * first buildings run their spreadsheets in both.
 */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  name: ["name", "fullname", "customer", "customername", "kunde", "kundenname"],
  email: ["email", "emailaddress", "mail", "emailadresse"],
  phone: ["phone", "phonenumber", "telephone", "tel", "telefon", "telefonnummer", "mobile", "mobil", "handy"],
  groupName: ["group", "groupname", "gruppe", "team"],
  preferredCredential: [
    "credential",
    "credentialkind",
    "credentialtype",
    "access",
    "accesskind",
    "accesstype",
    "zugang",
  ],
};

/** Credential words people write, lower-cased with spaces/dashes/underscores collapsed to one space. */
const CREDENTIAL_VALUES: Record<string, "app" | "keypad"> = {
  app: "app",
  "nuki app": "app",
  "app invite": "app",
  "nuki app invite": "app",
  invite: "app",
  nuki: "app",
  keypad: "keypad",
  "keypad code": "keypad",
  code: "keypad",
  pin: "keypad",
  "pin code": "keypad",
};

export const ACCEPTED_HEADERS = HEADER_ALIASES;
export const ACCEPTED_CREDENTIALS = CREDENTIAL_VALUES;

const headerKey = (h: string) => h.toLowerCase().replace(/[\s._-]+/g, "");
const FIELD_BY_HEADER = new Map(
  (Object.entries(HEADER_ALIASES) as [ImportField, string[]][]).flatMap(([f, names]) => names.map((n) => [n, f])),
);

// The form's schema, with the credential optional: an empty cell (or no such column) keeps an existing
// customer's kind and gives a new one the default (keypad).
const rowSchema = customerInput.partial({ preferredCredential: true });
export type ImportRowInput = z.output<typeof rowSchema>;

export type ParsedRow = { row: number; name: string; email: string; input?: ImportRowInput; errors: string[] };
export type ParsedFile = {
  fileErrors: string[];
  notes: string[];
  /** Which fields the file has a column for (a missing column leaves that field of existing customers alone). */
  present: Set<ImportField>;
  rows: ParsedRow[];
};

/**
 * A customer CSV → validated rows. papaparse does the CSV itself (quotes, embedded commas and line
 * breaks, CRLF, delimiter detection); this maps headers, validates each row with the customer form's
 * schema and flags duplicate emails within the file (naming both rows).
 */
export function parseCustomerCsv(text: string): ParsedFile {
  const empty = (fileErrors: string[]): ParsedFile => ({ fileErrors, notes: [], present: new Set(), rows: [] });
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_IMPORT_BYTES)
    return empty([
      `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
    ]);
  // Excel writes a byte-order mark in front of UTF-8 CSV; it would otherwise stick to the first header.
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return empty(["The file is empty."]);
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: "greedy", delimitersToGuess: [",", ";", "\t"] });
  const [header, ...records] = parsed.data;
  if (!header) return empty(["The file is empty."]);
  if (records.length > MAX_IMPORT_ROWS)
    return empty([
      `The file has ${records.length} rows; the limit is ${MAX_IMPORT_ROWS}. Split it into smaller files.`,
    ]);

  const fileErrors: string[] = [];
  const notes: string[] = [];
  const columns = new Map<ImportField, number>();
  header.forEach((h, i) => {
    const field = FIELD_BY_HEADER.get(headerKey(h));
    if (!field) {
      if (h.trim()) notes.push(`Column “${h.trim()}” is not used.`);
      return;
    }
    if (columns.has(field))
      fileErrors.push(`Two columns mean ${IMPORT_FIELD_LABELS[field]}: “${header[columns.get(field)!]}” and “${h}”.`);
    else columns.set(field, i);
  });
  for (const required of ["name", "email"] as const)
    if (!columns.has(required))
      fileErrors.push(
        `No ${IMPORT_FIELD_LABELS[required]} column. The first row must name the columns, e.g. ${HEADER_ALIASES[
          required
        ]
          .slice(0, 2)
          .map((n) => `“${n}”`)
          .join(" or ")}.`,
      );
  if (parsed.meta.delimiter === ";") notes.push("Columns are separated by semicolons.");
  if (fileErrors.length) return { fileErrors, notes, present: new Set(columns.keys()), rows: [] };

  // papaparse's row index counts records after the header as 1, 2, …; the spreadsheet row is one more.
  const parseErrors = new Map<number, string>();
  for (const e of parsed.errors) if (e.row != null) parseErrors.set(e.row, e.message);

  const cell = (record: string[], field: ImportField) => {
    const i = columns.get(field);
    return i === undefined ? undefined : csvUnguard(record[i] ?? "");
  };
  const rows: ParsedRow[] = records.map((record, index) => {
    const row = index + 2;
    const errors: string[] = [];
    const parseError = parseErrors.get(index + 1);
    if (parseError) errors.push(`The CSV is malformed here: ${parseError}.`);
    const extra = record.slice(header.length).filter((v) => v.trim() !== "");
    if (extra.length) errors.push(`This row has ${record.length} cells but the header names ${header.length}.`);
    const credentialCell = cell(record, "preferredCredential")?.trim() ?? "";
    let preferredCredential: "app" | "keypad" | undefined;
    if (credentialCell) {
      preferredCredential = CREDENTIAL_VALUES[credentialCell.toLowerCase().replace(/[\s_-]+/g, " ")];
      if (!preferredCredential)
        errors.push(`Credential “${credentialCell}” is not known; write app (or invite) or keypad (or code).`);
    }
    const result = rowSchema.safeParse({
      name: cell(record, "name"),
      email: cell(record, "email"),
      phone: cell(record, "phone"),
      groupName: cell(record, "groupName"),
      preferredCredential,
    });
    if (!result.success) for (const issue of result.error.issues) errors.push(issue.message);
    return {
      row,
      name: (cell(record, "name") ?? "").trim(),
      email: (cell(record, "email") ?? "").trim().toLowerCase(),
      input: result.success && errors.length === 0 ? result.data : undefined,
      errors,
    };
  });

  // The same person twice in one file: which line wins is a guess, so both rows are errors.
  const firstRowOf = new Map<string, ParsedRow>();
  for (const r of rows) {
    if (!r.email) continue;
    const first = firstRowOf.get(r.email);
    if (!first) {
      firstRowOf.set(r.email, r);
      continue;
    }
    r.errors.push(`The email ${r.email} is also on row ${first.row}.`);
    r.input = undefined;
    if (!first.errors.some((e) => e.startsWith(`The email ${r.email} is also on row `)))
      first.errors.push(`The email ${r.email} is also on row ${r.row}.`);
    first.input = undefined;
  }
  return { fileErrors, notes, present: new Set(columns.keys()), rows };
}
