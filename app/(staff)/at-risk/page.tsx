import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { atRisk } from "@/lib/access/views/at-risk";
import { windowHref } from "@/lib/access/views/grant-windows";
import { requirePageActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatZoned, zonedDate } from "@/lib/time/format-zoned";
import { SyncBadge } from "@/components/calendar/sync-badge";
import { ProblemGrantRow } from "@/components/grants/problem-grant-row";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "At risk · Portier" };

function Section({
  title,
  count,
  children,
  testId,
}: {
  title: string;
  count: number;
  children: React.ReactNode;
  testId: string;
}) {
  return (
    <section className="card p-4" aria-labelledby={testId} data-testid={testId}>
      <h2 id={testId} className="mb-2 font-semibold">
        {title} <span className="text-slate-500">({count})</span>
      </h2>
      {count === 0 ? <p className="text-sm text-emerald-700">✓ Nothing here.</p> : children}
    </section>
  );
}

export default async function AtRiskPage() {
  const actor = await requirePageActor("activity.read", "/at-risk");
  const r = await atRisk(await getDb(), actor);
  const canRetry = can(actor.role, "access.write");
  const canManageCredentials = can(actor.role, "customers.write");
  return (
    <>
      <PageHeader
        title="Doors at risk"
        description="Check this each morning: anything here could leave a customer in front of a closed door."
      />
      {r.tokenRefused ? (
        <p
          role="alert"
          data-testid="risk-token"
          className="card mb-4 border-red-300 bg-red-50 p-4 text-sm text-red-900"
        >
          Nuki refuses Portier's API token since {formatZoned(r.tokenRefused.since, r.tokenRefused.timeZone)}:{" "}
          <strong>
            {r.tokenRefused.arrivalsAffected} arrival{r.tokenRefused.arrivalsAffected === 1 ? "" : "s"} in the next 24 h
          </strong>{" "}
          cannot reach their lock until it is fixed (listed below).
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Section
          title="Arrivals in the next 24 h not confirmed on their lock"
          count={r.arrivals.length}
          testId="risk-arrivals"
        >
          <ul className="space-y-1 text-sm">
            {r.arrivals.map((a) => (
              <li key={a.windowId}>
                <time dateTime={a.startsAt.toISOString()}>{formatZoned(a.startsAt, a.timeZone)}</time> ·{" "}
                <Link className="hover:underline" href={`/customers/${a.customerId}`}>
                  {a.customerName}
                </Link>{" "}
                · {a.doorName} <SyncBadge state={a.status} />{" "}
                <Link
                  className="text-xs text-indigo-700 underline"
                  href={windowHref({ windowId: a.windowId, date: zonedDate(a.startsAt, a.timeZone) })}
                >
                  Show in calendar<span className="sr-only"> ({`${a.customerName} on ${a.doorName}`})</span>
                </Link>
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Failing or stuck" count={r.grants.length} testId="risk-grants">
          <ul className="divide-y divide-slate-100 text-sm">
            {r.grants.map((g) => (
              <ProblemGrantRow
                key={g.id}
                grant={g}
                windowHref={g.window ? windowHref(g.window) : null}
                showDoor
                canRetry={canRetry}
                canManageCredentials={canManageCredentials}
                testId="risk-grant"
              />
            ))}
          </ul>
        </Section>
        <Section title="Offline locks" count={r.offline.length} testId="risk-offline">
          <ul className="space-y-1 text-sm">
            {r.offline.map((d) => (
              <li key={d.id}>
                <Link className="hover:underline" href={`/doors/${d.id}`}>
                  {d.name}
                </Link>{" "}
                — offline since {d.since ? formatZoned(d.since, d.timeZone) : "unknown"}
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Low battery" count={r.lowBattery.length} testId="risk-battery">
          <ul className="space-y-1 text-sm">
            {r.lowBattery.map((d) => (
              <li key={d.id}>
                <Link className="hover:underline" href={`/doors/${d.id}`}>
                  {d.name}
                </Link>{" "}
                — {d.critical ? "critical" : `${d.charge}%`}
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Lock clock differs from its site" count={r.zoneMismatch.length} testId="risk-zone">
          <ul className="space-y-1 text-sm">
            {r.zoneMismatch.map((d) => (
              <li key={d.id}>
                <Link className="hover:underline" href={`/doors/${d.id}`}>
                  {d.name}
                </Link>{" "}
                — the lock keeps <strong>{d.lockTimeZone}</strong> time, its site “{d.siteName}” is on{" "}
                <strong>{d.siteTimeZone}</strong>: the lock applies every window on its own clock. Set the lock&apos;s
                time zone in the Nuki app (or fix the site&apos;s zone).
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Keypad code slots nearly full" count={r.slotsNearlyFull.length} testId="risk-slots">
          <ul className="space-y-1 text-sm">
            {r.slotsNearlyFull.map((d) => (
              <li key={d.id}>
                {d.name} — {d.used} of {d.max}
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </>
  );
}
