"use client";

import { memo, useMemo } from "react";
import { type DstMark, dayMarks, hourTicks, type TimeScale, xOf } from "@/lib/time/time-ruler";

import { RULER_H } from "./timeline-geometry";

/** Hours between labels so labels never overlap (≥ 44 px apart); DST-marked hours are always labelled. */
export function labelEvery(pxPerHour: number): number {
  return [1, 2, 3, 6, 12].find((n) => n * pxPerHour >= 44) ?? 24;
}

/**
 * The site's wall clock above the lanes: days (with their real length when it is not 24 h) and
 * hours. Only the ticks inside the visible x-range [xa, xb) are drawn. Positions come from the
 * real instants, so on spring-forward no 02:00 exists (a "skipped" mark sits where the clock
 * jumps) and on fall-back the repeated hour appears twice, each labelled with its zone.
 */
export const TimelineRuler = memo(function TimelineRuler(props: {
  scale: TimeScale;
  timeZone: string;
  headWidth: number;
  xa: number;
  xb: number;
  marks: DstMark[];
}) {
  const { scale, timeZone, headWidth, xa, xb } = props;
  const { ticks } = useMemo(() => hourTicks(scale.from, scale.to, timeZone), [scale.from, scale.to, timeZone]);
  const days = useMemo(() => dayMarks(scale.from, scale.to, timeZone), [scale.from, scale.to, timeZone]);
  const every = labelEvery(scale.pxPerHour);
  return (
    <div
      className="sticky top-0 z-20 flex border-b border-slate-300 bg-white"
      style={{ height: RULER_H, width: headWidth + xOf(scale, scale.to) }}
      aria-hidden
      data-testid="timeline-ruler"
    >
      <div className="sticky left-0 z-30 shrink-0 border-r border-slate-300 bg-white" style={{ width: headWidth }} />
      <div className="relative flex-1">
        {days.map((d, i) => {
          const x = xOf(scale, d.at);
          const next = days[i + 1] ? xOf(scale, days[i + 1]!.at) : xOf(scale, scale.to);
          if (next < xa || x > xb) return null;
          return (
            <div
              key={d.at}
              className="absolute top-0 h-6 truncate border-l border-slate-400 px-1 text-xs font-semibold text-slate-800"
              style={{ left: x, width: next - x }}
              data-day={d.label}
            >
              {d.label}
              {d.hours !== 24 ? <span className="ml-1 font-normal text-amber-800">({d.hours} h)</span> : null}
            </div>
          );
        })}
        {ticks.map((t) => {
          const x = xOf(scale, t.at);
          if (x < xa - 60 || x > xb) return null;
          const labelled = t.repeated || (t.minutes / 60) % every === 0;
          return (
            <div
              key={t.at}
              className={`absolute bottom-0 border-l ${t.minutes === 0 ? "h-7 border-slate-400" : "h-3 border-slate-200"}`}
              style={{ left: x }}
              data-hour={t.label}
              data-repeated={t.repeated ?? undefined}
            >
              {labelled ? (
                <span
                  className={`absolute bottom-3 left-0.5 whitespace-nowrap text-[11px] ${t.repeated ? "font-semibold text-amber-800" : "text-slate-600"}`}
                >
                  {t.label}
                  {t.repeated ? ` ${t.repeated}` : ""}
                </span>
              ) : null}
            </div>
          );
        })}
        {props.marks.map((m) => (
          <div
            key={m.at}
            className="absolute bottom-0 z-10 h-7 border-l-2 border-dashed border-amber-600"
            style={{ left: xOf(scale, m.at) }}
            title={m.text}
            data-dst={m.kind}
          >
            <span className="absolute -bottom-px left-1 whitespace-nowrap rounded bg-amber-100 px-1 text-[10px] font-semibold text-amber-900">
              {m.kind === "skipped" ? "⇥ hour skipped" : "↺ hour repeats"}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
});
