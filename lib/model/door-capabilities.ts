/**
 * What a door's Nuki device can hold, from what Nuki reports (deviceType, keypad pairing), and the
 * words staff read for it. Client-safe: pages, dialogs and the domain share one rule.
 *
 * Nuki's device types (reference/nuki-web-api.md §2.2): 0 Smart Lock 1.0/2.0, 1 Box, 2 Opener,
 * 3 Smart Door, 4 Smart Lock 3.0/4.0, 5 Smart Lock 5. Newer ids may appear: they stay readable.
 */
export const DEVICE_TYPE = { smartLock: 0, box: 1, opener: 2, smartDoor: 3, smartLock3: 4, smartLock5: 5 } as const;

const DEVICE_NAMES: Record<number, string> = {
  0: "Smart Lock 1.0/2.0",
  1: "Box",
  2: "Opener",
  3: "Smart Door",
  4: "Smart Lock 3.0/4.0",
  5: "Smart Lock 5",
};

export const deviceTypeName = (deviceType: number) => DEVICE_NAMES[deviceType] ?? `Nuki device (type ${deviceType})`;

export type DoorDevice = { deviceType: number; keypadPaired: boolean };

/**
 * Why this door cannot take keypad codes, or null when it can. An Opener buzzes the building's
 * intercom and has no keypad of its own; any other device needs a paired keypad — Nuki refuses a
 * keypad-code auth otherwise ("The supplied value '13' for parameter 'type' is not valid").
 */
export function keypadUnavailableReason(d: DoorDevice): string | null {
  if (d.deviceType === DEVICE_TYPE.opener) return "This door is a Nuki Opener: it has no keypad.";
  if (!d.keypadPaired) return "Nuki reports no keypad paired with this lock.";
  return null;
}

export const acceptsKeypadCodes = (d: DoorDevice) => keypadUnavailableReason(d) === null;

/**
 * The credential a customer actually gets on a door. A front desk wants the guest to get in, not a
 * refusal at the moment of booking: a keypad customer on a door without a keypad gets a Nuki app
 * invite there instead (the same email flow as any app customer), and every screen says why.
 */
export function credentialOnDoor(preferred: "keypad" | "app", d: DoorDevice): "keypad" | "app" {
  return preferred === "keypad" && !acceptsKeypadCodes(d) ? "app" : preferred;
}

/** The sentence shown beside such a door (door page, New-window dialog). */
export const APP_INSTEAD_OF_CODE = "Customers who use keypad codes get a Nuki app invite for this door instead.";
