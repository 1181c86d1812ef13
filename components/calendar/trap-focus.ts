/**
 * Keeps Tab and Shift+Tab inside a modal. A native modal <dialog> makes the page behind inert,
 * but Tab still leaves it for the browser's own controls; people using a keyboard expect it to
 * wrap around inside the dialog instead. Use as the dialog's onKeyDown.
 */
export function trapTab(e: React.KeyboardEvent<HTMLElement>) {
  if (e.key !== "Tab") return;
  const focusables = [
    ...e.currentTarget.querySelectorAll<HTMLElement>(
      'button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [href], [tabindex]:not([tabindex="-1"])',
    ),
  ].filter((el) => el.offsetParent !== null || el === document.activeElement);
  const first = focusables[0];
  const last = focusables[focusables.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
