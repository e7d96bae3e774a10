import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/api-client";
import { asSentence, splitIssues } from "./form-issues";

describe("splitIssues", () => {
  const fields = ["title", "aiServices", "file"] as const;

  it("puts each issue under its field (the first per field), and the rest above the buttons", () => {
    const error = new ApiError(400, "invalid_request", "Invalid", [
      { path: "aiServices.2", message: "must not be empty" },
      { path: "aiServices.3", message: "too long" },
      { path: "fileName", message: "must not be empty" },
      { path: "controls", message: "link the evidence to at least one control" },
      { path: "", message: "send a status or a response" },
    ]);
    expect(splitIssues(error, fields, { fileName: "file" })).toEqual({
      byField: { aiServices: "must not be empty", file: "must not be empty" },
      other: ["controls: link the evidence to at least one control", "send a status or a response"],
    });
  });

  it("has nothing to place for another error", () => {
    expect(splitIssues(new Error("offline"), fields)).toEqual({ byField: {}, other: [] });
    expect(splitIssues(null, fields)).toEqual({ byField: {}, other: [] });
  });
});

describe("asSentence", () => {
  it("makes the API's message a sentence", () => {
    expect(asSentence("must not be empty")).toBe("Must not be empty.");
    expect(asSentence("Already a sentence!")).toBe("Already a sentence!");
    expect(asSentence("  ")).toBe("");
  });
});
