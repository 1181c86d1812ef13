import { Suspense } from "react";
import { z } from "zod";
import { getDb } from "@/db/bootstrap";
import { listCustomers } from "@/lib/access/directory/customers";
import { type TimelineSiteOption, timelineSites, timelineView } from "@/lib/access/views/timeline-view";
import { DoorTimeline } from "@/components/timeline/door-timeline";
import {
  type InitialTimeline,
  parseTimelineParams,
  rangeOf,
  timelineKey,
  todayIn,
} from "@/components/timeline/timeline-range";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { logger } from "@/lib/log/logger";
import { safeErrorForLog } from "@/lib/log/safe-error";
import { FILTERABLE_SYNC_STATES } from "@/lib/model/sync-state";

export const metadata = { title: "Timeline · Portier" };

type Params = Partial<Record<string, string | string[]>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const uuid = z.uuid();

/**
 * The first range's data, read here with the same function and the same rules as GET /api/timeline
 * (timeline-range.ts), so the timeline draws without a second round trip after the page loads.
 * A promise: the page streams its shell at once and the rows follow in the same response. Only
 * what the API would accept is read here; anything else (or a failure) leaves it to the client's
 * fetch, which shows the API's own message.
 */
async function firstRange(
  actor: Actor,
  q: Params,
  sites: TimelineSiteOption[],
  defaultSiteId: string | null,
): Promise<InitialTimeline | null> {
  const zoneOf = (id: string | null) => sites.find((s) => s.id === id)?.timeZone ?? "UTC";
  const state = parseTimelineParams(
    (k) => one(q[k]),
    defaultSiteId,
    (id) => todayIn(zoneOf(id)),
  );
  const ids = [state.site, state.group, state.customer].filter((v): v is string => v !== null);
  if (!ids.every((v) => uuid.safeParse(v).success)) return null;
  if (!state.states.every((s) => FILTERABLE_SYNC_STATES.includes(s))) return null;
  try {
    const { from, to } = rangeOf(state, zoneOf(state.site));
    const filter = {
      from: new Date(from),
      to: new Date(to),
      site: state.site,
      group: state.group,
      customer: state.customer,
      states: state.states,
    };
    const data = await timelineView(await getDb(), actor, {
      from: filter.from,
      to: filter.to,
      siteId: state.site,
      groupId: state.group,
      customerId: state.customer,
      states: state.states.length ? state.states : undefined,
    });
    return { key: timelineKey(filter).join("|"), json: JSON.stringify(data), at: Date.now() };
  } catch (e) {
    logger().warn({ err: safeErrorForLog(e) }, "timeline: the first range could not be read with the page");
    return null;
  }
}

/** The front desk's main view for many doors: doors as rows per site and group, time across. */
export default async function TimelinePage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePageActor("access.read", "/timeline");
  const db = await getDb();
  const q = await searchParams;
  const customerList = can(actor.role, "customers.read") ? listCustomers(db, { actor }) : Promise.resolve([]);
  customerList.catch(() => {}); // awaited below; this only keeps a failure of the sites' read from leaving it unhandled
  const { sites, defaultSiteId } = await timelineSites(db, actor);
  // Not awaited: read while the customers are, and streamed to the timeline when ready.
  const initial = sites.length ? firstRange(actor, q, sites, defaultSiteId) : Promise.resolve(null);
  const customers = await customerList;
  const canWrite = can(actor.role, "access.write");
  return (
    <>
      <PageHeader
        title="Door timeline"
        description={
          canWrite
            ? "Every door of a site as a row, time across: who may enter when, and whether each lock holds it."
            : "Read-only: every door of a site as a row, time across, and whether each lock holds its windows."
        }
      />
      {sites.length === 0 ? (
        <EmptyState title="No sites yet">Create a site and sort the building&apos;s doors into it first.</EmptyState>
      ) : (
        <Suspense fallback={<p className="text-sm text-slate-500">Loading timeline…</p>}>
          <DoorTimeline
            sites={sites}
            defaultSiteId={defaultSiteId}
            canWrite={canWrite}
            initial={initial}
            customers={customers.map((c) => ({ id: c.id, name: c.name, email: c.email, groupName: c.groupName }))}
          />
        </Suspense>
      )}
    </>
  );
}
