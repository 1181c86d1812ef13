import Link from "next/link";
import { z } from "zod";
import { AutoRefresh } from "@/components/today/auto-refresh";
import { SitePicker } from "@/components/today/site-picker";
import { SwitchToKeypad } from "@/components/today/switch-to-keypad";
import { GrantFix } from "@/components/grants/grant-fix";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/bootstrap";
import { arrivalAlertLeadMs } from "@/lib/access/readiness/arrival-alerts";
import type { ReadinessState } from "@/lib/access/readiness/readiness";
import { describeReason, STATE_WORDS } from "@/lib/access/readiness/reason-words";
import { todayArrivals } from "@/lib/access/readiness/today-arrivals";
import { listSites } from "@/lib/access/sites/site-directory";
import { windowHref } from "@/lib/access/views/grant-windows";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { buildingZone, formatZoned, zonedDate } from "@/lib/time/format-zoned";

export const metadata = { title: "Today · Portier" };

/** How often the board reads itself again: arrivals turn ready (or not) as locks answer. */
const REFRESH_MS = 15_000;
/** `?site=`: a site's id; anything else (or none) shows every site. */
const siteParam = z.uuid().optional().catch(undefined);

// Colour is never the only signal: a word and a glyph per state.
const LOOK: Record<ReadinessState, { glyph: string; className: string }> = {
  ready: { glyph: "✓", className: "bg-emerald-50 text-emerald-800 ring-emerald-300" },
  at_risk: { glyph: "⚠", className: "bg-amber-50 text-amber-900 ring-amber-300" },
  not_ready: { glyph: "✕", className: "bg-red-50 text-red-800 ring-red-300" },
};

function StateBadge({ state }: { state: ReadinessState }) {
  return (
    <span
      data-readiness={state}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${LOOK[state].className}`}
    >
      <span aria-hidden>{LOOK[state].glyph}</span>
      {STATE_WORDS[state]}
    </span>
  );
}

/** The front desk's next 24 hours: every arrival by time, whether its door will open, why not, and the fix. */
export default async function TodayPage({ searchParams }: { searchParams: Promise<{ site?: string | string[] }> }) {
  const actor = await requirePageActor("activity.read", "/today");
  const db = await getDb();
  const q = await searchParams;
  const sites = await listSites(db, { actor });
  const site = sites.find((s) => s.id === siteParam.parse(Array.isArray(q.site) ? q.site[0] : q.site)) ?? null;
  const now = Date.now();
  const { arrivals, counts } = await todayArrivals(db, actor, now, { siteId: site?.id });
  const updatedZone = site?.timeZone ?? buildingZone(arrivals.map((a) => a.timeZone));
  const canRetry = can(actor.role, "access.write");
  const canManageCredentials = can(actor.role, "customers.write");
  const leadMin = Math.round(arrivalAlertLeadMs() / 60_000);
  return (
    <>
      <PageHeader
        title="Today"
        description={`Arrivals in the next 24 hours, ${site ? `at ${site.name}, on its clock (${site.timeZone})` : "on each door's clock"}. Not-ready arrivals alert the desk by email ${leadMin >= 60 && leadMin % 60 === 0 ? `${leadMin / 60} h` : `${leadMin} min`} before they start.`}
        actions={
          sites.length > 1 ? (
            <SitePicker
              sites={sites.map((s) => ({ id: s.id, name: s.name, timeZone: s.timeZone }))}
              siteId={site?.id ?? null}
            />
          ) : null
        }
      />
      <AutoRefresh everyMs={REFRESH_MS} />
      <p className="mb-2 text-xs text-slate-500" data-testid="today-updated">
        Updates itself every {REFRESH_MS / 1000} s · last read {formatZoned(now, updatedZone, "time")}
      </p>
      <p className="mb-4 flex flex-wrap gap-2 text-sm" data-testid="today-counts">
        <StateBadge state="not_ready" /> {counts.not_ready} <StateBadge state="at_risk" /> {counts.at_risk}{" "}
        <StateBadge state="ready" /> {counts.ready}
      </p>
      {arrivals.length === 0 ? (
        <p className="card p-4 text-sm text-slate-600">
          No arrivals in the next 24 hours{site ? ` at ${site.name}` : ""}.
        </p>
      ) : (
        // relative: the screen-reader-only text in the rows is absolutely positioned; without a
        // positioned ancestor it escapes this scroll box and widens the whole page on a phone.
        <div className="card relative overflow-x-auto">
          <table className="w-full text-sm" data-testid="today-arrivals">
            <caption className="sr-only">Arrivals in the next 24 hours</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Arrives
                </th>
                <th scope="col" className="px-3 py-2">
                  Customer
                </th>
                <th scope="col" className="px-3 py-2">
                  Door
                </th>
                <th scope="col" className="px-3 py-2">
                  State
                </th>
                <th scope="col" className="px-3 py-2">
                  Why · fix
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {arrivals.map((a) => {
                const who = `${a.customerName} on ${a.doorName}`;
                const fixes = new Set(a.readiness.reasons.flatMap((r) => r.fixes));
                const href = windowHref({ windowId: a.windowId, date: zonedDate(a.start, a.timeZone) });
                return (
                  <tr key={`${a.windowId}@${a.start.getTime()}`} data-testid="today-arrival" className="align-top">
                    <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                      <time dateTime={a.start.toISOString()}>{formatZoned(a.start, a.timeZone)}</time>
                      {/* The abbreviation says which offset; the zone's name says whose clock it is. */}
                      <span className="block text-xs text-slate-500" data-testid="arrival-zone">
                        {a.timeZone}
                      </span>
                    </td>
                    <td className="px-3 py-2">
                      <Link className="hover:underline" href={`/customers/${a.customerId}`}>
                        {a.customerName}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      <Link className="hover:underline" href={`/doors/${a.doorId}`}>
                        {a.doorName}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      <StateBadge state={a.readiness.state} />
                      {a.alertedAt ? (
                        <span className="mt-1 block text-xs text-slate-500">
                          Desk alerted {formatZoned(a.alertedAt, a.timeZone, "time")}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">
                      {a.readiness.reasons.length ? (
                        <ul className="mb-1 space-y-0.5">
                          {a.readiness.reasons.map((r) => (
                            <li key={r.code} data-reason={r.code}>
                              {describeReason(r, a.timeZone)}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="text-slate-500">On the lock and covering this arrival.</span>
                      )}
                      <span className="inline-flex flex-wrap items-center gap-2">
                        {a.grantId && a.credential && a.status && fixes.size ? (
                          <GrantFix
                            grantId={a.grantId}
                            customerId={a.customerId}
                            who={who}
                            status={a.status}
                            credential={a.credential}
                            error={a.lastError}
                            windowHref={href}
                            canRetry={canRetry}
                            canManageCredentials={canManageCredentials}
                            inviteNeedsResend={fixes.has("resend_invite")}
                          />
                        ) : (
                          <Link className="text-xs text-indigo-700 underline" href={href}>
                            Show in calendar<span className="sr-only"> ({who})</span>
                          </Link>
                        )}
                        {fixes.has("switch_to_keypad") && canManageCredentials ? (
                          <SwitchToKeypad
                            who={who}
                            customer={{ id: a.customerId, name: a.customerName, ...a.customer }}
                          />
                        ) : null}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
