/*
 * What makes the OpenAPI document a contract the web app can be generated from: every response says
 * what it returns, and no schema in it is a shrug (`{}`, an object of anything, a record of unknown).
 */

type Schema = Record<string, unknown>;

interface Operation {
  readonly responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Document {
  readonly paths?: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);
/** Keys that describe a schema without constraining it. */
const ANNOTATIONS = new Set(["description", "example", "examples", "title", "deprecated", "default"]);

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function untyped(schema: Schema): boolean {
  return Object.keys(schema).every((k) => ANNOTATIONS.has(k));
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === "string" ? [t] : [];
}

/** An `allOf` of a reference and a nullable type: it can never be null (what `Enum.nullable()` writes). */
function nullableRefs(schema: Schema): boolean {
  const parts = schema.allOf;
  return (
    Array.isArray(parts) &&
    parts.some((p) => isObject(p) && p.$ref !== undefined) &&
    parts.some((p) => isObject(p) && typesOf(p).includes("null"))
  );
}

/** The places in a schema that accept any value, as `where: why`. */
export function looseSchemaPlaces(schema: unknown, where: string): string[] {
  const found: string[] = [];
  const walk = (s: unknown, at: string, annotationAllowed: boolean): void => {
    if (!isObject(s)) return;
    if (s.$ref !== undefined) return;
    if (nullableRefs(s)) found.push(`${at}: a reference made nullable in a way that never allows null`);
    if (untyped(s)) {
      // `allOf: [{$ref}, {description}]` is how a described reference is written: not a loose value.
      if (!annotationAllowed) found.push(`${at}: accepts any value`);
      return;
    }
    if (typesOf(s).includes("object")) {
      const extra = s.additionalProperties;
      if (s.properties === undefined && extra === undefined) found.push(`${at}: an object of anything`);
      if (extra === true) found.push(`${at}: allows any extra property`);
      if (isObject(extra) && untyped(extra)) found.push(`${at}: a record of unknown values`);
    }
    for (const [k, v] of Object.entries(isObject(s.properties) ? s.properties : {}))
      walk(v, `${at}.${k}`, false);
    if (s.items !== undefined) walk(s.items, `${at}[]`, false);
    if (isObject(s.additionalProperties) && !untyped(s.additionalProperties))
      walk(s.additionalProperties, `${at}{}`, false);
    for (const key of ["anyOf", "oneOf", "allOf"] as const) {
      const parts = s[key];
      if (!Array.isArray(parts)) continue;
      for (const [i, p] of parts.entries()) walk(p, `${at}|${key}[${i}]`, key === "allOf");
    }
  };
  walk(schema, where, false);
  return found;
}

/**
 * Every problem of the document as a contract: a response (other than 204 or a redirect) without a
 * schema, and every loose schema of a response or a component.
 */
export function contractProblems(openApi: object): string[] {
  const document = openApi as Document;
  const problems: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const responses = operation.responses ?? {};
      if (Object.keys(responses).length === 0) problems.push(`${method.toUpperCase()} ${path}: no responses`);
      for (const [status, response] of Object.entries(responses)) {
        const at = `${method.toUpperCase()} ${path} ${status}`;
        const content = response.content;
        if (content === undefined || Object.keys(content).length === 0) {
          if (status !== "204" && !status.startsWith("3")) problems.push(`${at}: no content schema`);
          continue;
        }
        for (const [type, media] of Object.entries(content)) {
          if (media.schema === undefined) problems.push(`${at} ${type}: no schema`);
          else problems.push(...looseSchemaPlaces(media.schema, `${at} ${type}`));
        }
      }
    }
  }
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    // A nullable component is `Named.nullable()` somewhere: the null belongs where it is used.
    if (isObject(schema) && (typesOf(schema).includes("null") || nullableRefs(schema)))
      problems.push(
        `#/components/schemas/${name}: nullable itself (use orNull(${name}) where it may be null)`,
      );
    problems.push(...looseSchemaPlaces(schema, `#/components/schemas/${name}`));
  }
  return problems;
}
