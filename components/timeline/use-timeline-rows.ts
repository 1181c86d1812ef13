"use client";

import { useCallback, useMemo, useState } from "react";
import type { TimelineDoor } from "@/lib/access/views/timeline-view";
import { GROUP_H, ROW_H } from "./timeline-geometry";

/** A row of the grid: a group header or a door. */
export type Item = { kind: "group"; name: string; count: number } | { kind: "door"; door: TimelineDoor };
export type RowHit = { doorId: string; top: number };

/** Group headers and doors (doors arrive sorted by group), collapsed groups without their doors. */
export function itemsOf(doors: TimelineDoor[], collapsed: ReadonlySet<string>): Item[] {
  const out: Item[] = [];
  let i = 0;
  while (i < doors.length) {
    const name = doors[i]!.groupName ?? "No group";
    let j = i;
    while (j < doors.length && (doors[j]!.groupName ?? "No group") === name) j++;
    out.push({ kind: "group", name, count: j - i });
    if (!collapsed.has(name)) for (let k = i; k < j; k++) out.push({ kind: "door", door: doors[k]! });
    i = j;
  }
  return out;
}

/** Each row's top (px from the first row) and, last, the total height. */
export function offsetsOf(items: Item[]): number[] {
  const o: number[] = [];
  let y = 0;
  for (const it of items) {
    o.push(y);
    y += it.kind === "group" ? GROUP_H : ROW_H;
  }
  o.push(y);
  return o;
}

/** The door row under y (px from the first row); on a group header the nearest door below (or above, for the last). */
export function rowAtY(items: Item[], offsets: number[], y: number): RowHit | null {
  let lo = 0;
  let hi = items.length - 1;
  if (hi < 0 || y < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  let i = lo;
  while (i < items.length && items[i]!.kind !== "door") i++;
  if (i >= items.length) for (i = lo; i >= 0 && items[i]!.kind !== "door"; i--);
  const it = items[i];
  return it?.kind === "door" ? { doorId: it.door.id, top: offsets[i]! } : null;
}

/** The grid's rows for a site's doors, with collapsible groups and lookups by door and by y. */
export function useTimelineRows(doors: TimelineDoor[]) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (name: string) =>
      setCollapsed((c) => {
        const n = new Set(c);
        if (n.has(name)) n.delete(name);
        else n.add(name);
        return n;
      }),
    [],
  );
  const items = useMemo(() => itemsOf(doors, collapsed), [doors, collapsed]);
  const offsets = useMemo(() => offsetsOf(items), [items]);
  const doorIndex = useMemo(() => {
    const m = new Map<string, number>();
    items.forEach((it, i) => {
      if (it.kind === "door") m.set(it.door.id, i);
    });
    return m;
  }, [items]);
  const rowAt = useCallback((y: number) => rowAtY(items, offsets, y), [items, offsets]);
  return { items, offsets, doorIndex, collapsed, toggle, rowAt };
}
