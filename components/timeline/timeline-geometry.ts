/** The timeline's fixed sizes (px), shared by the rows, the ruler, the drag and the ghost. */
export const ROW_H = 44;
export const GROUP_H = 32;
/** The sticky row head (door name and live state) left of the lanes. */
export const HEAD_W = 232;
export const RULER_H = 52;
/** Grab zone at each end of a bar that resizes instead of moving (narrower on a narrow bar). */
export const EDGE_PX = 7;
/** Below this width a bar shows only its colour and glyph: a name would not fit anyway. */
export const NAMED_BAR_PX = 40;
/**
 * Horizontal chunk (px): the visible x-range moves in these steps, so horizontal scrolling
 * re-renders rarely; bars and ticks outside [view − CHUNK, view + CHUNK] are not rendered.
 */
export const CHUNK = 400;
/** Rows rendered above and below the viewport (keyboard moves and fast scrolls land on drawn rows). */
export const OVERSCAN_ROWS = 3;

/** The resize edge under a pointer at clientX on a bar's box, or null (the middle moves the bar). */
export function edgeAt(clientX: number, box: { left: number; right: number; width: number }): "start" | "end" | null {
  const zone = Math.min(EDGE_PX, box.width / 4);
  if (clientX - box.left < zone) return "start";
  if (box.right - clientX < zone) return "end";
  return null;
}
