import { describe, expect, it } from "vitest";
import type { CalendarEvent } from "@/lib/access/views/calendar-view";
import type { TimelineDoor } from "@/lib/access/views/timeline-view";
import { createGhostStore, type Ghost } from "./drag-store";
import { createMarkStore } from "./row-marks";
import { edgeAt, GROUP_H, ROW_H } from "./timeline-geometry";
import { parseTimelineParams, rangeOf } from "./timeline-range";
import { eventsByDoor } from "./use-timeline-data";
import { itemsOf, offsetsOf, rowAtY } from "./use-timeline-rows";

const door = (id: string, groupName: string | null): TimelineDoor => ({
  id,
  name: `Room ${id}`,
  groupId: groupName,
  groupName,
  online: true,
  offlineSince: null,
  batteryCharge: 80,
  batteryCritical: false,
  lockState: 1,
  stateUpdatedAt: null,
});
const DOORS = [door("a", "Floor 1"), door("b", "Floor 1"), door("c", "Floor 2"), door("d", null)];

describe("timeline rows", () => {
  it("groups doors under headers, drops a collapsed group's doors, and places each row", () => {
    const items = itemsOf(DOORS, new Set(["Floor 2"]));
    expect(items.map((i) => (i.kind === "group" ? `g:${i.name}:${i.count}` : i.door.id))).toEqual([
      "g:Floor 1:2",
      "a",
      "b",
      "g:Floor 2:1",
      "g:No group:1",
      "d",
    ]);
    const o = offsetsOf(items);
    expect(o).toEqual([
      0,
      GROUP_H,
      GROUP_H + ROW_H,
      GROUP_H + 2 * ROW_H,
      2 * GROUP_H + 2 * ROW_H,
      3 * GROUP_H + 2 * ROW_H,
      3 * GROUP_H + 3 * ROW_H,
    ]);
  });

  it("finds the door under a y, and on a header the nearest door below it (above it for the last)", () => {
    const items = itemsOf(DOORS, new Set(["Floor 2"]));
    const o = offsetsOf(items);
    expect(rowAtY(items, o, GROUP_H + 1)).toEqual({ doorId: "a", top: GROUP_H });
    expect(rowAtY(items, o, GROUP_H + ROW_H + ROW_H - 1)).toEqual({ doorId: "b", top: GROUP_H + ROW_H });
    expect(rowAtY(items, o, 0)?.doorId).toBe("a");
    expect(rowAtY(items, o, GROUP_H + 2 * ROW_H + 3)?.doorId).toBe("d"); // collapsed "Floor 2" header
    expect(rowAtY(items, o, 10_000)?.doorId).toBe("d");
    expect(rowAtY(items, o, -1)).toBeNull();
    expect(rowAtY([], [0], 5)).toBeNull();
  });
});

describe("a bar's resize edges", () => {
  const box = { left: 100, right: 200, width: 100 };
  it("are 7 px at each end of a wide bar; the middle moves", () => {
    expect(edgeAt(103, box)).toBe("start");
    expect(edgeAt(198, box)).toBe("end");
    expect(edgeAt(150, box)).toBeNull();
    expect(edgeAt(108, box)).toBeNull();
  });
  it("shrink on a narrow bar so it can still be moved by its middle", () => {
    const narrow = { left: 100, right: 112, width: 12 };
    expect(edgeAt(106, narrow)).toBeNull();
    expect(edgeAt(101, narrow)).toBe("start");
    expect(edgeAt(111, narrow)).toBe("end");
  });
});

describe("the range in the URL", () => {
  const today = () => "2026-12-01";
  it("reads the URL's values and falls back to defaults for missing or malformed ones", () => {
    const q = new URLSearchParams("date=2027-03-28&span=14&site=s1&group=g1&states=failed,bogus,applied");
    expect(parseTimelineParams((k) => q.get(k), "s0", today)).toEqual({
      date: "2027-03-28",
      span: 14,
      site: "s1",
      group: "g1",
      customer: null,
      states: ["failed", "applied"],
    });
    const bad = new URLSearchParams("date=28.3.2027&span=5");
    expect(parseTimelineParams((k) => bad.get(k), "s0", today)).toMatchObject({
      date: "2026-12-01",
      span: 7,
      site: "s0",
    });
  });
  it("runs between the site's local midnights: spring-forward day is 23 hours, fall-back 25", () => {
    const spring = rangeOf({ date: "2027-03-28", span: 1 }, "Europe/Berlin");
    expect(new Date(spring.from).toISOString()).toBe("2027-03-27T23:00:00.000Z");
    expect((spring.to - spring.from) / 3_600_000).toBe(23);
    const fall = rangeOf({ date: "2026-10-25", span: 1 }, "Europe/Berlin");
    expect((fall.to - fall.from) / 3_600_000).toBe(25);
    const ny = rangeOf({ date: "2026-11-01", span: 7 }, "America/New_York");
    expect(new Date(ny.from).toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect((ny.to - ny.from) / 3_600_000).toBe(7 * 24 + 1);
  });
});

const ghost = (start: number): Ghost => ({
  mode: "move",
  eventId: "e",
  doorId: "a",
  start,
  end: start + 1,
  top: 0,
  label: "x",
});

describe("the drag's stores", () => {
  it("hold fetches back while a drag is in flight and release them when it ends", async () => {
    const s = createGhostStore();
    await s.idle(); // nothing dragged: at once
    s.set(ghost(1));
    let released = false;
    const waiting = s.idle().then(() => {
      released = true;
    });
    s.set(ghost(2));
    await Promise.resolve();
    expect(released).toBe(false);
    s.set(null);
    await waiting;
    expect(released).toBe(true);
  });
  it("tell subscribers only about a real change of selection or hidden bar", () => {
    const m = createMarkStore();
    let calls = 0;
    m.subscribe(() => calls++);
    m.set({ selected: "e1" });
    m.set({ selected: "e1" });
    m.set({ hidden: null });
    m.set({ hidden: "e2" });
    expect(calls).toBe(2);
    expect(m.get()).toEqual({ selected: "e1", hidden: "e2" });
  });
});

describe("a live status change", () => {
  const ev = (id: string, doorId: string, state: CalendarEvent["sync"]["state"] = "applied") =>
    ({ id, doorId, sync: { state } }) as CalendarEvent;
  it("gives a new list only to the door whose window changed; the other rows keep theirs (and skip rendering)", () => {
    const a1 = ev("1", "a");
    const a2 = ev("2", "a");
    const b1 = ev("3", "b");
    const first = eventsByDoor([a1, b1, a2], new Map());
    expect(first.get("a")).toEqual([a1, a2]);
    // A poll: structural sharing keeps unchanged events the same objects; window 3 changed state.
    const b1Failed = ev("3", "b", "failed");
    const second = eventsByDoor([a1, b1Failed, a2], first);
    expect(second.get("a")).toBe(first.get("a"));
    expect(second.get("b")).not.toBe(first.get("b"));
    expect(second.get("b")).toEqual([b1Failed]);
  });
});
