import { afterEach, describe, expect, it } from "vitest";
import {
  ApiError,
  adoptEarlyAnswers,
  api,
  apiUrl,
  errorMessage,
  fieldErrors,
  forgetEarlyAnswers,
  parseRetryAfter,
  requestHeaders,
  setCsrfToken,
  signInRefusalOf,
  toApiError,
} from "./api-client";

describe("toApiError", () => {
  it("keeps the API's code, message and issues", () => {
    const e = toApiError(400, {
      error: {
        code: "request.invalid",
        message: "The request is invalid.",
        issues: [{ path: "email", message: "Enter an email address." }],
      },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe("request.invalid");
    expect(e.message).toBe("The request is invalid.");
    expect(e.issues).toEqual([{ path: "email", message: "Enter an email address." }]);
  });

  it("joins array paths and reads Retry-After", () => {
    const e = toApiError(
      429,
      {
        error: { code: "auth.rate_limited", message: "Too many", issues: [{ path: ["a", 0], message: "x" }] },
      },
      "30",
    );
    expect(e.issues[0]?.path).toBe("a.0");
    expect(e.retryAfterSeconds).toBe(30);
  });

  it("keeps the problems of an input file", () => {
    const e = toApiError(422, {
      error: {
        code: "import.invalid",
        message: "The file has problems.",
        problems: [
          { file: "a.csv", line: 3, column: "Month", code: "cell.date", message: "bad" },
          { file: "a.csv", code: "x", message: "y" },
        ],
        problemTotal: 120,
      },
    });
    expect(e.problems).toEqual([
      { file: "a.csv", line: 3, column: "Month", code: "cell.date", message: "bad" },
      { file: "a.csv", code: "x", message: "y" },
    ]);
    expect(e.problemTotal).toBe(120);
    expect(toApiError(400, { error: { code: "x", message: "y" } }).problems).toEqual([]);
  });

  it("gives a fitting message when the body is not the API's shape", () => {
    const e = toApiError(502, undefined);
    expect(e.code).toBe("http.502");
    expect(e.message).toMatch(/cannot be reached/);
    expect(toApiError(418, "<html>").message).toBe("The server answered 418.");
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("12")).toBe(12);
    expect(parseRetryAfter(null)).toBeNull();
    const now = Date.parse("2025-09-10T10:00:00Z");
    expect(parseRetryAfter("Wed, 10 Sep 2025 10:01:00 GMT", now)).toBe(60);
    expect(parseRetryAfter("soon")).toBeNull();
  });
});

describe("requests", () => {
  afterEach(() => setCsrfToken(null));

  it("builds query strings without empty values", () => {
    expect(apiUrl("/api/orgs/1/activity", { action: "import.created", before: undefined, limit: 50 })).toBe(
      "/api/orgs/1/activity?action=import.created&limit=50",
    );
    expect(apiUrl("/api/session")).toBe("/api/session");
  });

  it("sends the CSRF token on state-changing requests only", () => {
    setCsrfToken("tok");
    expect(requestHeaders("GET", false)["X-CSRF-Token"]).toBeUndefined();
    for (const m of ["POST", "PUT", "PATCH", "DELETE"])
      expect(requestHeaders(m, true)["X-CSRF-Token"]).toBe("tok");
    expect(requestHeaders("POST", true)["Content-Type"]).toBe("application/json");
    expect(requestHeaders("DELETE", false)["Content-Type"]).toBeUndefined();
  });

  it("words any error for people", () => {
    expect(errorMessage(new ApiError(409, "x", "Conflict here"))).toBe("Conflict here");
    expect(errorMessage("boom")).toBe("Something went wrong.");
  });
});

describe("fieldErrors", () => {
  it("keeps the first message per field", () => {
    const e = new ApiError(400, "request.invalid", "Invalid", [
      { path: "email", message: "Enter an email address." },
      { path: "email", message: "Second" },
      { path: "", message: "Whole request" },
    ]);
    expect(fieldErrors(e)).toEqual({ email: "Enter an email address." });
    expect(fieldErrors(new Error("x"))).toEqual({});
  });
});

describe("signInRefusalOf", () => {
  const refusal = (status: number, code: string) =>
    signInRefusalOf(toApiError(status, { error: { code, message: "m" } }));

  it("tells an organization's refusal of the way the person signed in from other errors", () => {
    expect(refusal(403, "auth.entra_required")).toBe("entra_required");
    expect(refusal(403, "auth.entra_tenant_refused")).toBe("entra_tenant_refused");
    expect(refusal(403, "auth.two_factor_required")).toBeNull();
    expect(refusal(403, "auth.forbidden")).toBeNull();
    expect(refusal(401, "auth.entra_required")).toBeNull();
    expect(signInRefusalOf(new Error("auth.entra_required"))).toBeNull();
  });
});

describe("early answers (first-requests.ts)", () => {
  afterEach(() => forgetEarlyAnswers());
  const answer = (status: number, body: unknown) =>
    Promise.resolve(
      new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }),
    );

  it("answer the first read of their URL, once; a later read asks the server", async () => {
    adoptEarlyAnswers(new Map([["/api/x?asOf=2026-12-06", answer(200, { a: 1 })]]));
    await expect(api("/api/x", { query: { asOf: "2026-12-06" } })).resolves.toEqual({ a: 1 });
    // The second read goes to fetch, which has no server to ask here (a relative URL in Node).
    await expect(api("/api/x", { query: { asOf: "2026-12-06" } })).rejects.toMatchObject({ status: 0 });
  });

  it("are forgotten at the end of the first load, a 401 among them", async () => {
    adoptEarlyAnswers(
      new Map([
        ["/api/session", answer(401, { error: { code: "auth.required", message: "Sign in first." } })],
      ]),
    );
    forgetEarlyAnswers();
    await expect(api("/api/session", { allowUnauthorized: true })).rejects.toMatchObject({ status: 0 });
  });

  it("turn an early 401 into the same error a request would", async () => {
    adoptEarlyAnswers(
      new Map([
        ["/api/session", answer(401, { error: { code: "auth.required", message: "Sign in first." } })],
      ]),
    );
    await expect(api("/api/session", { allowUnauthorized: true })).rejects.toMatchObject({
      status: 401,
      code: "auth.required",
    });
  });

  it("never answer a state-changing request", async () => {
    adoptEarlyAnswers(new Map([["/api/x", answer(200, { a: 1 })]]));
    await expect(api("/api/x", { method: "POST", body: {} })).rejects.toMatchObject({ status: 0 });
  });
});
