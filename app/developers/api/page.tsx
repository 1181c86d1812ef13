import { API_BASE, openApiDocument } from "@/lib/api/openapi";
import { PROBLEM_TYPES } from "@/lib/api/problem";
import { PageHeader } from "@/components/ui/page-header";
import { type Components, SchemaView, typeWords } from "./schema-view";

export const metadata = { title: "API reference · Portier" };

// biome-ignore lint/suspicious/noExplicitAny: the document is walked as plain JSON
type Json = any;

const METHOD_TONE: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  patch: "bg-amber-100 text-amber-800",
  delete: "bg-rose-100 text-rose-800",
};

/**
 * The API reference, rendered on the server from the same OpenAPI document /api/v1/openapi.json
 * serves (no script, no CDN). Public like the document: it describes the API and holds no data.
 * Each problem type has an anchor here, which is what a problem's `type` points at.
 */
export default function ApiReferencePage() {
  const doc = JSON.parse(JSON.stringify(openApiDocument())) as Json;
  const components: Components = doc.components?.schemas ?? {};
  const ops = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <main className="mx-auto max-w-4xl px-4 py-8">
      <PageHeader title={`${doc.info.title} ${doc.info.version}`} description={doc.info.description} />
      <section className="card mb-6 space-y-2 p-5 text-sm">
        <h2 className="text-base font-semibold">Basics</h2>
        <p>
          Base URL <code>{API_BASE}</code>. Send <code>Authorization: Bearer ptr_…</code> (an admin creates keys under
          Settings → API keys; read keys read, read-write keys also write). Machine-readable:{" "}
          <a className="text-indigo-700 underline" href={`${API_BASE}/openapi.json`}>
            openapi.json
          </a>{" "}
          (OpenAPI 3.1).
        </p>
        <p>
          Every <strong>POST, PATCH and DELETE</strong> needs an <code>Idempotency-Key</code> header (e.g. a UUID per
          intended change). Retrying with the same key and body within 24 h returns the first answer (marked{" "}
          <code>Idempotent-Replayed: true</code>) and never writes twice.
        </p>
        <p>
          Lists are pages: pass <code>limit</code> (≤ 200) and the previous page&apos;s <code>nextCursor</code> as{" "}
          <code>cursor</code>. Each key has a rate limit; over it the answer is 429 with <code>Retry-After</code>.
        </p>
        <p>
          Times are ISO 8601 instants. Weekly windows use the door&apos;s local dates and minutes after local midnight;{" "}
          <code>weekdays</code> are Nuki&apos;s bits (Mon 64, Tue 32, Wed 16, Thu 8, Fri 4, Sat 2, Sun 1).
        </p>
      </section>

      {ops.map(({ path, method, op }) => (
        <section key={`${method} ${path}`} id={op.operationId} className="card mb-4 p-5">
          <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold">
            <span className={`rounded px-2 py-0.5 text-xs uppercase ${METHOD_TONE[method] ?? ""}`}>{method}</span>
            <code>
              {API_BASE}
              {path}
            </code>
          </h2>
          <p className="mt-1 text-sm">{op.summary}</p>
          {op.description ? <p className="mt-1 text-sm text-slate-600">{op.description}</p> : null}
          {op.parameters?.length ? (
            <>
              <h3 className="mt-3 text-sm font-semibold">Parameters</h3>
              <ul className="mt-1 space-y-1 text-sm">
                {op.parameters.map((p: Json) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code className="font-semibold">{p.name}</code>{" "}
                    <span className="text-slate-600">
                      {p.in} · {typeWords(p.schema)}
                      {p.required ? " · required" : ""}
                    </span>
                    {p.description ? <span className="block text-xs text-slate-500">{p.description}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {op.requestBody ? (
            <>
              <h3 className="mt-3 text-sm font-semibold">
                Body{" "}
                <span className="font-normal text-slate-600">
                  {typeWords(op.requestBody.content["application/json"].schema)}
                </span>
              </h3>
              <SchemaView schema={op.requestBody.content["application/json"].schema} components={components} />
            </>
          ) : null}
          <h3 className="mt-3 text-sm font-semibold">Answers</h3>
          <ul className="mt-1 space-y-2 text-sm">
            {Object.entries(op.responses as Record<string, Json>).map(([status, r]) => {
              const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
              const schema = (media as Json)?.schema;
              return (
                <li key={status}>
                  <strong>{status}</strong> {r.description}{" "}
                  {schema ? (
                    <span className="text-slate-600">
                      — {typeWords(schema)} ({type})
                    </span>
                  ) : null}
                  {Number(status) < 300 && schema ? <SchemaView schema={schema} components={components} /> : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}

      <section className="card mb-4 p-5" id="problems">
        <h2 className="text-base font-semibold">Problems (RFC 9457)</h2>
        <p className="mt-1 text-sm">
          Every error is <code>application/problem+json</code> with <code>type</code>, <code>title</code>,{" "}
          <code>status</code>, <code>detail</code> and <code>instance</code>; validation problems list each field in{" "}
          <code>errors</code>, a version conflict carries the <code>current</code> window.
        </p>
        <SchemaView schema={{ $ref: "#/components/schemas/Problem" }} components={components} />
        <dl className="mt-3 space-y-1 text-sm">
          {Object.entries(PROBLEM_TYPES).map(([type, p]) => (
            <div key={type} id={`problem-${type}`}>
              <dt className="inline font-semibold">
                <code>{type}</code> ({p.status})
              </dt>{" "}
              <dd className="inline">{p.title}.</dd>
            </div>
          ))}
        </dl>
      </section>
    </main>
  );
}
