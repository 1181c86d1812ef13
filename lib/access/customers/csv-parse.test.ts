import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from "@/lib/model/customer-import";
import { parseCustomerCsv } from "./csv-parse";

const ok = (text: string) => {
  const p = parseCustomerCsv(text);
  expect(p.fileErrors).toEqual([]);
  return p;
};

describe("customer CSV parsing", () => {
  it("reads Excel's BOM, semicolons, CRLF and German headers", () => {
    const p = ok("\uFEFFName;E-Mail;Telefon;Gruppe;Zugang\r\nAnna Adler;Anna@Example.com;+49 30 1;Studio B;App\r\n");
    expect(p.present.has("name")).toBe(true);
    expect(p.notes).toContain("Columns are separated by semicolons.");
    expect(p.rows).toEqual([
      {
        row: 2,
        name: "Anna Adler",
        email: "anna@example.com",
        errors: [],
        input: {
          name: "Anna Adler",
          email: "anna@example.com",
          phone: "+49 30 1",
          groupName: "Studio B",
          preferredCredential: "app",
        },
      },
    ]);
  });

  it("keeps quoted commas and line breaks inside one cell, and counts a multi-line cell as one row", () => {
    const p = ok('name,email,group\n"Adler, Anna",a@example.com,"Studio\nB"\nBert,b@example.com,\n');
    expect(p.rows.map((r) => [r.row, r.input?.name, r.input?.groupName])).toEqual([
      [2, "Adler, Anna", "Studio\nB"],
      [3, "Bert", ""],
    ]);
  });

  it("maps credential words (invite, code, PIN, keypad code) and names an unknown one", () => {
    const p = ok(
      "Name,Email,Credential\nA,a@x.com,invite\nB,b@x.com,Code\nC,c@x.com,PIN\nD,d@x.com,keypad_code\nE,e@x.com,\nF,f@x.com,fob\n",
    );
    expect(p.rows.map((r) => r.input?.preferredCredential ?? r.errors[0])).toEqual([
      "app",
      "keypad",
      "keypad",
      "keypad",
      undefined,
      "Credential “fob” is not known; write app (or invite) or keypad (or code).",
    ]);
  });

  it("flags duplicate emails (any case) on both rows, naming the other row", () => {
    const p = ok("name,email\nA,a@x.com\nB,b@x.com\nA2,A@X.com\n");
    expect(p.rows[0]!.errors).toEqual(["The email a@x.com is also on row 4."]);
    expect(p.rows[2]!.errors).toEqual(["The email a@x.com is also on row 2."]);
    expect(p.rows[0]!.input).toBeUndefined();
    expect(p.rows[1]!.input).toBeDefined();
  });

  it("gives each bad row the form's own messages", () => {
    const p = ok(`name,email,phone\n,a@x.com,\nB,not-an-email,\nC,c@x.com,${"1".repeat(41)}\n`);
    expect(p.rows.map((r) => r.errors)).toEqual([
      ["Enter the customer's name."],
      ["That is not a valid email address; it should look like name@example.com."],
      ["Keep the phone number under 40 characters."],
    ]);
  });

  it("refuses a file without name or email column, an empty file, and one over the size cap", () => {
    expect(parseCustomerCsv("name,phone\nA,1\n").fileErrors[0]).toMatch(/^No email column/);
    expect(parseCustomerCsv("\uFEFF\r\n").fileErrors).toEqual(["The file is empty."]);
    const big = `name,email\n${"x".repeat(MAX_IMPORT_BYTES)}`;
    expect(parseCustomerCsv(big).fileErrors[0]).toMatch(/^The file is 5\.0 MB; the limit is 5 MB/);
    const rows = (n: number) => `name,email\n${Array.from({ length: n }, (_, i) => `P${i},p${i}@x.com`).join("\n")}`;
    expect(parseCustomerCsv(rows(MAX_IMPORT_ROWS)).fileErrors).toEqual([]);
    expect(parseCustomerCsv(rows(MAX_IMPORT_ROWS + 1)).fileErrors).toEqual([
      `The file has ${MAX_IMPORT_ROWS + 1} rows; the limit is ${MAX_IMPORT_ROWS}. Split it into smaller files.`,
    ]);
  });

  it("notes unused columns, refuses two columns for one field and extra cells", () => {
    expect(ok("name,email,notes\nA,a@x.com,hi\n").notes).toContain("Column “notes” is not used.");
    expect(parseCustomerCsv("name,email,e-mail\nA,a@x.com,b@x.com\n").fileErrors).toEqual([
      "Two columns mean email: “email” and “e-mail”.",
    ]);
    expect(ok("name,email\nA,a@x.com,oops\n").rows[0]!.errors).toEqual([
      "This row has 3 cells but the header names 2.",
    ]);
  });
});
