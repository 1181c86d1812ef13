"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { bulkAssignAction, bulkJobStatusAction } from "@/app/actions/windows";
import type { GrantStatus } from "@/lib/model/sync-state";
import { parseEndOfDay } from "@/lib/model/daily-time";
import { bitOf, hasDay, MON_TO_FRI, WEEKDAY_NAMES } from "@/lib/model/weekdays";
import { fromWall } from "@/lib/time/wall-clock";
import { formatLocalDate, localDateOf } from "@/lib/time/zoned-time";
import { SyncBadge } from "./sync-badge";
import type { CustomerOption, DoorOption } from "./access-calendar";

type Progress = { id: string; status: GrantStatus; error: string | null; doorName: string; customerName: string };
type JobStatus = {
  total: number;
  done: number;
  finished: boolean;
  created: { customerId: string; doorId: string; windowId: string | null; grantId: string | null }[];
  problems: { customerId: string; doorId: string; state: "skipped" | "failed"; reason: string | null }[];
};

/** Today in the building (not in UTC, not in the browser's zone): the date a new series starts on. */
const buildingToday = (timeZone: string) => formatLocalDate(localDateOf(Date.now(), timeZone));

/**
 * A group of customers × a group of doors × one window. The server records a job and creates the
 * pairs after answering; this form polls the job (pairs done of all), then each lock's progress,
 * with links onward to every created window and every pair that was refused.
 */
export function BulkAssignForm({
  customers,
  doors,
  timeZone,
}: {
  customers: CustomerOption[];
  doors: DoorOption[];
  timeZone: string;
}) {
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [pickedDoors, setPickedDoors] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState("");
  const [kind, setKind] = useState<"once" | "weekly">("weekly");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [weekdays, setWeekdays] = useState(MON_TO_FRI);
  const [from, setFrom] = useState("08:00");
  const [until, setUntil] = useState("18:00");
  const [startsOn, setStartsOn] = useState(() => buildingToday(timeZone));
  const [endsOn, setEndsOn] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const groups = [...new Set(customers.map((c) => c.groupName).filter(Boolean))] as string[];
  const doorGroups = [...new Set(doors.map((d) => d.groupName).filter(Boolean))] as string[];
  const toggle = (set: Set<string>, id: string) => {
    const n = new Set(set);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  };
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

  const job = useQuery({
    queryKey: ["bulk-job", jobId],
    enabled: !!jobId,
    queryFn: async (): Promise<JobStatus> => {
      const r = await bulkJobStatusAction({ jobId: jobId! });
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    },
    refetchInterval: (q) => (q.state.data?.finished ? false : 1000),
  });
  // The first 2,000 grants' lock progress (the grants route's limit); counts cover the rest.
  const grantIds = (job.data?.created ?? []).flatMap((c) => (c.grantId ? [c.grantId] : [])).slice(0, 2000);
  const progress = useQuery({
    queryKey: ["bulk-progress", grantIds.join(",")],
    enabled: grantIds.length > 0,
    queryFn: async (): Promise<Progress[]> =>
      (await fetch(`/api/grants?ids=${grantIds.join(",")}`, { cache: "no-store" })).json(),
    refetchInterval: (q) =>
      !job.data?.finished || q.state.data?.some((p) => p.status === "pending" || p.status === "removing")
        ? 1000
        : false,
  });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const window =
      kind === "once"
        ? {
            kind: "once" as const,
            startsAt: fromWall(new Date(start), timeZone),
            endsAt: fromWall(new Date(end), timeZone),
          }
        : {
            kind: "weekly" as const,
            weekdays,
            fromMinute: minutes(from),
            untilMinute: parseEndOfDay(until) ?? minutes(until),
            startsOn,
            endsOn: endsOn || null,
          };
    const r = await bulkAssignAction({ customerIds: [...picked], doorIds: [...pickedDoors], window });
    setBusy(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setJobId(r.data.jobId);
  }

  const rows = progress.data ?? [];
  const counts: Record<string, number> = {};
  for (const p of rows) counts[p.status] = (counts[p.status] ?? 0) + 1;
  const byDoor = [...new Set(rows.map((r) => r.doorName))].sort();
  const status = job.data;
  const customerName = (id: string) => customers.find((c) => c.id === id)?.name ?? "A customer";
  const doorName = (id: string) => doors.find((d) => d.id === id)?.name ?? "a door";
  // Where a created window can be seen: the calendar opens it on its first day.
  const firstDay = kind === "once" && start ? start.slice(0, 10) : startsOn;
  return (
    <form onSubmit={submit} className="grid gap-4 lg:grid-cols-3" data-testid="bulk-form">
      <fieldset className="card space-y-2 p-4">
        <legend className="px-1 font-semibold">Customers ({picked.size})</legend>
        <div className="flex flex-wrap gap-1">
          {groups.map((g) => (
            <button
              type="button"
              key={g}
              className="btn-secondary px-2 py-0.5 text-xs"
              onClick={() =>
                setPicked(new Set([...picked, ...customers.filter((c) => c.groupName === g).map((c) => c.id)]))
              }
            >
              + {g}
            </button>
          ))}
        </div>
        <input
          className="input"
          placeholder="Search"
          aria-label="Search customers"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <div className="max-h-72 overflow-auto text-sm">
          {customers
            .filter((c) => !search || c.name.toLowerCase().includes(search.toLowerCase()))
            .map((c) => (
              <label key={c.id} className="flex items-center gap-2 py-0.5">
                <input type="checkbox" checked={picked.has(c.id)} onChange={() => setPicked(toggle(picked, c.id))} />
                {c.name} <span className="text-xs text-slate-400">{c.groupName}</span>
              </label>
            ))}
        </div>
      </fieldset>
      <fieldset className="card space-y-2 p-4">
        <legend className="px-1 font-semibold">Doors ({pickedDoors.size})</legend>
        <div className="flex flex-wrap gap-1">
          {doorGroups.map((g) => (
            <button
              type="button"
              key={g}
              className="btn-secondary px-2 py-0.5 text-xs"
              onClick={() =>
                setPickedDoors(new Set([...pickedDoors, ...doors.filter((d) => d.groupName === g).map((d) => d.id)]))
              }
            >
              + {g}
            </button>
          ))}
        </div>
        <div className="text-sm">
          {doors.map((d) => (
            <label key={d.id} className="flex items-center gap-2 py-0.5">
              <input
                type="checkbox"
                checked={pickedDoors.has(d.id)}
                onChange={() => setPickedDoors(toggle(pickedDoors, d.id))}
              />
              {d.name}
              {d.online ? null : <span className="text-xs text-amber-700"> offline</span>}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="card space-y-3 p-4 text-sm">
        <legend className="px-1 font-semibold">
          When <span className="font-normal text-slate-500">({timeZone})</span>
        </legend>
        <div className="flex gap-4">
          <label className="flex items-center gap-1">
            <input type="radio" checked={kind === "weekly"} onChange={() => setKind("weekly")} /> Every week
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" checked={kind === "once"} onChange={() => setKind("once")} /> One-off
          </label>
        </div>
        {kind === "once" ? (
          <>
            <label className="block">
              From
              <input
                type="datetime-local"
                className="input mt-1"
                value={start}
                onChange={(e) => setStart(e.target.value)}
                required
              />
            </label>
            <label className="block">
              Until
              <input
                type="datetime-local"
                className="input mt-1"
                value={end}
                onChange={(e) => setEnd(e.target.value)}
                required
              />
            </label>
          </>
        ) : (
          <>
            <div className="flex flex-wrap gap-2">
              {WEEKDAY_NAMES.map((d, i) => (
                <label key={d} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={hasDay(weekdays, i)}
                    onChange={(e) => setWeekdays(e.target.checked ? weekdays | bitOf(i) : weekdays & ~bitOf(i))}
                  />
                  {d}
                </label>
              ))}
            </div>
            <div className="grid grid-cols-2 gap-2">
              <label>
                Daily from
                <input type="time" className="input mt-1" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                Daily until
                <input type="time" className="input mt-1" value={until} onChange={(e) => setUntil(e.target.value)} />
              </label>
              <label>
                First day
                <input
                  type="date"
                  className="input mt-1"
                  value={startsOn}
                  onChange={(e) => setStartsOn(e.target.value)}
                />
              </label>
              <label>
                Last day
                <input type="date" className="input mt-1" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
              </label>
            </div>
          </>
        )}
        {error ? (
          <p role="alert" className="rounded bg-red-50 p-2 text-red-800">
            {error}
          </p>
        ) : null}
        <button type="submit" className="btn-primary w-full" disabled={busy || !picked.size || !pickedDoors.size}>
          {busy ? "Assigning…" : `Assign ${picked.size} × ${pickedDoors.size}`}
        </button>
      </fieldset>
      {jobId ? (
        <section className="card p-4 lg:col-span-3" aria-live="polite" data-testid="bulk-progress">
          <h2 className="font-semibold">Progress</h2>
          {job.error ? (
            <p role="alert" className="text-sm text-red-800">
              {(job.error as Error).message}
            </p>
          ) : null}
          <p className="text-sm text-slate-600" data-testid="bulk-job-progress">
            {status
              ? status.finished
                ? `All ${status.total} pairs done: ${status.created.length} created, ${status.problems.length} not created.`
                : `Creating windows: ${status.done} of ${status.total} pairs done…`
              : "Starting…"}
          </p>
          {status && !status.finished ? (
            <progress className="mt-1 w-full" max={status.total} value={status.done} aria-label="Pairs done" />
          ) : null}
          <p className="mt-1 text-sm text-slate-600">
            {rows.length} door authorizations:{" "}
            {Object.entries(counts)
              .map(([s, n]) => `${n} ${s.replace("_", " ")}`)
              .join(", ") || "…"}
            {status?.problems.length ? ` · ${status.problems.length} skipped or failed` : ""}
          </p>
          {status?.problems.length ? (
            <ul className="mt-2 space-y-0.5 text-xs text-amber-800" data-testid="bulk-problems">
              {status.problems.map((p) => (
                <li key={`${p.customerId}:${p.doorId}`}>
                  {customerName(p.customerId)} on {doorName(p.doorId)}: {p.reason}{" "}
                  <a className="underline" href={`/calendar?customer=${p.customerId}&new=1&date=${firstDay}`}>
                    Place by hand
                  </a>{" "}
                  ·{" "}
                  <a className="underline" href={`/customers/${p.customerId}`}>
                    Open customer
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="mt-3 grid gap-2 md:grid-cols-3">
            {byDoor.map((door) => (
              <div key={door} className="rounded border border-slate-200 p-2 text-xs">
                <p className="font-medium">{door}</p>
                <ul>
                  {rows
                    .filter((r) => r.doorName === door)
                    .map((r) => {
                      const windowId = status?.created.find((c) => c.grantId === r.id)?.windowId;
                      return (
                        <li key={r.id} className="flex justify-between gap-2">
                          {windowId ? (
                            <a className="underline" href={`/calendar?window=${windowId}&date=${firstDay}`}>
                              {r.customerName}
                            </a>
                          ) : (
                            r.customerName
                          )}
                          <SyncBadge state={r.status} detail={r.error} />
                        </li>
                      );
                    })}
                </ul>
              </div>
            ))}
          </div>
        </section>
      ) : null}
    </form>
  );
}
