import type { NukiSimulator, PreexistingAuth } from "./simulator";
import type { SimLock } from "./types";

/**
 * `npm run sim -- --profile building`: a Nuki account as an operator brings it on day one, for
 * production-mode trials (NUKI_API_TOKEN + NUKI_API_BASE_URL pointing at the simulator). Eight
 * devices in two buildings on two wall clocks, one Opener, one lock whose keypad was never paired,
 * and auths that were there before Portier: app users (one whose email a customer will have) and
 * keypad codes, one of them limited in time. Not the demo seed (lib/demo-building.ts): nothing
 * here exists in Portier's database until lock sync imports it.
 *
 * smartlockId = deviceType × 2^32 + a Nuki id, as real ids are (§1.5).
 */
const id = (deviceType: number, nukiId: number) => deviceType * 2 ** 32 + nukiId;

type ProfileLock = Pick<SimLock, "smartlockId" | "name" | "deviceType" | "timeZone" | "keypadPaired"> &
  Partial<SimLock>;

export const BUILDING_LOCKS: ProfileLock[] = [
  // Berlin: a coworking floor.
  {
    smartlockId: id(4, 0x5b1001),
    name: "Berlin Front Door",
    deviceType: 4,
    timeZone: "Europe/Berlin",
    keypadPaired: true,
    keypad2: true,
  },
  {
    smartlockId: id(4, 0x5b1002),
    name: "Berlin Studio 1",
    deviceType: 4,
    timeZone: "Europe/Berlin",
    keypadPaired: true,
    keypad2: true,
  },
  {
    smartlockId: id(4, 0x5b1003),
    name: "Berlin Studio 2",
    deviceType: 4,
    timeZone: "Europe/Berlin",
    keypadPaired: true,
  },
  {
    smartlockId: id(0, 0x5b1004),
    name: "Berlin Archive",
    deviceType: 0,
    timeZone: "Europe/Berlin",
    keypadPaired: false,
  },
  {
    smartlockId: id(2, 0x5b1005),
    name: "Berlin Street Intercom",
    deviceType: 2,
    timeZone: "Europe/Berlin",
    keypadPaired: false,
  },
  // New York: a studio building.
  { smartlockId: id(4, 0x7e2001), name: "NYC Lobby", deviceType: 4, timeZone: "America/New_York", keypadPaired: true },
  {
    smartlockId: id(5, 0x7e2002),
    name: "NYC Suite 4B",
    deviceType: 5,
    timeZone: "America/New_York",
    keypadPaired: true,
    keypad2: true,
  },
  {
    smartlockId: id(4, 0x7e2003),
    name: "NYC Rooftop",
    deviceType: 4,
    timeZone: "America/New_York",
    keypadPaired: true,
    serverState: 4,
  },
];

/** The pre-existing app user whose email matches a customer an operator will import. */
export const BUILDING_MATCHING_EMAIL = "mia.novak@example.com";

const [berlinFront, berlinStudio1, , , berlinOpener, nycLobby, nycSuite] = BUILDING_LOCKS.map((l) => l.smartlockId);

export const BUILDING_AUTHS: PreexistingAuth[] = [
  { smartlockId: berlinFront!, name: "Mia Novak", user: { email: BUILDING_MATCHING_EMAIL, name: "Mia Novak" } },
  { smartlockId: berlinStudio1!, name: "Mia Novak", user: { email: BUILDING_MATCHING_EMAIL, name: "Mia Novak" } },
  { smartlockId: berlinOpener!, name: "Caretaker", user: { email: "caretaker@example.net", name: "Caretaker" } },
  { smartlockId: berlinFront!, name: "Cleaning", code: 381947 },
  // A contractor's code limited in time: weekdays 07:00–09:00 lock time, until the end of the year.
  {
    smartlockId: berlinStudio1!,
    name: "Painter (Dec)",
    code: 527341,
    allowedFromDate: "2026-11-01T00:00:00.000Z",
    allowedUntilDate: "2026-12-31T23:00:00.000Z",
    allowedWeekDays: 64 + 32 + 16 + 8 + 4,
    allowedFromTime: 7 * 60,
    allowedUntilTime: 9 * 60,
  },
  { smartlockId: nycLobby!, name: "Doorman", user: { email: "doorman@example.net", name: "Doorman" } },
  { smartlockId: nycSuite!, name: "Old tenant", code: 947315, enabled: false },
];

/** Puts the profile's devices and auths into the simulator (skips locks it already has). */
export function seedBuildingProfile(sim: NukiSimulator) {
  for (const lock of BUILDING_LOCKS) if (!sim.locks.has(lock.smartlockId)) sim.addLock(lock);
  const haveAuths = [...sim.auths.values()].some((a) => BUILDING_LOCKS.some((l) => l.smartlockId === a.smartlockId));
  if (!haveAuths) for (const auth of BUILDING_AUTHS) sim.addPreexistingAuth(auth);
}
