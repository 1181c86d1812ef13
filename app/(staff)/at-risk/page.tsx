import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { atRisk } from "@/lib/access/views/at-risk";
import { requirePageActor } from "@/lib/auth/session";
import { SyncBadge } from "@/components/calendar/sync-badge";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "At risk · Portier" };
const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

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
  return (
    <>
      <PageHeader
        title="Doors at risk"
        description="Check this each morning: anything here could leave a customer in front of a closed door."
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Section
          title="Arrivals in the next 24 h not confirmed on their lock"
          count={r.arrivals.length}
          testId="risk-arrivals"
        >
          <ul className="space-y-1 text-sm">
            {r.arrivals.map((a) => (
              <li key={a.windowId}>
                {fmt.format(a.startsAt)} · {a.customerName} · {a.doorName} <SyncBadge state={a.status} />
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Failing or stuck" count={r.grants.length} testId="risk-grants">
          <ul className="space-y-1 text-sm">
            {r.grants.map((g) => (
              <li key={g.id}>
                <Link className="hover:underline" href={`/customers/${g.customerId}`}>
                  {g.customerName}
                </Link>{" "}
                · {g.doorName} <SyncBadge state={g.status} detail={g.error} /> since {fmt.format(g.since)}
                {g.error ? <span className="block text-xs text-red-800">{g.error}</span> : null}
              </li>
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
                — offline since {d.since ? fmt.format(d.since) : "unknown"}
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
