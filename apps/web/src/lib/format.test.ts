import { describe, expect, it } from "vitest";
import {
  calendarDateToUtc,
  formatBytes,
  formatDate,
  formatMonth,
  formatMonthAxis,
  formatNumber,
  formatPercent,
  formatTimestamp,
  formatTimestampDate,
  formatUsd,
  formatUsdCompact,
  isCalendarDate,
  listInWords,
  normalizeDecimalText,
  todayIso,
} from "./format";

// Intl output uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatUsd", () => {
  it("formats decimal text in the user's locale", () => {
    expect(formatUsd("2150.33", "en-US")).toBe("$2,150.33");
    expect(plain(formatUsd("2150.33", "fr-FR"))).toBe("2 150,33 $US");
    expect(formatUsd("2150.33", "de-DE").replace(/\s/g, " ")).toBe("2.150,33 $");
  });

  it("is exact for amounts a binary float cannot hold", () => {
    expect(formatUsd("90071992547409.93", "en-US")).toBe("$90,071,992,547,409.93");
  });

  it("rounds to cents, pads to cents, keeps the sign", () => {
    expect(formatUsd("12.345", "en-US")).toBe("$12.35");
    expect(formatUsd("7", "en-US")).toBe("$7.00");
    expect(formatUsd("-15.5", "en-US")).toBe("-$15.50");
  });

  it("can drop the cents and accepts thousands separators", () => {
    expect(formatUsd("2000", "en-US", { cents: false })).toBe("$2,000");
    expect(formatUsd("1,234.56", "en-US")).toBe("$1,234.56");
  });

  it("returns text that is not a number unchanged", () => {
    expect(formatUsd("n/a", "en-US")).toBe("n/a");
    expect(normalizeDecimalText("1e5")).toBeNull();
  });
});

describe("numbers", () => {
  it("formats counts, compact money and percentages", () => {
    expect(formatNumber(1234567, "en-US")).toBe("1,234,567");
    expect(formatNumber("76", "en-US")).toBe("76");
    expect(formatUsdCompact(2000, "en-US")).toBe("$2K");
    expect(formatUsdCompact(12500, "en-US")).toBe("$12.5K");
    expect(formatPercent(0.456, "en-US")).toBe("46%");
  });

  it("formats byte counts with units", () => {
    expect(formatBytes(512, "en-US")).toBe("512 bytes");
    expect(formatBytes(1_400_000, "en-US")).toBe("1.4 MB");
  });
});

describe("dates", () => {
  it("formats calendar dates without time-zone drift", () => {
    expect(formatDate("2025-09-10", "en-US")).toBe("Sep 10, 2025");
    expect(formatDate("2025-01-01", "en-GB", "long")).toBe("1 January 2025");
    expect(formatDate(null, "en-US")).toBe("—");
    expect(formatDate("soon", "en-US")).toBe("soon");
  });

  it("formats months", () => {
    expect(formatMonth("2025-09", "en-US")).toBe("September 2025");
    expect(formatMonth("2025-09", "en-US", "short")).toBe("Sep 2025");
    expect(formatMonthAxis("2025-09", false, "en-US")).toBe("Sep");
    expect(formatMonthAxis("2026-01", true, "en-US")).toBe("Jan 2026");
  });

  it("formats timestamps in the given time zone", () => {
    expect(plain(formatTimestamp("2025-09-10T13:05:00Z", "en-US", "UTC"))).toBe("Sep 10, 2025, 1:05 PM");
    expect(formatTimestamp(null)).toBe("—");
    expect(formatTimestampDate("2025-09-10T23:30:00Z", "en-US", "Asia/Tokyo")).toBe("Sep 11, 2025");
  });

  it("knows today's calendar date in local time and validates dates", () => {
    expect(todayIso(new Date(2025, 0, 5, 23, 59))).toBe("2025-01-05");
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2025-02-29")).toBe(false);
    expect(isCalendarDate("2025-9-1")).toBe(false);
    expect(calendarDateToUtc("1970-01-02")).toBe(86_400_000);
  });
});

describe("listInWords", () => {
  it("joins in the user's language", () => {
    expect(listInWords(["DP-100", "AI-102"], "en-US")).toBe("DP-100 and AI-102");
    expect(listInWords(["a", "b", "c"], "en-US", "disjunction")).toBe("a, b, or c");
  });
});
