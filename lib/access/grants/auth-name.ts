/**
 * Auth names carry Portier's customer tag ("Anna Adler #k3f9qz"): Nuki returns no id on create,
 * and keypad code names may be at most 20 characters (forum/35593).
 */
export const TAG_PATTERN = /#([0-9a-z]{6})$/;
export const MAX_CODE_NAME = 20;

export function authName(customerName: string, tag: string): string {
  const room = MAX_CODE_NAME - tag.length - 2;
  const name = customerName.normalize("NFC").trim().replace(/\s+/g, " ");
  return `${[...name].slice(0, room).join("").trimEnd()} #${tag}`;
}

export const tagOf = (name: string) => TAG_PATTERN.exec(name)?.[1] ?? null;
