import { describe, expect, it } from "vitest";
import { absoluteUrl } from "./api";

describe("absoluteUrl", () => {
  it("keeps absolute links and completes relative ones", () => {
    expect(absoluteUrl("https://sr.example/invite/abc", "https://other.example")).toBe(
      "https://sr.example/invite/abc",
    );
    expect(absoluteUrl("/invite/abc", "https://sr.example")).toBe("https://sr.example/invite/abc");
  });
});
