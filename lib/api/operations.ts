import "server-only";
import type { z } from "zod";
import type { AccessContext } from "@/lib/access/context";
import {
  customersPage,
  doorsPage,
  getWindow,
  sitesPage,
  type Page,
  windowView,
  windowsPage,
} from "@/lib/access/public-api/pages";
import { windowStatus, windowStatusPage } from "@/lib/access/public-api/window-status";
import { createWindow } from "@/lib/access/windows/create-window";
import { deleteWindow } from "@/lib/access/windows/delete-window";
import { updateWindow } from "@/lib/access/windows/update-window";
import type { Actor } from "@/lib/auth/permissions";
import {
  createWindowBody,
  customerPage,
  customersQuery,
  decodeCursor,
  deletedOut,
  deleteWindowQuery,
  doorPage,
  doorsQuery,
  encodeCursor,
  type pageQuery,
  sitePage,
  sitesQuery,
  statusQuery,
  updateWindowBody,
  windowIdParams,
  windowOut,
  windowPage,
  windowsQuery,
  windowStatusOut,
  windowStatusPage as windowStatusPageOut,
} from "./schemas";

/**
 * Every /api/v1 operation in one table: how it is called, what it validates with, what it answers,
 * and which domain function does the work (the same ones the staff UI's server actions call, so
 * permissions, overlap refusal, optimistic concurrency, grants and audit are identical). The
 * OpenAPI document and the route files are both built from this table.
 */
export type OperationInput = {
  ctx: AccessContext;
  actor: Actor;
  params: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: each operation's run() reads what its own schema produced
  query: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  body: any;
};

export type Operation = {
  id: string;
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI path, relative to /api/v1. */
  path: string;
  summary: string;
  description?: string;
  write: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  ok: { status: 200 | 201; description: string; schema: z.ZodType };
  /** Problem statuses this operation may answer besides 400/401/429/500. */
  problems: number[];
  run: (input: OperationInput) => Promise<unknown>;
};

/** A domain page → the API's page shape with an opaque cursor. */
function apiPage<T extends { id?: string; windowId?: string }>(p: Page<T>) {
  const last = p.items.at(-1);
  return { items: p.items, nextCursor: p.more && last ? encodeCursor((last.id ?? last.windowId)!) : null };
}
const pageArgs = (q: z.infer<typeof pageQuery>) => ({
  afterId: q.cursor ? (decodeCursor(q.cursor) ?? undefined) : undefined,
  limit: q.limit,
});

export const OPERATIONS: Operation[] = [
  {
    id: "listCustomers",
    method: "get",
    path: "/customers",
    summary: "List customers",
    write: false,
    query: customersQuery,
    ok: { status: 200, description: "A page of customers, by id.", schema: customerPage },
    problems: [403],
    run: async ({ ctx, actor, query }) =>
      apiPage(
        await customersPage(ctx.db, actor, {
          ...pageArgs(query),
          email: query.email,
          group: query.group,
          updatedSince: query.updatedSince,
        }),
      ),
  },
  {
    id: "listDoors",
    method: "get",
    path: "/doors",
    summary: "List doors (one per Nuki lock)",
    write: false,
    query: doorsQuery,
    ok: { status: 200, description: "A page of doors, by id.", schema: doorPage },
    problems: [403],
    run: async ({ ctx, actor, query }) =>
      apiPage(
        await doorsPage(ctx.db, actor, {
          ...pageArgs(query),
          siteId: query.site,
          groupId: query.group,
          includeArchived: query.includeArchived === "true",
        }),
      ),
  },
  {
    id: "listSites",
    method: "get",
    path: "/sites",
    summary: "List sites (buildings, each with its time zone)",
    write: false,
    query: sitesQuery,
    ok: { status: 200, description: "A page of sites, by id.", schema: sitePage },
    problems: [403],
    run: async ({ ctx, actor, query }) =>
      apiPage(await sitesPage(ctx.db, actor, { ...pageArgs(query), updatedSince: query.updatedSince })),
  },
  {
    id: "listWindows",
    method: "get",
    path: "/windows",
    summary: "List access windows",
    description: "Filter by customer, door, site, a time range (windows touching [from, to)) and updatedSince.",
    write: false,
    query: windowsQuery,
    ok: { status: 200, description: "A page of windows, by id.", schema: windowPage },
    problems: [403],
    run: async ({ ctx, actor, query }) =>
      apiPage(
        await windowsPage(ctx.db, actor, {
          ...pageArgs(query),
          customerId: query.customer,
          doorId: query.door,
          siteId: query.site,
          from: query.from,
          to: query.to,
          updatedSince: query.updatedSince,
        }),
      ),
  },
  {
    id: "createWindow",
    method: "post",
    path: "/windows",
    summary: "Give a customer access to a door for a time",
    description:
      "Creates the window and queues it for the lock. Poll its status until `applied`. Refused with 409 when it overlaps another window of the same customer on the same door.",
    write: true,
    body: createWindowBody,
    ok: { status: 201, description: "The window as stored.", schema: windowOut },
    problems: [403, 404, 409, 422],
    run: async ({ ctx, actor, body }) => windowView((await createWindow(ctx, actor, body)).window),
  },
  {
    id: "getWindow",
    method: "get",
    path: "/windows/{id}",
    summary: "Read one window",
    write: false,
    params: windowIdParams,
    ok: { status: 200, description: "The window.", schema: windowOut },
    problems: [403, 404],
    run: async ({ ctx, actor, params }) => getWindow(ctx.db, actor, params.id!),
  },
  {
    id: "updateWindow",
    method: "patch",
    path: "/windows/{id}",
    summary: "Move or resize a window",
    write: true,
    params: windowIdParams,
    body: updateWindowBody,
    ok: { status: 200, description: "The window after the change (its version + 1).", schema: windowOut },
    problems: [403, 404, 409, 422],
    run: async ({ ctx, actor, params, body }) =>
      windowView((await updateWindow(ctx, actor, { ...body, windowId: params.id! })).window),
  },
  {
    id: "deleteWindow",
    method: "delete",
    path: "/windows/{id}",
    summary: "Delete a window",
    description: "The lock loses the access through the reconciler, like a delete on the calendar.",
    write: true,
    params: windowIdParams,
    query: deleteWindowQuery,
    ok: { status: 200, description: "The deleted window.", schema: deletedOut },
    problems: [403, 404, 409, 422],
    run: async ({ ctx, actor, params, query }) => ({
      deleted: windowView(
        (await deleteWindow(ctx, actor, { windowId: params.id!, expectedVersion: query.expectedVersion })).deleted,
      ),
    }),
  },
  {
    id: "getWindowStatus",
    method: "get",
    path: "/windows/{id}/status",
    summary: "Whether the lock really holds a window",
    write: false,
    params: windowIdParams,
    ok: { status: 200, description: "The window's lock status.", schema: windowStatusOut },
    problems: [403, 404],
    run: async ({ ctx, actor, params }) => windowStatus(ctx.db, actor, params.id!, ctx.now()),
  },
  {
    id: "listWindowStatuses",
    method: "get",
    path: "/status",
    summary: "Lock status of every window in a range",
    description: "Windows touching [from, to) (at most 62 days), optionally of one site, door or customer.",
    write: false,
    query: statusQuery,
    ok: { status: 200, description: "A page of window statuses, by window id.", schema: windowStatusPageOut },
    problems: [403],
    run: async ({ ctx, actor, query }) =>
      apiPage(
        await windowStatusPage(
          ctx.db,
          actor,
          {
            ...pageArgs(query),
            customerId: query.customer,
            doorId: query.door,
            siteId: query.site,
            from: query.from,
            to: query.to,
          },
          ctx.now(),
        ),
      ),
  },
];

export function operation(method: string, path: string): Operation {
  const op = OPERATIONS.find((o) => o.method === method.toLowerCase() && o.path === path);
  if (!op) throw new Error(`no API operation ${method} ${path}`);
  return op;
}
