"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { moveDoorsAction } from "@/app/actions/sites";
import { useToast } from "@/components/ui/toast";
import type { ActionResult } from "@/lib/actions/action-result";

export type PlacedDoor = {
  id: string;
  name: string;
  siteId: string | null;
  groupId: string | null;
  groupName: string | null;
  lockTimeZone: string | null;
  online: boolean;
};
export type SiteOption = { id: string; name: string; timeZone: string };
export type GroupOption = { id: string; name: string };

/**
 * Doors with checkboxes and the moves that apply to the selection: "Move to group…" and "Move to
 * site…" in a site's editor, "Assign to site" for doors lock sync imported. A door can also be
 * dragged onto a group (the whole selection goes if it is part of it). Every move names where each
 * door was seen, so a colleague's move in between is refused, not overwritten.
 */
export function DoorPlacement({
  doors,
  sites,
  groups,
  currentSite,
  canWrite,
  testId,
}: {
  doors: PlacedDoor[];
  sites: SiteOption[];
  groups: GroupOption[];
  currentSite: SiteOption | null;
  canWrite: boolean;
  testId: string;
}) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [targetGroup, setTargetGroup] = useState("");
  const [targetSite, setTargetSite] = useState(sites.find((s) => s.id !== currentSite?.id)?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [dropOn, setDropOn] = useState<string | null>(null);
  const picked = doors.filter((d) => selected.has(d.id));
  const allPicked = doors.length > 0 && picked.length === doors.length;

  async function move(ids: string[], siteId: string, groupId: string | null | undefined, what: string) {
    if (!ids.length) return;
    setBusy(true);
    const r: ActionResult<{ moved: number; rezoned: { doors: number; pairs: number } }> = await moveDoorsAction({
      siteId,
      groupId,
      doors: doors
        .filter((d) => ids.includes(d.id))
        .map((d) => ({ doorId: d.id, siteId: d.siteId, groupId: d.groupId })),
    });
    setBusy(false);
    if (!r.ok) {
      toast({ tone: "error", message: r.error.message });
      return router.refresh();
    }
    const resent = r.data.rezoned.pairs
      ? ` Their clock changed: ${r.data.rezoned.pairs} authorization${r.data.rezoned.pairs === 1 ? " is" : "s are"} being resent.`
      : "";
    toast({ tone: "info", message: `${r.data.moved} door${r.data.moved === 1 ? "" : "s"} moved to ${what}.${resent}` });
    setSelected(new Set());
    router.refresh();
  }
  const groupLabel = (gid: string) => (gid === "none" ? "no group" : (groups.find((g) => g.id === gid)?.name ?? ""));
  const siteLabel = (sid: string) => sites.find((s) => s.id === sid)?.name ?? "";
  const toggle = (doorId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(doorId);
    else next.delete(doorId);
    setSelected(next);
  };

  return (
    <div data-testid={testId}>
      {canWrite && currentSite && groups.length ? (
        <ul className="mb-3 flex flex-wrap gap-2 text-sm" aria-label="Drop doors on a group">
          {[{ id: "none", name: "No group" }, ...groups].map((g) => (
            <li
              key={g.id}
              data-testid={`drop-${g.name}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDropOn(g.id);
              }}
              onDragLeave={() => setDropOn(null)}
              onDrop={(e) => {
                e.preventDefault();
                setDropOn(null);
                const doorId = e.dataTransfer.getData("text/plain");
                const ids = selected.has(doorId) ? [...selected] : [doorId];
                void move(ids, currentSite.id, g.id === "none" ? null : g.id, `“${groupLabel(g.id)}”`);
              }}
              className={`rounded border border-dashed px-3 py-1 ${dropOn === g.id ? "border-indigo-500 bg-indigo-50" : "border-slate-300"}`}
            >
              {g.name}{" "}
              <span className="text-slate-500">({doors.filter((d) => (d.groupId ?? "none") === g.id).length})</span>
            </li>
          ))}
        </ul>
      ) : null}
      {canWrite ? (
        <div className="mb-2 flex flex-wrap items-end gap-2 text-sm" role="toolbar" aria-label="Move selected doors">
          <span className="mr-2 text-slate-600" aria-live="polite">
            {picked.length} of {doors.length} selected
          </span>
          {currentSite ? (
            <>
              <label className="sr-only" htmlFor={`${id}-g`}>
                Group
              </label>
              <select
                id={`${id}-g`}
                className="input w-auto"
                value={targetGroup}
                onChange={(e) => setTargetGroup(e.target.value)}
              >
                <option value="">Choose a group…</option>
                <option value="none">No group</option>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="btn-secondary"
                disabled={busy || !picked.length || !targetGroup}
                onClick={() =>
                  move(
                    picked.map((d) => d.id),
                    currentSite.id,
                    targetGroup === "none" ? null : targetGroup,
                    `“${groupLabel(targetGroup)}”`,
                  )
                }
              >
                Move to group
              </button>
            </>
          ) : null}
          <label className="sr-only" htmlFor={`${id}-s`}>
            Site
          </label>
          <select
            id={`${id}-s`}
            className="input w-auto"
            value={targetSite}
            onChange={(e) => setTargetSite(e.target.value)}
          >
            <option value="">Choose a site…</option>
            {sites
              .filter((s) => s.id !== currentSite?.id)
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.timeZone})
                </option>
              ))}
          </select>
          <button
            type="button"
            className={currentSite ? "btn-secondary" : "btn-primary"}
            disabled={busy || !picked.length || !targetSite}
            onClick={() =>
              move(
                picked.map((d) => d.id),
                targetSite,
                undefined,
                `“${siteLabel(targetSite)}”`,
              )
            }
          >
            {currentSite ? "Move to site" : "Assign to site"}
          </button>
        </div>
      ) : null}
      <div className="card relative overflow-x-auto">
        <table className="table">
          <thead>
            <tr>
              {canWrite ? (
                <th className="w-8">
                  <input
                    type="checkbox"
                    aria-label="Select all doors"
                    checked={allPicked}
                    onChange={(e) => setSelected(e.target.checked ? new Set(doors.map((d) => d.id)) : new Set())}
                  />
                </th>
              ) : null}
              <th>Door</th>
              {currentSite ? <th>Group</th> : null}
              <th>Lock&apos;s own zone</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {doors.map((d) => (
              <tr
                key={d.id}
                draggable={canWrite && !!currentSite}
                onDragStart={(e) => e.dataTransfer.setData("text/plain", d.id)}
                data-testid="placed-door"
              >
                {canWrite ? (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${d.name}`}
                      checked={selected.has(d.id)}
                      onChange={(e) => toggle(d.id, e.target.checked)}
                    />
                  </td>
                ) : null}
                <td className="font-medium text-slate-900">
                  <a className="hover:underline" href={`/doors/${d.id}`}>
                    {d.name}
                  </a>
                </td>
                {currentSite ? <td>{d.groupName ?? "—"}</td> : null}
                <td>
                  {d.lockTimeZone ?? "—"}
                  {currentSite && d.lockTimeZone && d.lockTimeZone !== currentSite.timeZone ? (
                    <span className="ml-2 rounded bg-red-50 px-1.5 text-xs text-red-800">
                      ! differs from the site&apos;s {currentSite.timeZone}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
