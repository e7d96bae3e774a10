import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../app.js";
import { contractProblems } from "./openapi-contract.js";
import { orNull } from "./schemas.js";

function documentOf(response: z.ZodType | undefined) {
  const app = new OpenAPIHono();
  app.openapi(
    createRoute({
      method: "get",
      path: "/thing",
      responses: {
        200:
          response === undefined
            ? { description: "Something" }
            : { description: "Something", content: { "application/json": { schema: response } } },
      },
    }),
    (c) => c.json({}, 200),
  );
  return app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
}

describe("the OpenAPI document as the web app's contract", () => {
  it("gives every response of every route a schema, with no untyped object or record of unknown", () => {
    expect(contractProblems(openApiDocument())).toEqual([]);
  });

  it("types the dashboard's charts and pending figures, not a record of unknown", () => {
    const doc = openApiDocument() as { components: { schemas: Record<string, { properties?: object }> } };
    const dashboard = doc.components.schemas.Dashboard?.properties as Record<string, unknown>;
    expect(dashboard.charts).toEqual({ $ref: "#/components/schemas/DashboardCharts" });
    expect(Object.keys(doc.components.schemas.DashboardCharts?.properties ?? {})).toEqual([
      "asOf",
      "acr",
      "certifications",
      "capability",
      "audit",
    ]);
  });

  it("names a response without a schema", () => {
    expect(contractProblems(documentOf(undefined))).toEqual(["GET /thing 200: no content schema"]);
  });

  it("names a record of unknown, an object of anything and a value of any type, where they are", () => {
    const doc = documentOf(
      z.object({
        charts: z.record(z.string(), z.unknown()),
        plan: z.looseObject({ id: z.string() }),
        anything: z.unknown(),
        list: z.array(z.object({}).catchall(z.unknown())),
      }),
    );
    expect(contractProblems(doc)).toEqual([
      "GET /thing 200 application/json.charts: a record of unknown values",
      "GET /thing 200 application/json.plan: a record of unknown values",
      "GET /thing 200 application/json.anything: accepts any value",
      "GET /thing 200 application/json.list[]: a record of unknown values",
    ]);
  });

  it("names a named schema made nullable, which the document would get wrong", () => {
    const Named = z.object({ id: z.string() }).openapi("Named");
    const Kind = z.enum(["a", "b"]).openapi("Kind");
    // Where the document gets it wrong depends on which use it meets first: either way it is named.
    const problems = contractProblems(
      documentOf(z.object({ named: Named.nullable(), kind: Kind.nullable() })),
    );
    expect(problems).toContain(
      "#/components/schemas/Named: nullable itself (use orNull(Named) where it may be null)",
    );
    expect(problems.filter((p) => p.includes("Kind"))).toHaveLength(1);
    expect(
      contractProblems(documentOf(z.object({ named: orNull(Named), kind: orNull(Kind), other: Named }))),
    ).toEqual([]);
  });

  it("accepts typed records and described references", () => {
    const Named = z.object({ id: z.string() }).openapi("Named");
    const doc = documentOf(
      z.object({
        counts: z.record(z.string(), z.number()),
        named: Named.openapi({ description: "A described reference" }),
      }),
    );
    expect(contractProblems(doc)).toEqual([]);
  });
});
