/**
 * One CSV cell, always quoted. A value a spreadsheet would run as a formula (CSV injection) gets a
 * leading apostrophe: one that starts with = + - @, with TAB or CR (which Excel and LibreOffice
 * skip before reading a formula), or with any whitespace in front of a formula character.
 */
const FORMULA_START = /^(?:[=+\-@\t\r\n]|\s+[=+\-@])/;

/** The cell's text with the guard applied, unquoted (for a CSV writer that quotes, e.g. papaparse). */
export function csvSafe(v: unknown): string {
  const s = v == null ? "" : v instanceof Date ? v.toISOString() : String(v);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function csvCell(v: unknown): string {
  return `"${csvSafe(v).replace(/"/g, '""')}"`;
}

/**
 * The reverse for files Portier reads back (customer import): an apostrophe the guard put in front of a
 * formula-like value is dropped, so an exported phone "+41 …" imports as "+41 …", not "'+41 …".
 */
export function csvUnguard(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}
