import { describe, expect, it } from "vitest";
import { newPasswordProblem } from "./password-rule";

describe("newPasswordProblem", () => {
  it("asks for a password of 12 to 200 characters", () => {
    expect(newPasswordProblem("")).toBe("Choose a password.");
    expect(newPasswordProblem("short")).toBe("Use at least 12 characters.");
    expect(newPasswordProblem("x".repeat(201))).toBe("Use at most 200 characters.");
    expect(newPasswordProblem("correct horse battery")).toBeUndefined();
  });
});
