import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
let source: Promise<string> | null = null;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  /** The elements, as CSS selectors. */
  readonly targets: readonly string[];
}

/**
 * The WCAG 2.1 and 2.2 A and AA violations axe-core finds in the page as it is now (a dialog open
 * included). axe is evaluated through the DevTools protocol, so the app's Content-Security-Policy
 * stays as it is. Left out: Fluent UI's focus-trap sentinels (`data-tabster-dummy`), focusable under
 * aria-hidden by design, which screen readers never reach (microsoft/tabster#288).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  source ??= readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(await source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: {
        id: string;
        impact: string | null;
        help: string;
        nodes: { html: string; target: string[] }[];
      }[];
    }
    const results = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return results.violations
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes
          .filter((n) => !(v.id === "aria-hidden-focus" && n.html.includes("data-tabster-dummy")))
          .map((n) => n.target.join(" ")),
      }))
      .filter((v) => v.targets.length > 0);
  });
}
