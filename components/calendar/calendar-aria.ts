"use client";

import { type RefObject, useLayoutEffect } from "react";

/**
 * react-big-calendar's time grid marks its header rows as table parts (rowgroup, row, columnheader)
 * without a table around them, and its month events cannot take focus. Its components do not let
 * us set roles or names (the drag-and-drop addon replaces the event wrapper), so this small wrapper
 * corrects the rendered markup after each render and each DOM change instead:
 *
 * - time grid (day, week): a table of one header row (a column header per door and/or day) and one
 *   body row (a cell per column, holding that column's windows); the stray rowgroup/row/columnheader
 *   roles inside the header are removed;
 * - every event is a focusable button named by its content's `data-event-name` (who, which door,
 *   when, lock state) — including month events, which the library leaves unfocusable.
 *
 * Attributes are only written when they differ, so the observer never feeds itself.
 */
export function patchCalendarAria(root: HTMLElement) {
  const set = (el: Element, name: string, value: string | null) => {
    if (value === null) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  };

  const view = root.querySelector(".rbc-time-view");
  if (view) {
    set(view, "role", "table");
    set(view, "aria-label", "Windows by door and time");
    const header = view.querySelector(":scope > .rbc-time-header");
    const body = view.querySelector(":scope > .rbc-time-content");
    if (header) {
      set(header, "role", "row");
      for (const el of header.querySelectorAll("[role=rowgroup], [role=row], span[role=columnheader]")) {
        set(el, "role", null);
        set(el, "aria-sort", null);
      }
      const gutter = header.querySelector(":scope > .rbc-time-header-gutter");
      if (gutter) set(gutter, "role", "cell");
      for (const content of header.querySelectorAll(":scope > .rbc-time-header-content")) {
        const days = [...content.querySelectorAll(".rbc-time-header-cell .rbc-header")];
        const door = content.querySelector(".rbc-row-resource .rbc-header");
        const doorName = door?.textContent?.trim() ?? "";
        if (days.length <= 1) {
          // One column under this header (day view, or a week shown without doors): the whole block names it.
          set(content, "role", "columnheader");
          for (const d of days) set(d, "role", null);
          if (door) set(door, "aria-hidden", null);
        } else {
          // A door over several days (week view with doors): each day is a column, named with its door.
          set(content, "role", null);
          for (const d of days) {
            set(d, "role", "columnheader");
            set(d, "aria-label", doorName ? `${doorName}, ${d.textContent?.trim() ?? ""}` : null);
          }
          if (door) set(door, "aria-hidden", "true");
        }
      }
    }
    if (body) {
      set(body, "role", "row");
      for (const child of body.children) {
        if (child.classList.contains("rbc-time-gutter")) {
          set(child, "role", "cell");
          set(child, "aria-hidden", "true"); // the times are in every event's name; a list of 48 labels is noise
        } else if (child.classList.contains("rbc-day-slot")) set(child, "role", "cell");
      }
    }
  }

  // Month rows are table rows already; the strip of windows under the dates joins them as cells, so the
  // windows (focusable now) sit inside a cell like the dates above them.
  for (const seg of root.querySelectorAll(".rbc-month-view .rbc-row-segment")) set(seg, "role", "cell");

  for (const ev of root.querySelectorAll(".rbc-event")) {
    const named = ev.querySelector("[data-event-name]");
    set(ev, "role", "button");
    set(ev, "tabindex", "0");
    set(ev, "aria-label", named?.getAttribute("data-event-name") ?? null);
    // The library's tooltip repeats the time label; the name already says it.
    set(ev, "title", null);
    const content = ev.querySelector(".rbc-event-content");
    if (content) set(content, "title", null);
  }
}

/** Keeps `patchCalendarAria` applied to the calendar under `ref` (every render, and every DOM change between). */
export function useCalendarAria(ref: RefObject<HTMLElement | null>) {
  useLayoutEffect(() => {
    if (ref.current) patchCalendarAria(ref.current);
  });
  useLayoutEffect(() => {
    const root = ref.current;
    if (!root) return;
    let queued = false;
    const observer = new MutationObserver(() => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        patchCalendarAria(root);
      });
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [ref]);
}
