/**
 * The guest access message's templates and their rendering. Client-safe (no server code): the site
 * page's live preview renders with the same function the delivery job uses.
 *
 * Hand-rolled `{{name}}` substitution is enough: the set of placeholders is fixed and small, there are
 * no loops or conditions (the one list, how to open each door, is built by Portier), and every value
 * is escaped here for the HTML part — a template engine would add a dependency and a second escaping
 * rule to keep straight. Unknown placeholders are refused when an admin saves (templateProblems).
 */

export const PLACEHOLDERS = {
  guest_name: "the guest's name",
  site: "the site's name",
  doors: "the door(s) of this arrival",
  start: "arrival, on the site's clock",
  end: "departure, on the site's clock",
  zone: "the site's time zone (named in the times too)",
  how_to_open: "per door: the keypad code, or how the Nuki app invite works",
  desk_contact: "how to reach the front desk",
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type MessageValues = Record<Placeholder, string>;
export type MessageTemplates = { subject: string; text: string; html: string };

export const DEFAULT_TEMPLATES: MessageTemplates = {
  subject: "Your access to {{site}} from {{start}}",
  text: [
    "Hello {{guest_name}},",
    "",
    "your access is set up and the lock has confirmed it.",
    "",
    "Door(s): {{doors}}",
    "From: {{start}}",
    "Until: {{end}}",
    "(times in {{zone}})",
    "",
    "How to open:",
    "{{how_to_open}}",
    "",
    "If a door does not open, contact the front desk: {{desk_contact}}",
  ].join("\n"),
  html: [
    "<p>Hello {{guest_name}},</p>",
    "<p>your access is set up and the lock has confirmed it.</p>",
    "<p><strong>Door(s):</strong> {{doors}}<br><strong>From:</strong> {{start}}<br><strong>Until:</strong> {{end}}<br>(times in {{zone}})</p>",
    "<p><strong>How to open</strong><br>{{how_to_open}}</p>",
    "<p>If a door does not open, contact the front desk: {{desk_contact}}</p>",
  ].join("\n"),
};

const PLACEHOLDER_RE = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** `[[code:<grant id>]]`: where the deliverer writes a keypad code at sending time (never stored). */
export const CODE_MARKER_RE = /\[\[code:([0-9a-f-]{36})\]\]/g;
export const codeMarker = (grantId: string) => `[[code:${grantId}]]`;

/**
 * Text from people (guest and door names, templates, desk contact) must never form a code marker:
 * a guest named "[[code:…]]" would otherwise have the deliverer print a code into their message.
 */
export const defuseMarkers = (s: string) => s.replaceAll("[[", "[ [");

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Admin input problems, one sentence each (empty = fine): unknown placeholders, code markers. */
export function templateProblems(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER_RE))
    if (!(m[1]! in PLACEHOLDERS))
      out.push(
        `{{${m[1]}}} is not a placeholder; use one of ${Object.keys(PLACEHOLDERS)
          .map((p) => `{{${p}}}`)
          .join(", ")}.`,
      );
  if (template.includes("[["))
    out.push("Templates may not contain “[[”: Portier uses it to insert codes when sending.");
  return out;
}

/**
 * Fills a template. In HTML every value is escaped and line breaks become <br>; the template itself
 * is the admin's HTML. `how_to_open` may carry code markers (built by Portier); every other value and
 * the template are defused first.
 */
export function renderTemplate(template: string, values: MessageValues, o: { html: boolean }): string {
  return defuseMarkers(template).replace(PLACEHOLDER_RE, (whole, name: string) => {
    if (!(name in PLACEHOLDERS)) return whole;
    const raw = name === "how_to_open" ? values.how_to_open : defuseMarkers(values[name as Placeholder]);
    return o.html ? escapeHtml(raw).replaceAll("\n", "<br>") : raw;
  });
}

export function renderMessage(t: MessageTemplates, values: MessageValues) {
  return {
    // A subject is one line: no line breaks from a value may reach the header.
    subject: renderTemplate(t.subject, values, { html: false }).replace(/\s*[\r\n]+\s*/g, " "),
    text: renderTemplate(t.text, values, { html: false }),
    html: renderTemplate(t.html, values, { html: true }),
  };
}

/** The site's templates, Portier's defaults where the admin left one empty. */
export const templatesOf = (s: {
  messageSubject: string | null;
  messageText: string | null;
  messageHtml: string | null;
}): MessageTemplates => ({
  subject: s.messageSubject || DEFAULT_TEMPLATES.subject,
  text: s.messageText || DEFAULT_TEMPLATES.text,
  html: s.messageHtml || DEFAULT_TEMPLATES.html,
});

/** One door's "how to open" line; the code is a marker the deliverer fills in. */
export function howToOpenLine(door: { name: string; credential: "app" | "keypad"; grantId: string }): string {
  const name = defuseMarkers(door.name);
  return door.credential === "keypad"
    ? `${name}: enter your code ${codeMarker(door.grantId)} on the keypad beside the door, then press the key button.`
    : `${name}: open it with the Nuki app. Nuki emails you an invitation code to redeem in the app (valid 48 hours) — look for a message from Nuki.`;
}

/** Sample values for the site page's preview. */
export const SAMPLE_CODE = "••••••";
