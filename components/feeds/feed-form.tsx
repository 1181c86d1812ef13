"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { createFeedAction, previewFeedAction, updateFeedAction } from "@/app/actions/feeds";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";

type Option = { id: string; name: string };
type Preview = {
  notShown: number;
  created: number;
  problems: number;
  blocks: number;
  skipped: number;
  suggestedProfile: string;
  timeZone: string;
  invalid: { uid: string; reason: string }[];
  actions: {
    action: string;
    uid: string;
    guestName: string;
    doorName: string | null;
    startsAt: string;
    endsAt: string;
    email: string | null;
    reason?: string;
  }[];
};

const PROFILES = [
  { value: "airbnb", label: "Airbnb — “Reserved” are stays, “Not available” are blocks" },
  { value: "booking", label: "Booking.com — every “CLOSED - Not available” is a stay" },
  { value: "pms", label: "PMS / room booking — guest name in the title" },
] as const;
type Profile = (typeof PROFILES)[number]["value"];

const guess = (url: string): Profile =>
  /airbnb/i.test(url) ? "airbnb" : /booking\.com/i.test(url) ? "booking" : "pms";
/** "15:30" → 930; "" → null (the site's time). */
const minutesOf = (hhmm: string) => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/** A saved feed's settings, for editing (never its URL: staff may only replace it). */
export type FeedSettings = {
  feedId: string;
  version: number;
  name: string;
  profile: Profile;
  checkInMinutes: number | null;
  checkOutMinutes: number | null;
  graceBeforeMinutes: number;
  graceAfterMinutes: number;
  intervalMinutes: number;
  vanishGraceMinutes: number;
  disappearanceThreshold: number;
  stayPattern: string | null;
  blockPattern: string | null;
};
const hhmm = (m: number | null) =>
  m === null ? "" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/**
 * Subscribe a feed: fill in, Preview (what would be created, nothing written), then save enabled or
 * not. With `edit`, the same fields change a saved feed (an empty URL keeps the stored one).
 */
export function FeedForm({ doors, groups, edit }: { doors: Option[]; groups: Option[]; edit?: FeedSettings }) {
  const id = useId();
  const router = useRouter();
  const toast = useToast();
  const [v, setV] = useState({
    name: edit?.name ?? "",
    url: "",
    target: doors[0] ? `door:${doors[0].id}` : groups[0] ? `group:${groups[0].id}` : "",
    profile: edit?.profile ?? ("pms" as Profile),
    checkIn: hhmm(edit?.checkInMinutes ?? null),
    checkOut: hhmm(edit?.checkOutMinutes ?? null),
    graceBefore: String(edit?.graceBeforeMinutes ?? 0),
    graceAfter: String(edit?.graceAfterMinutes ?? 0),
    interval: String(edit?.intervalMinutes ?? 15),
    vanishGrace: String(edit?.vanishGraceMinutes ?? 180),
    threshold: String(edit?.disappearanceThreshold ?? 30),
    stayPattern: edit?.stayPattern ?? "",
    blockPattern: edit?.blockPattern ?? "",
  });
  const [profileTouched, setProfileTouched] = useState(Boolean(edit));
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const ready = useHydrated();

  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    const value = e.target.value;
    setV((old) => ({
      ...old,
      [k]: value,
      ...(k === "url" && !profileTouched ? { profile: guess(value) } : {}),
    }));
    setPreview(null);
  };
  const settings = () => ({
    name: v.name,
    profile: v.profile,
    checkInMinutes: minutesOf(v.checkIn),
    checkOutMinutes: minutesOf(v.checkOut),
    graceBeforeMinutes: Number(v.graceBefore),
    graceAfterMinutes: Number(v.graceAfter),
    intervalMinutes: Number(v.interval),
    vanishGraceMinutes: Number(v.vanishGrace),
    disappearanceThreshold: Number(v.threshold),
    stayPattern: v.stayPattern || null,
    blockPattern: v.blockPattern || null,
  });
  const input = () => {
    const [kind, targetId] = v.target.split(":");
    return {
      ...settings(),
      url: v.url,
      doorId: kind === "door" ? (targetId ?? null) : null,
      groupId: kind === "group" ? (targetId ?? null) : null,
    };
  };
  const fail = (error: { message: string; fieldErrors?: Record<string, string[] | undefined> }) => {
    setErrors(error.fieldErrors ?? {});
    toast({ tone: "error", message: error.message });
  };

  async function runPreview() {
    setBusy(true);
    const r = await previewFeedAction(input());
    setBusy(false);
    if (!r.ok) return fail(r.error);
    setErrors({});
    setPreview(r.data as Preview);
  }
  async function saveEdit() {
    if (!edit) return;
    setBusy(true);
    const r = await updateFeedAction({ ...settings(), feedId: edit.feedId, expectedVersion: edit.version, url: v.url });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    setErrors({});
    toast({ tone: "info", message: "Feed settings saved; the next poll (now) applies them." });
    router.refresh();
  }
  async function save(enable: boolean) {
    setBusy(true);
    const r = await createFeedAction({ ...input(), enable });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    toast({
      tone: r.data.poll?.error ? "error" : "info",
      message: r.data.poll?.error
        ? `Feed saved; its first poll failed: ${r.data.poll.error}`
        : enable
          ? "Feed enabled: its stays are on the calendar and on their way to the locks."
          : "Feed saved, not enabled.",
    });
    setPreview(null);
    setV((old) => ({ ...old, name: "", url: "" }));
    router.refresh();
  }

  const field = (k: string, label: string, el: React.ReactNode, hint?: string) => (
    <div>
      <label htmlFor={`${id}-${k}`} className="block text-sm font-medium">
        {label}
      </label>
      {el}
      <p id={`${id}-${k}-hint`} className="mt-1 text-xs text-slate-500">
        {errors[k]?.join(" ") ?? hint}
      </p>
    </div>
  );
  const fmt = (iso: string) =>
    new Intl.DateTimeFormat("en-GB", {
      timeZone: preview?.timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(new Date(iso));

  return (
    <form
      className="space-y-4"
      data-testid="feed-form"
      onSubmit={(e) => {
        e.preventDefault();
        void (edit ? saveEdit() : runPreview());
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        {field(
          "name",
          "Name",
          <input id={`${id}-name`} className="input mt-1 w-full" value={v.name} onChange={set("name")} required />,
          "Shown in the audit as “Booking feed <name>”.",
        )}
        {field(
          "url",
          "iCalendar URL",
          <input
            id={`${id}-url`}
            className="input mt-1 w-full"
            type="url"
            autoComplete="off"
            value={v.url}
            onChange={set("url")}
            required={!edit}
          />,
          edit
            ? "Leave empty to keep the current link; a new one replaces it."
            : "The channel's export link. Stored encrypted; never shown again.",
        )}
        {edit
          ? null
          : field(
              "doorId",
              "Place stays on",
              <select id={`${id}-doorId`} className="input mt-1 w-full" value={v.target} onChange={set("target")}>
                <optgroup label="Door groups (any free door)">
                  {groups.map((g) => (
                    <option key={g.id} value={`group:${g.id}`}>
                      Any door of {g.name}
                    </option>
                  ))}
                </optgroup>
                <optgroup label="Doors">
                  {doors.map((d) => (
                    <option key={d.id} value={`door:${d.id}`}>
                      {d.name}
                    </option>
                  ))}
                </optgroup>
              </select>,
            )}
        {field(
          "profile",
          "Channel",
          <select
            id={`${id}-profile`}
            className="input mt-1 w-full"
            value={v.profile}
            onChange={(e) => {
              setProfileTouched(true);
              set("profile")(e);
            }}
          >
            {PROFILES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>,
          "Decides which entries are stays; blocks never open a door.",
        )}
      </div>
      <details className="rounded-md border border-slate-200 p-3">
        <summary className="cursor-pointer text-sm font-medium">Times, grace, polling and safety</summary>
        <div className="mt-3 grid gap-4 sm:grid-cols-3">
          {field(
            "checkInMinutes",
            "Check-in",
            <input
              id={`${id}-checkInMinutes`}
              className="input mt-1 w-28"
              placeholder="15:00"
              value={v.checkIn}
              onChange={set("checkIn")}
            />,
            "Empty = the site's.",
          )}
          {field(
            "checkOutMinutes",
            "Check-out",
            <input
              id={`${id}-checkOutMinutes`}
              className="input mt-1 w-28"
              placeholder="11:00"
              value={v.checkOut}
              onChange={set("checkOut")}
            />,
            "Empty = the site's.",
          )}
          {field(
            "intervalMinutes",
            "Poll every (min)",
            <input
              id={`${id}-intervalMinutes`}
              className="input mt-1 w-28"
              type="number"
              min={5}
              max={1440}
              value={v.interval}
              onChange={set("interval")}
            />,
          )}
          {field(
            "graceBeforeMinutes",
            "Grace before (min)",
            <input
              id={`${id}-graceBeforeMinutes`}
              className="input mt-1 w-28"
              type="number"
              min={0}
              max={720}
              value={v.graceBefore}
              onChange={set("graceBefore")}
            />,
          )}
          {field(
            "graceAfterMinutes",
            "Grace after (min)",
            <input
              id={`${id}-graceAfterMinutes`}
              className="input mt-1 w-28"
              type="number"
              min={0}
              max={720}
              value={v.graceAfter}
              onChange={set("graceAfter")}
            />,
          )}
          {field(
            "vanishGraceMinutes",
            "Remove vanished stays after (min)",
            <input
              id={`${id}-vanishGraceMinutes`}
              className="input mt-1 w-28"
              type="number"
              min={0}
              value={v.vanishGrace}
              onChange={set("vanishGrace")}
            />,
          )}
          {field(
            "disappearanceThreshold",
            "Ask first above (% of future stays)",
            <input
              id={`${id}-disappearanceThreshold`}
              className="input mt-1 w-28"
              type="number"
              min={1}
              max={100}
              value={v.threshold}
              onChange={set("threshold")}
            />,
          )}
          {field(
            "stayPattern",
            "Stays: titles matching",
            <input
              id={`${id}-stayPattern`}
              className="input mt-1 w-full"
              placeholder="channel default"
              value={v.stayPattern}
              onChange={set("stayPattern")}
            />,
          )}
          {field(
            "blockPattern",
            "Blocks: titles matching",
            <input
              id={`${id}-blockPattern`}
              className="input mt-1 w-full"
              placeholder="channel default"
              value={v.blockPattern}
              onChange={set("blockPattern")}
            />,
          )}
        </div>
      </details>
      {edit ? (
        <button type="submit" className="btn-primary" disabled={!ready || busy}>
          Save changes
        </button>
      ) : null}
      <div className={edit ? "hidden" : "flex flex-wrap gap-2"}>
        <button type="submit" className="btn-secondary" disabled={!ready || busy}>
          Preview
        </button>
        <button type="button" className="btn-primary" disabled={!ready || busy || !preview} onClick={() => save(true)}>
          Save and enable
        </button>
        <button
          type="button"
          className="btn-secondary"
          disabled={!ready || busy || !preview}
          onClick={() => save(false)}
        >
          Save without enabling
        </button>
      </div>
      {preview ? (
        <div data-testid="feed-preview" className="space-y-2">
          <p className="text-sm" aria-live="polite">
            Enabling creates <strong>{preview.created}</strong> stay{preview.created === 1 ? "" : "s"}; {preview.blocks}{" "}
            block{preview.blocks === 1 ? "" : "s"} ignored
            {preview.problems ? `; ${preview.problems} cannot be placed` : ""}
            {preview.skipped ? `; ${preview.skipped} unreadable entries skipped` : ""}
            {preview.notShown ? ` (the earliest shown; ${preview.notShown} later stays follow the same way)` : ""}.
            Times in {preview.timeZone}.
            {preview.suggestedProfile !== v.profile
              ? ` This looks like a ${PROFILES.find((p) => p.value === preview.suggestedProfile)?.label.split(" — ")[0]} feed.`
              : ""}
          </p>
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th>Guest</th>
                  <th>Door</th>
                  <th>From</th>
                  <th>Until</th>
                  <th>Code</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {preview.actions.map((a) => (
                  <tr key={a.uid}>
                    <td>{a.guestName}</td>
                    <td>{a.action === "problem" ? `— ${a.reason}` : a.doorName}</td>
                    <td>{fmt(a.startsAt)}</td>
                    <td>{fmt(a.endsAt)}</td>
                    <td>{a.email ? `by email to ${a.email}` : "to hand over at the desk"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </form>
  );
}
