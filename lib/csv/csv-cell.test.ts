import { describe, expect, it } from "vitest";
import { csvCell } from "./csv-cell";

describe("CSV cells cannot smuggle formulas (issue 14, Low)", () => {
  it("neutralises every formula start, TAB and CR included", () => {
    for (const evil of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1", "\n=1", " =1", "\t\t@x"])
      expect(csvCell(evil), JSON.stringify(evil)).toBe(`"'${evil.replace(/"/g, '""')}"`);
  });
  it("leaves ordinary text, dates and empties alone, quoting always", () => {
    expect(csvCell("Anna Adler")).toBe('"Anna Adler"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(new Date(Date.UTC(2026, 0, 2)))).toBe('"2026-01-02T00:00:00.000Z"');
    expect(csvCell("a-b")).toBe('"a-b"');
  });
});

describe("reading back a guarded cell", () => {
  it("drops only the apostrophe the guard added", async () => {
    const { csvSafe, csvUnguard } = await import("./csv-cell");
    for (const v of ["=1+1", "+41 1", "-3", "@x", " =1", "plain", "'quoted", "'", ""])
      expect(csvUnguard(csvSafe(v))).toBe(v);
    expect(csvUnguard("'plain")).toBe("'plain");
  });
});

describe("the activity export uses the guard", () => {
  it("a customer named with a leading TAB or CR formula comes out inert", async () => {
    const { activityCsv } = await import("@/lib/access/views/lock-activity");
    const row = {
      at: new Date(Date.UTC(2026, 0, 2)),
      doorName: "\r=HYPERLINK(1)",
      timeZone: "Europe/Berlin",
      customerName: "\t=cmd|' /C calc'!A0",
      authName: null,
      what: "opened",
      ok: true,
    } as unknown as Parameters<typeof activityCsv>[0][number];
    const csv = activityCsv([row]);
    expect(csv).toContain(`"'\t=cmd`);
    expect(csv).toContain(`"'\r=HYPERLINK`);
  });
});
