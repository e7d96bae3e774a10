import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../app.js";
import { typeOf, webTypesOf } from "./web-types.js";

const GENERATED = new URL("../../../web/src/api/schema.gen.ts", import.meta.url);

describe("the web app's generated API types", () => {
  it("are what the OpenAPI document gives now (run `npm run api:types` after changing a schema)", () => {
    expect(readFileSync(GENERATED, "utf8")).toBe(webTypesOf(openApiDocument()));
  });

  it("write each kind of schema the document uses", () => {
    expect(typeOf({ $ref: "#/components/schemas/Organization" })).toBe(
      'components["schemas"]["Organization"]',
    );
    expect(typeOf({ type: ["string", "null"] })).toBe("string | null");
    expect(typeOf({ type: "string", enum: ["met", "not_met"] })).toBe('"met" | "not_met"');
    expect(typeOf({ type: "array", items: { anyOf: [{ type: "integer" }, { type: "null" }] } })).toBe(
      "readonly (number | null)[]",
    );
    expect(
      typeOf({
        type: "object",
        properties: { id: { type: "string", description: "The id" }, note: { type: "string" } },
        required: ["id"],
      }),
    ).toBe("{\n  /** The id */\n  readonly id: string;\n  readonly note?: string;\n}");
    expect(typeOf({ type: "object", additionalProperties: { type: "number" } })).toBe(
      "{\n  readonly [key: string]: number;\n}",
    );
    expect(typeOf({ allOf: [{ $ref: "#/components/schemas/Role" }, { description: "The role" }] })).toBe(
      'components["schemas"]["Role"]',
    );
  });
});
