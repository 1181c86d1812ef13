import { describe, expect, it } from "vitest";
import {
  CODE_MARKER_RE,
  DEFAULT_TEMPLATES,
  howToOpenLine,
  type MessageValues,
  renderMessage,
  renderTemplate,
  templateProblems,
} from "./message-templates";

const values: MessageValues = {
  guest_name: `Zoë <b>"O'Brien"</b> & co`,
  site: "Haus Adler",
  doors: "Room 1, Front door",
  start: "5 Dec 2026, 15:00 CET",
  end: "8 Dec 2026, 11:00 CET",
  zone: "Europe/Berlin",
  how_to_open: howToOpenLine({
    name: "Room <1>",
    credential: "keypad",
    grantId: "11111111-1111-4111-8111-111111111111",
  }),
  desk_contact: "+49 30 555 0100",
};

describe("guest message templates", () => {
  it("escape every value in HTML (the template's own markup stays), not in plain text", () => {
    expect(renderTemplate("<p>Hi {{guest_name}}</p>", values, { html: true })).toBe(
      "<p>Hi Zoë &lt;b&gt;&quot;O&#39;Brien&quot;&lt;/b&gt; &amp; co</p>",
    );
    expect(renderTemplate("Hi {{ guest_name }}", values, { html: false })).toBe(`Hi ${values.guest_name}`);
    expect(renderTemplate("{{how_to_open}}", { ...values, how_to_open: "a\nb" }, { html: true })).toBe("a<br>b");
  });

  it("keep Portier's code marker in how to open, and defuse one anywhere else", () => {
    const html = renderTemplate("{{how_to_open}}", values, { html: true });
    expect([...html.matchAll(CODE_MARKER_RE)]).toHaveLength(1);
    expect(html).toContain("Room &lt;1&gt;");
    const sneaky = { ...values, guest_name: "[[code:22222222-2222-4222-8222-222222222222]]" };
    const m = renderMessage(
      { subject: "{{guest_name}}", text: "{{guest_name}} [[code:22222222-2222-4222-8222-222222222222]]", html: "" },
      sneaky,
    );
    expect(`${m.subject} ${m.text}`.match(CODE_MARKER_RE)).toBeNull();
  });

  it("keep the subject on one line whatever a value holds", () => {
    expect(
      renderMessage({ ...DEFAULT_TEMPLATES, subject: "Hi {{guest_name}}" }, { ...values, guest_name: "A\r\nBcc: x@y" })
        .subject,
    ).toBe("Hi A Bcc: x@y");
  });

  it("name unknown placeholders and code markers when an admin saves; the defaults pass", () => {
    expect(templateProblems("Hello {{gest_name}}")[0]).toMatch(
      /^\{\{gest_name\}\} is not a placeholder; use one of \{\{guest_name\}\}/,
    );
    expect(templateProblems("[[code:x]]")).toHaveLength(1);
    for (const t of Object.values(DEFAULT_TEMPLATES)) expect(templateProblems(t)).toEqual([]);
  });

  it("the default text names doors, both times with their zone, how to open and the desk", () => {
    const m = renderMessage(DEFAULT_TEMPLATES, values);
    for (const v of [values.doors, values.start, values.end, values.zone, values.desk_contact])
      expect(m.text).toContain(v);
    expect(m.text).toContain("on the keypad");
  });
});
