import Papa from "papaparse";
import { csvSafe } from "./csv-cell";

/**
 * A whole CSV file: papaparse writes it (quoting every cell, CRLF line ends, as spreadsheets expect),
 * and every cell first goes through the formula-injection guard of csv-cell.ts.
 */
export function writeCsv(header: string[], rows: unknown[][]): string {
  const body = Papa.unparse(
    { fields: header.map(csvSafe), data: rows.map((r) => r.map(csvSafe)) },
    { quotes: true, newline: "\r\n" },
  );
  // papaparse ends a header-only file with a line break and a file with rows without one: end both with one.
  return `${body.replace(/\r\n$/, "")}\r\n`;
}
