import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTenantId, TENANT_ID_EXAMPLE, tenantIdProblem } from "./tenant-id.js";

describe("isTenantId", () => {
  it("accepts a GUID in either case", () => {
    expect(isTenantId(TENANT_ID_EXAMPLE)).toBe(true);
    expect(isTenantId(TENANT_ID_EXAMPLE.toUpperCase())).toBe(true);
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(isTenantId(id)).toBe(true);
      }),
    );
  });

  it("refuses anything else: other ids, formulas, braces, spaces, missing groups", () => {
    for (const text of [
      "not-a-guid",
      '=HYPERLINK("http://evil.example","x")',
      "c-1",
      "",
      ` ${TENANT_ID_EXAMPLE}`,
      `{${TENANT_ID_EXAMPLE}}`,
      TENANT_ID_EXAMPLE.replaceAll("-", ""),
      `${TENANT_ID_EXAMPLE.slice(0, -1)}g`,
      `${TENANT_ID_EXAMPLE}\n`,
    ])
      expect(isTenantId(text), JSON.stringify(text)).toBe(false);
  });
});

describe("tenantIdProblem", () => {
  it("says what a tenant id is, quoting what was given (shortened when long)", () => {
    expect(tenantIdProblem(TENANT_ID_EXAMPLE)).toBeNull();
    expect(tenantIdProblem("not-a-guid")).toBe(
      `"not-a-guid" is not a tenant ID: a customer's tenant ID is a GUID such as ${TENANT_ID_EXAMPLE} (Partner Center shows it as CustomerTenantId)`,
    );
    expect(tenantIdProblem("x".repeat(100))).toContain(`"${"x".repeat(57)}…"`);
  });
});
