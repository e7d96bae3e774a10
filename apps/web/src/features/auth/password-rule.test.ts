import { describe, expect, it } from "vitest";
import { newPasswordProblem, serverPasswordMessage } from "./password-rule";

describe("newPasswordProblem", () => {
  it("asks for a password of 12 to 200 characters", () => {
    expect(newPasswordProblem("")).toBe("Choose a password.");
    expect(newPasswordProblem("short")).toBe("Use at least 12 characters.");
    expect(newPasswordProblem("x".repeat(201))).toBe("Use at most 200 characters.");
    expect(newPasswordProblem("correct horse battery")).toBeUndefined();
  });
});

describe("serverPasswordMessage", () => {
  it("turns the server's field message into a sentence about the password", () => {
    expect(
      serverPasswordMessage(
        "is too easy to guess: this is similar to a commonly used password. Add more words that are less common.",
      ),
    ).toBe(
      "This password is too easy to guess: this is similar to a commonly used password. Add more words that are less common.",
    );
    expect(serverPasswordMessage("must not contain your email address or your name")).toBe(
      "This password must not contain your email address or your name",
    );
    expect(serverPasswordMessage(undefined)).toBeUndefined();
    expect(serverPasswordMessage("Something else.")).toBe("Something else.");
  });
});
