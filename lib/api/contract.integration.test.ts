import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { sites, doors } from "@/db/schema";
import { eq } from "drizzle-orm";
import { apiKeysFor, callApi, type ApiAnswer } from "@/test/api";
import { createEngine, hoursFromNow, type Engine } from "@/test/engine";
import { openApiDocument } from "./openapi";

/**
 * The contract, checked from the OpenAPI document outwards: every route file under app/api/v1 is in
 * the document (and every documented operation has its route), and every documented operation,
 * called for real on the engine, answers a documented status whose body matches the documented
 * schema — the JSON Schema in the document, turned back into a validator, not the zod schemas it
 * was generated from (so a generator that drops or mistypes a field is caught too).
 */
// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
type Json = any;
const doc: Json = JSON.parse(JSON.stringify(openApiDocument()));
const ROOT = path.resolve(__dirname, "../..");
const V1 = path.join(ROOT, "app/api/v1");
const METHODS = ["GET", "POST", "PATCH", "DELETE", "PUT"];
/** Routes that are not operations of the API itself. */
const NOT_OPERATIONS = new Set(["GET /openapi.json"]);

function* routeFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* routeFiles(p);
    else if (name === "route.ts") yield p;
  }
}

/** `app/api/v1/windows/[id]/status/route.ts` exporting GET → `GET /windows/{id}/status`. */
function routesInFiles(): string[] {
  const out: string[] = [];
  for (const file of routeFiles(V1)) {
    const rel = path.relative(V1, path.dirname(file)).split(path.sep).join("/");
    const apiPath = `/${rel.replace(/\[(\w+)\]/g, "{$1}")}`;
    const src = readFileSync(file, "utf8");
    for (const m of src.matchAll(/export (?:const|async function|function) (\w+)/g))
      if (METHODS.includes(m[1]!)) out.push(`${m[1]} ${apiPath}`);
  }
  return out.sort();
}

const documented = (): string[] =>
  Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();

/** The document's schema for one answer, as a zod validator (refs resolved through $defs). */
function documentedSchema(pathKey: string, method: string, status: number, contentType: string) {
  const response = doc.paths[pathKey]?.[method]?.responses?.[String(status)];
  if (!response) return null;
  const media = response.content?.[contentType.split(";")[0]!.trim()];
  if (!media) return undefined;
  const rewritten = JSON.parse(JSON.stringify(media.schema).replaceAll("#/components/schemas/", "#/$defs/"));
  const defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"));
  return z.fromJSONSchema({ ...rewritten, $defs: defs }, { defaultTarget: "draft-2020-12" });
}

function expectMatchesDocument(pathKey: string, method: string, answer: ApiAnswer) {
  const schema = documentedSchema(pathKey, method, answer.status, answer.contentType);
  expect(
    schema,
    `${method.toUpperCase()} ${pathKey} answered ${answer.status}, which is not documented`,
  ).not.toBeNull();
  expect(
    schema,
    `${method.toUpperCase()} ${pathKey} ${answer.status}: ${answer.contentType} is not documented`,
  ).toBeDefined();
  const parsed = schema!.safeParse(answer.body);
  expect(parsed.success ? [] : parsed.error.issues, JSON.stringify(answer.body).slice(0, 400)).toEqual([]);
}

let e: Engine;
let keys: Awaited<ReturnType<typeof apiKeysFor>>;
let siteId: string;
let windowId: string;

beforeAll(async () => {
  e = await createEngine({ doors: 2, customers: 2 });
  keys = await apiKeysFor(e);
  const [site] = await e.db.insert(sites).values({ name: "Main building", timeZone: "Europe/Berlin" }).returning();
  siteId = site!.id;
  await e.db.update(doors).set({ siteId }).where(eq(doors.id, e.doorIds[0]!));
  const created = await callApi(e, "POST", "/windows", {
    key: keys.rw.key,
    body: {
      customerId: e.customerIds[0],
      doorId: e.doorIds[0],
      window: { kind: "once", startsAt: hoursFromNow(e, 1), endsAt: hoursFromNow(e, 3) },
    },
  });
  expect(created.status).toBe(201);
  windowId = created.body.id;
});
afterAll(async () => e?.close());

/**
 * A valid call for every documented operation. A new operation without an entry fails the
 * "every operation has a scenario" test, so the contract always covers the whole document.
 */
const SCENARIOS: Record<string, () => { method: string; path: string; call: Parameters<typeof callApi>[3] }> = {
  listCustomers: () => ({ method: "GET", path: "/customers", call: { query: { limit: 1 } } }),
  listDoors: () => ({ method: "GET", path: "/doors", call: { query: { site: siteId } } }),
  listSites: () => ({ method: "GET", path: "/sites", call: {} }),
  listWindows: () => ({
    method: "GET",
    path: "/windows",
    call: { query: { site: siteId, from: new Date(e.now()).toISOString(), to: hoursFromNow(e, 24).toISOString() } },
  }),
  createWindow: () => ({
    method: "POST",
    path: "/windows",
    call: {
      body: {
        customerId: e.customerIds[1],
        doorId: e.doorIds[1],
        window: {
          kind: "weekly",
          weekdays: 64 + 16,
          fromMinute: 480,
          untilMinute: 1080,
          startsOn: "2099-01-05",
          endsOn: null,
        },
        note: "booking 4711",
      },
    },
  }),
  getWindow: () => ({ method: "GET", path: `/windows/${windowId}`, call: {} }),
  updateWindow: () => ({
    method: "PATCH",
    path: `/windows/${windowId}`,
    call: {
      body: { expectedVersion: 1, window: { kind: "once", startsAt: hoursFromNow(e, 2), endsAt: hoursFromNow(e, 4) } },
    },
  }),
  getWindowStatus: () => ({ method: "GET", path: `/windows/${windowId}/status`, call: {} }),
  listWindowStatuses: () => ({
    method: "GET",
    path: "/status",
    call: { query: { from: new Date(e.now()).toISOString(), to: hoursFromNow(e, 24 * 7).toISOString(), site: siteId } },
  }),
  // Last: it removes the window the others read.
  deleteWindow: () => ({ method: "DELETE", path: `/windows/${windowId}`, call: { query: { expectedVersion: 2 } } }),
};

const operations = (): { id: string; method: string; pathKey: string }[] =>
  Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([pathKey, ops]) =>
    Object.entries(ops).map(([method, o]) => ({ id: o.operationId, method, pathKey })),
  );

describe("the OpenAPI document and the routes", () => {
  it("is OpenAPI 3.1 with every operation named and secured by an API key", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const op of operations()) {
      expect(op.id, `${op.method} ${op.pathKey}`).toBeTruthy();
      expect(doc.paths[op.pathKey][op.method].security).toEqual([{ apiKey: [] }]);
    }
  });

  it("documents every route under app/api/v1, and has a route for every documented operation", () => {
    const files = routesInFiles().filter((r) => !NOT_OPERATIONS.has(r));
    expect(files.length).toBeGreaterThan(5);
    expect(files).toEqual(documented());
  });

  it("has a contract scenario for every documented operation", () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(
      operations()
        .map((o) => o.id)
        .sort(),
    );
  });
});

describe("every documented operation answers as documented", () => {
  // Run in the order above (reads, then writes, the delete last).
  for (const id of Object.keys(SCENARIOS)) {
    it(`${id}: success`, async () => {
      const op = operations().find((o) => o.id === id)!;
      const s = SCENARIOS[id]!();
      expect(s.method.toLowerCase()).toBe(op.method);
      const answer = await callApi(e, s.method, s.path, { key: keys.rw.key, ...s.call });
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      expect(answer.contentType).toBe("application/json");
      expectMatchesDocument(op.pathKey, op.method, answer);
      if (answer.body?.items) expect(answer.body.items.length, `${id} returned an empty page`).toBeGreaterThan(0);
    });

    it(`${id}: without a key → 401 problem+json`, async () => {
      const op = operations().find((o) => o.id === id)!;
      const s = SCENARIOS[id]!();
      const answer = await callApi(e, s.method, s.path, { ...s.call, key: null });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(answer.contentType).toBe("application/problem+json");
      expectMatchesDocument(op.pathKey, op.method, answer);
      expect(answer.body).toMatchObject({ status: 401, instance: `/api/v1${s.path}` });
    });
  }

  it("validation errors are documented problems that name each field", async () => {
    const bad = await callApi(e, "POST", "/windows", {
      key: keys.rw.key,
      body: { customerId: "nope", window: { kind: "once", startsAt: "2026-01-01T10:00:00Z", endsAt: "2025-01-01" } },
    });
    expect(bad.status).toBe(400);
    expectMatchesDocument("/windows", "post", bad);
    expect(bad.body.type).toBe("/developers/api#problem-validation-error");
    expect(bad.body.errors.map((x: { field: string }) => x.field).sort()).toEqual(
      ["customerId", "doorId", "window.endsAt"].sort(),
    );
    const badQuery = await callApi(e, "GET", "/status", { key: keys.ro.key, query: { from: "yesterday" } });
    expect(badQuery.status).toBe(400);
    expectMatchesDocument("/status", "get", badQuery);
    expect(badQuery.body.errors.map((x: { in: string; field: string }) => `${x.in}:${x.field}`)).toEqual(
      expect.arrayContaining(["query:from", "query:to"]),
    );
    const badJson = await callApi(e, "POST", "/windows", { key: keys.rw.key, rawBody: "{not json" });
    expect(badJson.status).toBe(400);
    expect(badJson.body.errors[0].message).toMatch(/not valid JSON/);
    const badPath = await callApi(e, "GET", "/windows/123/status", { key: keys.ro.key });
    expect(badPath.status).toBe(400);
    expect(badPath.body.errors[0]).toMatchObject({ in: "path", field: "id" });
  });

  it("an unknown window is a documented 404 problem", async () => {
    const answer = await callApi(e, "GET", "/windows/00000000-0000-4000-8000-000000000000", { key: keys.ro.key });
    expect(answer.status).toBe(404);
    expectMatchesDocument("/windows/{id}", "get", answer);
  });

  it("the documented schemas are strict enough to catch a wrong answer (the check can fail)", () => {
    expect(() =>
      expectMatchesDocument("/windows/{id}", "get", {
        status: 200,
        contentType: "application/json",
        headers: new Headers(),
        body: { id: windowId, version: "one" },
      }),
    ).toThrow();
  });
});
