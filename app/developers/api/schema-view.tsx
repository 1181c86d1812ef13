import type { ReactNode } from "react";

// biome-ignore lint/suspicious/noExplicitAny: renders the OpenAPI document's JSON Schema as it is
type Schema = any;
export type Components = Record<string, Schema>;

const refName = (ref: string) => ref.split("/").pop() ?? ref;

/** "string (date-time)", "integer 1–200", "Window", "one of …" — a schema's type in a few words. */
export function typeWords(s: Schema): string {
  if (!s) return "any";
  if (s.$ref) return refName(s.$ref);
  if (s.oneOf || s.anyOf) return "one of the shapes below";
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const main = types.filter((t) => t !== "null");
  let word = main.join(" | ") || "any";
  if (word === "array") word = `array of ${typeWords(s.items)}`;
  if (s.format) word += ` (${s.format})`;
  if (s.enum) word = s.enum.map((v: unknown) => JSON.stringify(v)).join(" | ");
  const [lo, hi] = [s.minimum ?? s.minLength, s.maximum ?? s.maxLength];
  const unit = s.minLength !== undefined || s.maxLength !== undefined ? " characters" : "";
  if (lo !== undefined && hi !== undefined) word += `, ${lo}–${hi}${unit}`;
  else if (hi !== undefined) word += `, at most ${hi}${unit}`;
  else if (lo !== undefined) word += `, at least ${lo}${unit}`;
  if (types.includes("null")) word += ", or null";
  return word;
}

/**
 * A JSON Schema as a nested list of fields (name, type, required, description), following $refs
 * into the document's components — readable without any script or CDN.
 */
export function SchemaView({
  schema,
  components,
  depth = 0,
}: {
  schema: Schema;
  components: Components;
  depth?: number;
}): ReactNode {
  if (!schema || depth > 4) return null;
  const resolved = schema.$ref ? components[refName(schema.$ref)] : schema;
  if (!resolved) return null;
  const variants = resolved.oneOf ?? resolved.anyOf;
  if (variants)
    return (
      <ul className="ml-4 list-disc space-y-2">
        {variants.map((v: Schema, i: number) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the variants are a fixed list from the document
          <li key={i}>
            <span className="text-xs text-slate-500">shape {i + 1}</span>
            <SchemaView schema={v} components={components} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  if (resolved.type === "array")
    return <SchemaView schema={resolved.items} components={components} depth={depth + 1} />;
  const props = resolved.properties as Record<string, Schema> | undefined;
  if (!props) return null;
  const required = new Set<string>(resolved.required ?? []);
  return (
    <ul className="ml-2 space-y-1 border-l border-slate-200 pl-3">
      {Object.entries(props).map(([name, p]) => {
        const target = p.$ref ? components[refName(p.$ref)] : p;
        const nested =
          target?.properties ||
          target?.oneOf ||
          (target?.type === "array" && (target.items?.$ref || target.items?.properties));
        return (
          <li key={name} className="text-sm">
            <code className="font-semibold">{name}</code> <span className="text-slate-600">{typeWords(p)}</span>
            {required.has(name) ? null : <span className="text-xs text-slate-500"> · optional</span>}
            {(p.description ?? target?.description) ? (
              <span className="block text-xs text-slate-500">{p.description ?? target?.description}</span>
            ) : null}
            {nested ? <SchemaView schema={p} components={components} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
