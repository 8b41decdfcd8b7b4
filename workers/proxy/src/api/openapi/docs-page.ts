/**
 * A readable, self-contained page for `/api/docs`, rendered on the server from the OpenAPI
 * document: no script and nothing fetched from a CDN, so it works offline and under a strict CSP.
 */

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema?: unknown;
  }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
  "x-floodgate-access"?: string;
}

interface Document {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function schemaHtml(schema: unknown): string {
  const text = JSON.stringify(schema, null, 2) ?? "";
  return `<pre>${escapeHtml(text).replace(
    /&quot;#\/components\/schemas\/([A-Za-z0-9_.-]+)&quot;/g,
    (_, name: string) => `<a href="#schema-${name}">${name}</a>`,
  )}</pre>`;
}

function operationHtml(method: string, path: string, op: Operation): string {
  const auth =
    op.security && op.security.length > 0
      ? op.security.map((s) => Object.keys(s).join(" + ")).join(" or ")
      : "none";
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? "yes" : "no"}</td><td>${escapeHtml(p.description ?? "")} <code>${escapeHtml(JSON.stringify(p.schema ?? {}))}</code></td></tr>`,
    )
    .join("");
  const body = op.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const schema = r.content?.["application/json"]?.schema;
      return `<li><b>${status}</b> ${escapeHtml(r.description ?? "")}${schema ? schemaHtml(schema) : ""}</li>`;
    })
    .join("");
  return `<section class="op" id="${method}-${escapeHtml(path)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? "")}</p>${op.description ? `<p class="d">${escapeHtml(op.description)}</p>` : ""}
<p class="auth">Auth: ${escapeHtml(auth)}${op["x-floodgate-access"] ? ` (${escapeHtml(op["x-floodgate-access"])})` : ""}</p>
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th></th></tr>${params}</table>` : ""}
${body ? `<h4>Request body</h4>${schemaHtml(body)}` : ""}
<h4>Responses</h4><ul>${responses}</ul></section>`;
}

export function docsPage(openApi: object): string {
  const document = openApi as Document;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      const list = byTag.get(tag) ?? [];
      list.push(operationHtml(method, path, op));
      byTag.set(tag, list);
    }
  }
  const toc = [...byTag.keys()]
    .map((t) => `<a href="#tag-${escapeHtml(t)}">${escapeHtml(t)}</a>`)
    .join(" · ");
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2 id="tag-${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join("")}`)
    .join("");
  const schemas = Object.entries(document.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<h3 id="schema-${escapeHtml(name)}">${escapeHtml(name)}</h3>${schemaHtml(schema)}`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f7;padding:.6rem;overflow:auto;border-radius:6px}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5rem;font-weight:700}
.get{color:#0a7}.post{color:#06c}.put,.patch{color:#a60}.delete{color:#c22}.d{color:#444}.auth{color:#666;font-size:13px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}</style>
</head><body><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? "")}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<nav>${toc}</nav>${sections}<h2 id="schemas">Schemas</h2>${schemas}</body></html>`;
}
