import Link from "next/link";
import { getDb } from "@/db/bootstrap";
import { feedTargets, listFeeds } from "@/lib/access/feeds/list-feeds";
import { PROFILES } from "@/lib/access/feeds/profiles";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { formatZoned } from "@/lib/time/format-zoned";
import { FeedActions } from "@/components/feeds/feed-actions";
import { FeedForm } from "@/components/feeds/feed-form";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Booking feeds · Portier" };

const STATE = {
  preview: { tone: "neutral", label: "◌ Not enabled" },
  active: { tone: "good", label: "● Enabled" },
  paused: { tone: "neutral", label: "‖ Paused" },
  held: { tone: "warn", label: "! Waiting for you" },
} as const;

export default async function FeedsPage() {
  const actor = await requirePageActor("access.read", "/feeds");
  const db = await getDb();
  const feeds = await listFeeds(db, actor);
  const writable = can(actor.role, "access.write");
  const targets = writable ? await feedTargets(db, actor) : null;
  return (
    <>
      <PageHeader
        title="Booking feeds"
        description="iCalendar feeds from Airbnb, Booking.com or a PMS: each reservation becomes a guest with a keypad code and a window from check-in to check-out. Blocks never open a door."
        actions={
          <Link className="btn-secondary" href="/feeds/handover">
            To hand over
          </Link>
        }
      />
      {feeds.length === 0 ? (
        <EmptyState title="No feeds yet">Subscribe a channel's iCalendar export below.</EmptyState>
      ) : (
        <ul className="space-y-3" data-testid="feeds-list">
          {feeds.map((f) => (
            <li key={f.id} className="card space-y-2 p-4" data-testid="feed-row">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-medium text-slate-900">{f.name}</span>
                <Badge tone={STATE[f.state].tone}>{STATE[f.state].label}</Badge>
                <span className="text-sm text-slate-600">
                  {PROFILES[f.profile].label} → {f.target} · {f.stays} stay{f.stays === 1 ? "" : "s"} on the calendar
                </span>
              </div>
              <p className="font-mono text-xs text-slate-500">{f.urlHint}</p>
              {f.state === "held" && f.held ? (
                <p role="alert" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900" data-testid="feed-held">
                  {f.held.vanished} of {f.held.future} upcoming stays disappeared from this feed at once (since{" "}
                  {formatZoned(new Date(f.held.at), f.timeZone)}). That is more often a channel error than real
                  cancellations, so nothing was removed. Check the channel; if they really are cancelled, confirm.
                </p>
              ) : null}
              <p className="text-sm text-slate-600" data-testid="feed-last-poll">
                {f.lastPolledAt ? `Last poll ${formatZoned(f.lastPolledAt, f.timeZone)}` : "Not polled yet"}
                {f.lastReport && !f.lastError
                  ? ` — ${f.lastReport.created ?? 0} new, ${f.lastReport.moved ?? 0} moved, ${f.lastReport.removed ?? 0} removed`
                  : ""}
                {f.state === "active" || f.state === "held"
                  ? ` · next ${formatZoned(f.nextPollAt, f.timeZone, "time")} (every ${f.intervalMinutes} min)`
                  : ""}
              </p>
              {f.lastError ? (
                <p className="text-sm text-red-800" data-testid="feed-error">
                  ✕ {f.lastError}
                  {f.failures > 1 ? ` (${f.failures} failures in a row; polling less often until it works)` : ""}
                </p>
              ) : null}
              {f.problems.length ? (
                <ul className="list-inside list-disc text-sm text-amber-900">
                  {f.problems.map((p) => (
                    <li key={`${p.guestName}-${p.problem}`}>
                      {p.guestName}: {p.problem}
                    </li>
                  ))}
                </ul>
              ) : null}
              {writable ? (
                <>
                  <FeedActions feedId={f.id} version={f.version} state={f.state} name={f.name} held={f.held} />
                  <details className="text-sm">
                    <summary className="cursor-pointer text-slate-700">Settings and overrides</summary>
                    <div className="mt-3">
                      <FeedForm
                        key={`${f.id}-${f.version}`}
                        doors={[]}
                        groups={[]}
                        edit={{
                          feedId: f.id,
                          version: f.version,
                          name: f.name,
                          profile: f.profile,
                          checkInMinutes: f.checkInMinutes,
                          checkOutMinutes: f.checkOutMinutes,
                          graceBeforeMinutes: f.graceBeforeMinutes,
                          graceAfterMinutes: f.graceAfterMinutes,
                          intervalMinutes: f.intervalMinutes,
                          vanishGraceMinutes: f.vanishGraceMinutes,
                          disappearanceThreshold: f.disappearanceThreshold,
                          stayPattern: f.stayPattern,
                          blockPattern: f.blockPattern,
                        }}
                      />
                    </div>
                  </details>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {targets ? (
        <section className="card mt-6 p-6" aria-labelledby="add-feed">
          <h2 id="add-feed" className="mb-4 font-semibold">
            Add a feed
          </h2>
          <FeedForm doors={targets.doors} groups={targets.groups} />
        </section>
      ) : null}
    </>
  );
}
