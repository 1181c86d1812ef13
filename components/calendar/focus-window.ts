/** The focusable element showing a window (the grid's event button, or the agenda's), if it is on screen. */
export function eventElement(root: ParentNode, windowId: string): HTMLElement | null {
  const inner = root.querySelector<HTMLElement>(`[data-window-id="${CSS.escape(windowId)}"]`);
  if (!inner) return null;
  return inner.closest<HTMLElement>(".rbc-event") ?? (inner.tagName === "BUTTON" ? inner : null);
}

/**
 * Moves focus to a window once it is drawn (after a save the refetch may take a moment), else to
 * `fallback` — never leaves focus on the page body. Gives up after about five seconds.
 */
export function focusWindowSoon(root: ParentNode | null, windowId: string | null, fallback: () => HTMLElement | null) {
  let frames = 0;
  const attempt = () => {
    const el = root && windowId ? eventElement(root, windowId) : null;
    if (el) return el.focus();
    if (!windowId || ++frames > 300) return fallback()?.focus();
    requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}
