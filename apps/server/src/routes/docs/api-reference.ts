/** The browsable API reference at /api/docs, rendered on the server from the OpenAPI document (no script). */
export function renderApiReference(doc: {
  info: { title: string; description?: string; version: string };
  paths?: object;
  components?: { schemas?: object };
}): string {
  const esc = (s: unknown) =>
    String(s ?? "").replace(
      /[&<>"']/g,
      (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string,
    );
  // A schema as JSON, its references to named schemas as links to them.
  const json = (value: unknown, indent?: number) =>
    esc(JSON.stringify(value, null, indent)).replace(
      /&quot;\$ref&quot;:\s?&quot;#\/components\/schemas\/([A-Za-z0-9_]+)&quot;/g,
      (_m, name: string) => `&quot;$ref&quot;: <a href="#schema-${name}">${name}</a>`,
    );
  const code = (s: string) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const [method, raw] of Object.entries(ops)) {
      const op = raw as {
        tags?: string[];
        summary?: string;
        description?: string;
        parameters?: {
          name: string;
          in: string;
          required?: boolean;
          description?: string;
          schema?: unknown;
        }[];
        requestBody?: { content?: Record<string, { schema?: unknown }> };
        responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
      };
      const tag = op.tags?.[0] ?? "Other";
      const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, "-");
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? "required" : "optional"}</td><td>${code(p.description ?? "")}</td><td><code>${json(p.schema)}</code></td></tr>`,
        )
        .join("");
      const body = Object.entries(op.requestBody?.content ?? {})
        .map(([type, c]) => `<p>Body (<code>${esc(type)}</code>):</p><pre>${json(c.schema, 2)}</pre>`)
        .join("");
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => {
          const schema = Object.values(r.content ?? {})[0]?.schema;
          return `<li><strong>${esc(status)}</strong> ${code(r.description ?? "")}${schema ? ` <code>${json(schema)}</code>` : ""}</li>`;
        })
        .join("");
      const html = `<section class="op" id="${id}"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>/api${esc(path)}</code></h3>
<p>${code(op.summary ?? "")}</p>${op.description ? `<p>${code(op.description)}</p>` : ""}
${params ? `<table><thead><tr><th>Parameter</th><th>In</th><th></th><th>Description</th><th>Schema</th></tr></thead><tbody>${params}</tbody></table>` : ""}
${body}<p>Responses:</p><ul>${responses}</ul></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const nav = [...byTag.keys()]
    .map((t) => `<li><a href="#tag-${esc(t.replace(/\W+/g, "-"))}">${esc(t)}</a></li>`)
    .join("");
  const sections = [...byTag.entries()]
    .map(([t, ops]) => `<h2 id="tag-${esc(t.replace(/\W+/g, "-"))}">${esc(t)}</h2>${ops.join("\n")}`)
    .join("\n");
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, s]) =>
        `<details id="schema-${esc(name)}"><summary><code>${esc(name)}</code></summary><pre>${json(s, 2)}</pre></details>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} reference</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;color:#242424;line-height:1.45}
header{background:#0f6cbd;color:#fff;padding:16px 32px}header a{color:#fff}
main{display:grid;grid-template-columns:220px 1fr;gap:32px;padding:24px 32px;max-width:1400px}
nav ul{list-style:none;padding:0;position:sticky;top:16px}nav a{color:#0f6cbd}
.op{border:1px solid #e0e0e0;border-radius:8px;padding:8px 16px;margin:12px 0}
.m{display:inline-block;min-width:64px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px;background:#616161}
.m.get{background:#0f6cbd}.m.post{background:#107c10}.m.put,.m.patch{background:#8a3707}.m.delete{background:#c50f1f}
table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
pre{background:#f5f5f5;padding:8px;overflow:auto;font-size:12px}code{font-family:Consolas,monospace}
</style></head><body><header><h1>${esc(doc.info.title)} <small>v${esc(doc.info.version)}</small></h1>
<p>${code(doc.info.description ?? "")} The machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p></header>
<main><nav aria-label="Sections"><ul>${nav}<li><a href="#schemas">Schemas</a></li></ul></nav>
<div>${sections}<h2 id="schemas">Schemas</h2>${schemas}</div></main></body></html>`;
}
