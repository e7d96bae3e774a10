/*
 * The web app's API types, written from the OpenAPI document: `paths` (per path and method, the path
 * and query parameters, the JSON body and each status's answer) and `components` (every named schema),
 * in the shape openapi-typescript gives them. Our own few lines rather than openapi-typescript: it needs
 * the TypeScript 5 compiler API, which the TypeScript 7 this repository builds with no longer has.
 * `npm run api:types` writes apps/web/src/api/schema.gen.ts; a test fails when that file is stale.
 */

type Schema = Record<string, unknown>;

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: Schema;
}

interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content?: Record<string, { schema?: Schema }>;
  };
  readonly responses?: Record<string, { readonly content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  readonly paths?: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

const METHODS = ["get", "put", "post", "delete", "patch"] as const;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** `{`, each line indented by two spaces, `}`. */
function block(lines: readonly string[]): string {
  if (lines.length === 0) return "{}";
  return `{\n${lines.map((l) => l.replace(/^(?=.)/gm, "  ")).join("\n")}\n}`;
}

function comment(schema: Schema): string {
  const text = typeof schema.description === "string" ? schema.description.trim() : "";
  if (text === "") return "";
  return `/** ${text.replaceAll("*/", "*\\/").replaceAll("\n", " ")} */\n`;
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  return unique.length === 0 ? "never" : unique.join(" | ");
}

function objectType(schema: Schema): string {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const lines: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const doc = isObject(property) ? comment(property) : "";
    const optional = required.has(name) ? "" : "?";
    lines.push(`${doc}readonly ${key(name)}${optional}: ${typeOf(property)};`);
  }
  const extra = schema.additionalProperties;
  if (isObject(extra)) lines.push(`readonly [key: string]: ${typeOf(extra)};`);
  if (lines.length === 0) return "Record<string, never>";
  return block(lines);
}

/** The TypeScript type of a JSON schema of the document (the subset zod-openapi writes). */
export function typeOf(schema: unknown): string {
  if (!isObject(schema)) return "unknown";
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return `components["schemas"][${JSON.stringify(name)}]`;
  }
  if (Array.isArray(schema.allOf)) {
    // `allOf: [{$ref}, {description}]` is a described reference: the annotations add no type.
    const typed = schema.allOf.filter((p) => isObject(p) && Object.keys(p).some((k) => k !== "description"));
    return typed.length === 1 ? typeOf(typed[0]) : typed.map((p) => `(${typeOf(p)})`).join(" & ");
  }
  for (const k of ["anyOf", "oneOf"] as const) {
    const parts = schema[k];
    if (Array.isArray(parts)) return union(parts.map((p) => wrap(typeOf(p))));
  }
  if (Array.isArray(schema.enum)) return union(schema.enum.map((v) => JSON.stringify(v)));
  if ("const" in schema) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === "string"
      ? [schema.type]
      : [];
  if (types.length === 0) return "unknown";
  return union(
    types.map((t) => {
      switch (t) {
        case "string":
          return "string";
        case "integer":
        case "number":
          return "number";
        case "boolean":
          return "boolean";
        case "null":
          return "null";
        case "array":
          return `readonly ${wrap(typeOf(schema.items))}[]`;
        case "object":
          return objectType(schema);
        default:
          return "unknown";
      }
    }),
  );
}

/** Parenthesized where an array's `[]` would otherwise bind to part of it. */
function wrap(type: string): string {
  return (/[|&]/.test(type) && !type.startsWith("{")) || type.startsWith("readonly ") ? `(${type})` : type;
}

function parametersOf(operation: Operation, where: "path" | "query"): string {
  const list = (operation.parameters ?? []).filter((p) => p.in === where);
  if (list.length === 0) return "never";
  return objectType({
    type: "object",
    properties: Object.fromEntries(list.map((p) => [p.name, p.schema ?? {}])),
    required: list.filter((p) => p.required).map((p) => p.name),
  });
}

function bodyOf(content: Record<string, { schema?: Schema }> | undefined): string {
  if (content === undefined) return "never";
  const json = content["application/json"];
  if (json !== undefined) return typeOf(json.schema);
  // Files go up and come down as bytes.
  return Object.keys(content).length > 0 ? "Blob" : "never";
}

function operationType(operation: Operation): string {
  const responses = Object.entries(operation.responses ?? {}).map(
    ([status, r]) => `${status}: ${bodyOf(r.content)};`,
  );
  return block([
    `parameters: ${block([`path: ${parametersOf(operation, "path")};`, `query: ${parametersOf(operation, "query")};`])};`,
    `requestBody: ${bodyOf(operation.requestBody?.content)};`,
    `responses: ${block(responses)};`,
  ]);
}

/** The whole generated file. */
export function webTypesOf(openApi: object): string {
  const document = openApi as OpenApiDocument;
  const paths: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const methods = METHODS.filter((m) => item[m] !== undefined).map(
      (m) => `${m}: ${operationType(item[m] as Operation)};`,
    );
    paths.push(`${JSON.stringify(path)}: ${block(methods)};`);
  }
  // A schema that contains itself (JSON values) is a named type alias: TypeScript refuses an indexed
  // access type that refers to itself.
  const recursive: string[] = [];
  const schemas = Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => {
    const type = typeOf(schema);
    const self = `components["schemas"][${JSON.stringify(name)}]`;
    if (!type.includes(self)) return `${comment(schema)}${key(name)}: ${type};`;
    recursive.push(`${comment(schema)}export type ${name} = ${type.replaceAll(self, name)};`, "");
    return `${key(name)}: ${name};`;
  });
  return [
    "/*",
    " * The API's types, generated from its OpenAPI document by `npm run api:types`: do not edit.",
    " * apps/server/src/api/web-types.test.ts fails when this file is not what the document gives.",
    " */",
    "",
    ...recursive,
    `export interface paths ${block(paths)}`,
    "",
    `export interface components ${block([`schemas: ${block(schemas)};`])}`,
    "",
  ].join("\n");
}
