import { DEMO_DOORS } from "@/lib/demo-building";
import type { NukiSimulator } from "./simulator";

/** The demo building's locks, one a little flaky on battery so the at-risk views have something to show. */
export function seedDemoLocks(sim: NukiSimulator) {
  for (const [i, d] of DEMO_DOORS.entries()) {
    if (sim.locks.has(d.smartlockId)) continue;
    sim.addLock({
      smartlockId: d.smartlockId,
      name: d.name,
      timeZone: d.timeZone,
      keypadPaired: true,
      batteryCharge: i === 10 ? 12 : 60 + ((i * 7) % 40),
      batteryCritical: i === 10,
    });
  }
}
