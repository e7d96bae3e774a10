import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium: the browser tests never download a browser of their own. */
export const CHROMIUM = process.env.SPECREADY_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Whether the browser tests can run here. Without Chromium they are skipped with a note, except where
 * they are required (`.ci/run` sets SPECREADY_E2E_REQUIRED=1, so CI fails rather than skips).
 */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.SPECREADY_E2E_REQUIRED === "1") {
  throw new Error(`the browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);
}
if (!hasChromium) {
  console.warn(`specready e2e: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium to run them)`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: Chromium's background services would only fail and retry.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
