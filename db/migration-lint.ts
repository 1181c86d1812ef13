/**
 * Review aid for migrations: statements that hold a long lock on (or rewrite) a table that already
 * holds data. drizzle runs every pending migration in one transaction, so CONCURRENTLY is not an
 * option inside a migration; the way out for a big table is to do the slow part out of band first
 * (e.g. `CREATE INDEX CONCURRENTLY IF NOT EXISTS …` by hand, then the migration's `IF NOT EXISTS`
 * is a no-op) or to split the change (add NOT VALID, VALIDATE later). Tables created in the same
 * migration are empty and never flagged.
 */
export type LockFinding = { table: string; rule: string; statement: string };

const VOLATILE = /\b(random|gen_random_uuid|uuid_generate_v4|clock_timestamp|timeofday|nextval)\s*\(/i;
const ident = String.raw`(?:"?[\w]+"?\.)?"?([\w]+)"?`;

const RULES: { rule: string; re: RegExp; unless?: RegExp }[] = [
  {
    rule: "ADD COLUMN with a volatile default rewrites every row under an exclusive lock",
    re: new RegExp(String.raw`^ALTER TABLE (?:ONLY )?${ident} ADD COLUMN [\s\S]*DEFAULT[\s\S]*`, "i"),
  },
  {
    rule: "ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows",
    re: new RegExp(String.raw`^ALTER TABLE (?:ONLY )?${ident} ADD COLUMN (?![\s\S]*DEFAULT)[\s\S]*NOT NULL`, "i"),
  },
  {
    rule: "SET NOT NULL scans the whole table under an exclusive lock",
    re: new RegExp(String.raw`^ALTER TABLE (?:ONLY )?${ident} [\s\S]*ALTER COLUMN [\s\S]* SET NOT NULL`, "i"),
  },
  {
    rule: "changing a column's type rewrites the table under an exclusive lock",
    re: new RegExp(String.raw`^ALTER TABLE (?:ONLY )?${ident} [\s\S]*ALTER COLUMN [\s\S]*(SET DATA )?TYPE `, "i"),
  },
  {
    rule: "CREATE INDEX without CONCURRENTLY blocks every write while the index builds",
    re: new RegExp(String.raw`^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY)[\s\S]*? ON (?:ONLY )?${ident}`, "i"),
  },
  {
    rule: "adding a FOREIGN KEY or CHECK without NOT VALID scans the table while holding a lock",
    re: new RegExp(String.raw`^ALTER TABLE (?:ONLY )?${ident} ADD CONSTRAINT [\s\S]*(FOREIGN KEY|CHECK)`, "i"),
    unless: /NOT VALID/i,
  },
  {
    rule: "adding a UNIQUE or PRIMARY KEY constraint builds an index while blocking writes",
    re: new RegExp(String.raw`^ALTER TABLE (?:ONLY )?${ident} ADD CONSTRAINT [\s\S]*(UNIQUE|PRIMARY KEY)`, "i"),
    unless: /USING INDEX/i,
  },
  {
    rule: "a whole-table UPDATE/DELETE rewrites rows inside the migration's transaction",
    re: new RegExp(`^(?:UPDATE|DELETE FROM) ${ident}`, "i"),
  },
  {
    rule: "VACUUM FULL / CLUSTER / LOCK TABLE hold an exclusive lock",
    re: new RegExp(`^(?:VACUUM FULL|CLUSTER|LOCK TABLE) ${ident}`, "i"),
  },
];

/** Statements of one migration file (drizzle's breakpoints), comments stripped. */
export function statementsOf(sqlText: string): string[] {
  return sqlText
    .split("--> statement-breakpoint")
    .map((s) =>
      s
        .split("\n")
        .filter((line) => !line.trim().startsWith("--"))
        .join("\n")
        .trim(),
    )
    .filter(Boolean);
}

/** Findings for one migration; `createdHere` are tables this same migration creates (empty, so exempt). */
export function findLongLocks(sqlText: string): LockFinding[] {
  const statements = statementsOf(sqlText);
  const createdHere = new Set(
    statements.flatMap((s) => {
      const m = new RegExp(`^CREATE TABLE (?:IF NOT EXISTS )?${ident}`, "i").exec(s);
      return m ? [m[1]!.toLowerCase()] : [];
    }),
  );
  const findings: LockFinding[] = [];
  for (const statement of statements) {
    for (const { rule, re, unless } of RULES) {
      const m = re.exec(statement);
      if (!m || unless?.test(statement)) continue;
      const table = m[1]!.toLowerCase();
      if (createdHere.has(table)) continue;
      // Only volatile defaults rewrite since PostgreSQL 11; constant and now() defaults are instant.
      if (rule.startsWith("ADD COLUMN with") && !VOLATILE.test(statement)) continue;
      findings.push({ table, rule, statement: statement.replace(/\s+/g, " ") });
    }
  }
  return findings;
}
