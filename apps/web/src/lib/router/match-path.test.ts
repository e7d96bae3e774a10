import { describe, expect, it } from "vitest";
import {
  buildPath,
  isBrowserHandledClick,
  matchPath,
  matchRoutes,
  safeNextPath,
  withQuery,
} from "./match-path";

describe("matchPath", () => {
  it("matches static and param segments exactly", () => {
    expect(matchPath("/sign-in", "/sign-in")).toEqual({});
    expect(matchPath("/o/:orgId", "/o/42")).toEqual({ orgId: "42" });
    expect(matchPath("/o/:orgId/imports", "/o/42/imports")).toEqual({ orgId: "42" });
    expect(matchPath("/o/:orgId", "/o/42/imports")).toBeNull();
    expect(matchPath("/o/:orgId/imports", "/o/42")).toBeNull();
    expect(matchPath("/o/:orgId/members", "/o/42/imports")).toBeNull();
  });

  it("ignores trailing slashes and decodes params", () => {
    expect(matchPath("/o/:orgId/", "/o/42/")).toEqual({ orgId: "42" });
    expect(matchPath("/invite/:token", "/invite/a%2Fb%20c")).toEqual({ token: "a/b c" });
    expect(matchPath("/", "/")).toEqual({});
    expect(matchPath("/", "")).toEqual({});
  });

  it("refuses malformed escapes and empty segments", () => {
    expect(matchPath("/invite/:token", "/invite/%E0%A4%A")).toBeNull();
    expect(matchPath("/invite/:token", "/invite/")).toBeNull();
  });
});

describe("matchRoutes", () => {
  const routes = [{ path: "/o/:orgId" }, { path: "/o/:orgId/imports" }, { path: "/setup" }];
  it("returns the first matching route with its params", () => {
    expect(matchRoutes(routes, "/o/7/imports")).toEqual({ route: routes[1], params: { orgId: "7" } });
    expect(matchRoutes(routes, "/nowhere")).toBeNull();
  });
});

describe("buildPath and withQuery", () => {
  it("encodes params and drops empty query values", () => {
    expect(buildPath("/o/:orgId/activity", { orgId: "a b" })).toBe("/o/a%20b/activity");
    expect(() => buildPath("/o/:orgId", {})).toThrow();
    expect(withQuery("/o/1", { asOf: "2025-09-10", x: undefined, y: "" })).toBe("/o/1?asOf=2025-09-10");
    expect(withQuery("/o/1", {})).toBe("/o/1");
  });
});

describe("isBrowserHandledClick", () => {
  const click = {
    button: 0,
    metaKey: false,
    altKey: false,
    ctrlKey: false,
    shiftKey: false,
    defaultPrevented: false,
  };
  const origin = "https://specready.example";
  it("lets the router handle a plain left click on a same-origin link", () => {
    expect(isBrowserHandledClick(click, null, "/o/1", origin)).toBe(false);
  });
  it("leaves middle clicks, modifier clicks, other targets and other origins to the browser", () => {
    expect(isBrowserHandledClick({ ...click, button: 1 }, null, "/o/1", origin)).toBe(true);
    expect(isBrowserHandledClick({ ...click, ctrlKey: true }, null, "/o/1", origin)).toBe(true);
    expect(isBrowserHandledClick({ ...click, metaKey: true }, null, "/o/1", origin)).toBe(true);
    expect(isBrowserHandledClick(click, "_blank", "/o/1", origin)).toBe(true);
    expect(isBrowserHandledClick(click, null, "https://learn.microsoft.com/x", origin)).toBe(true);
  });
});

describe("safeNextPath", () => {
  it("only follows paths of this app", () => {
    expect(safeNextPath("/o/1/imports?x=1")).toBe("/o/1/imports?x=1");
    expect(safeNextPath("//evil.example")).toBeNull();
    expect(safeNextPath("https://evil.example")).toBeNull();
    expect(safeNextPath("/\\evil.example")).toBeNull();
    expect(safeNextPath("/api/session")).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });
});
