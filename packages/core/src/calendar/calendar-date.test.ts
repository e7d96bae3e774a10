import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  addDays,
  addMonths,
  addMonthsToMonth,
  addYears,
  type CalendarDate,
  compareDates,
  dateParts,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  firstDayOf,
  formatMonth,
  isBusinessDay,
  isLeapYear,
  isWithin,
  lastDayOf,
  lastDayWithin,
  makeDate,
  minDate,
  monthName,
  monthOf,
  parseCalendarDate,
  parseYearMonth,
  todayFrom,
} from "./calendar-date.js";

/** Any valid date between 1990 and 2060, built from a day index (no date arithmetic of the code under test). */
const dateArb = fc
  .record({
    year: fc.integer({ min: 1990, max: 2060 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(
    ({ year, month, day }) => makeDate(year, month, Math.min(day, daysInMonth(year, month))) as CalendarDate,
  );

describe("parseCalendarDate", () => {
  it.each([
    ["2024-06-17", "2024-06-17"],
    ["2024-02-29", "2024-02-29"],
    ["2000-02-29", "2000-02-29"],
    ["6/17/2024", "2024-06-17"],
    ["06/07/2024", "2024-06-07"],
    ["12/31/2024", "2024-12-31"],
    ["1/1/2025", "2025-01-01"],
    ["2/29/2024", "2024-02-29"],
  ])("reads %s as %s", (text, expected) => {
    expect(parseCalendarDate(text)).toBe(expected);
  });

  it.each([
    "2024-13-45",
    "2/30/2024",
    "2023-02-29",
    "2/29/2023",
    "1900-02-29",
    "2024-00-10",
    "2024-04-31",
    "4/31/2024",
    "13/1/2024",
    "0/1/2024",
    "1/0/2024",
    "2024-06-00",
    "0000-01-01",
    "2024-6-1",
    "6/17/24",
    "17/6/2024",
    "2024/06/17",
    "20240617",
    "2024-06-17T00:00:00Z",
    " 2024-06-17",
    "",
    "June 17, 2024",
  ])("refuses %j", (text) => {
    expect(parseCalendarDate(text)).toBeUndefined();
  });

  it("gives back every valid date it formats (round trip)", () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(parseCalendarDate(date)).toBe(date);
        const { year, month, day } = dateParts(date);
        expect(parseCalendarDate(`${month}/${day}/${year}`)).toBe(date);
      }),
      { numRuns: 200 },
    );
  });
});

describe("parseYearMonth", () => {
  it.each([
    ["2024-05", "2024-05"],
    ["2024-12", "2024-12"],
    ["2024-05-17", "2024-05"],
    ["5/17/2024", "2024-05"],
    ["2024-02-29", "2024-02"],
  ])("reads %s as the month %s", (text, expected) => {
    expect(parseYearMonth(text)).toBe(expected);
  });

  it.each(["2024-13", "2024-00", "0000-05", "2024-5", "2024-02-30", "2/30/2024", "May 2024", "", "2024"])(
    "refuses %j",
    (text) => {
      expect(parseYearMonth(text)).toBeUndefined();
    },
  );
});

describe("calendar facts", () => {
  it("knows the leap years of the Gregorian calendar", () => {
    expect([2024, 2000, 1996, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2023, 1900, 2100, 2025].map(isLeapYear)).toEqual([false, false, false, false]);
  });

  it("knows the lengths of the months", () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect([1, 3, 5, 7, 8, 10, 12].map((m) => daysInMonth(2024, m))).toEqual([31, 31, 31, 31, 31, 31, 31]);
    expect([4, 6, 9, 11].map((m) => daysInMonth(2024, m))).toEqual([30, 30, 30, 30]);
  });

  it("builds only dates that exist", () => {
    expect(makeDate(2024, 2, 29)).toBe("2024-02-29");
    expect(makeDate(2023, 2, 29)).toBeUndefined();
    expect(makeDate(2024, 13, 1)).toBeUndefined();
    expect(makeDate(2024, 0, 1)).toBeUndefined();
    expect(makeDate(0, 1, 1)).toBeUndefined();
    expect(makeDate(2024, 1.5, 1)).toBeUndefined();
    expect(makeDate(987, 3, 4)).toBe("0987-03-04");
  });

  it("splits a date into its parts and finds its month", () => {
    expect(dateParts("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(monthOf("2024-02-29")).toBe("2024-02");
  });

  it("names the first and last days of a month", () => {
    expect(firstDayOf("2024-02")).toBe("2024-02-01");
    expect(lastDayOf("2024-02")).toBe("2024-02-29");
    expect(lastDayOf("2023-02")).toBe("2023-02-28");
    expect(lastDayOf("2100-02")).toBe("2100-02-28");
    expect(lastDayOf("2000-02")).toBe("2000-02-29");
    expect(lastDayOf("2024-04")).toBe("2024-04-30");
    expect(lastDayOf("2024-12")).toBe("2024-12-31");
  });

  it("compares dates and months as calendar order", () => {
    expect(compareDates("2024-01-31", "2024-02-01")).toBeLessThan(0);
    expect(compareDates("2024-02-01", "2024-02-01")).toBe(0);
    expect(compareDates("2025-01", "2024-12")).toBeGreaterThan(0);
    expect(minDate("2024-12-31", "2025-01-01")).toBe("2024-12-31");
    expect(isWithin("2024-01-01", "2024-01-01", "2024-12-31")).toBe(true);
    expect(isWithin("2024-12-31", "2024-01-01", "2024-12-31")).toBe(true);
    expect(isWithin("2023-12-31", "2024-01-01", "2024-12-31")).toBe(false);
    expect(isWithin("2025-01-01", "2024-01-01", "2024-12-31")).toBe(false);
  });

  it("says months the way people do", () => {
    expect(formatMonth("2024-06")).toBe("June 2024");
    expect(formatMonth("2025-01")).toBe("January 2025");
    expect(monthName("2024-12")).toBe("December");
  });

  it("takes today's date from the local calendar of a clock", () => {
    expect(todayFrom(new Date(2024, 1, 29, 23, 59, 59))).toBe("2024-02-29");
    expect(todayFrom(new Date(2025, 0, 1, 0, 0, 0))).toBe("2025-01-01");
  });
});

describe("addMonths and addYears", () => {
  it.each([
    ["2024-01-31", 1, "2024-02-29"],
    ["2023-01-31", 1, "2023-02-28"],
    ["2024-03-31", -1, "2024-02-29"],
    ["2024-05-31", 1, "2024-06-30"],
    ["2024-08-31", -2, "2024-06-30"],
    ["2024-12-15", 1, "2025-01-15"],
    ["2025-01-15", -1, "2024-12-15"],
    ["2025-01-15", -3, "2024-10-15"],
    ["2024-06-17", -12, "2023-06-17"],
    ["2024-02-29", -12, "2023-02-28"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2024-06-17", 0, "2024-06-17"],
    ["2024-10-31", 4, "2025-02-28"],
  ])("%s plus %i months is %s", (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    ["2024-02-29", 1, "2025-02-28"],
    ["2024-02-29", -1, "2023-02-28"],
    ["2024-02-29", 4, "2028-02-29"],
    ["2024-02-29", -2, "2022-02-28"],
    ["2023-06-17", 1, "2024-06-17"],
    ["2024-12-31", 1, "2025-12-31"],
  ])("%s plus %i years is %s", (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });

  it("is calendar arithmetic, never a count of days: month-end clamping does not chain back", () => {
    expect(addMonths(addMonths("2024-01-31", 1), 1)).toBe("2024-03-29");
    expect(addMonths("2024-01-31", 2)).toBe("2024-03-31");
  });

  it("keeps the day of the month when the target month has it, else gives that month's last day", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -60, max: 60 }), (date, months) => {
        const result = addMonths(date, months);
        const from = dateParts(date);
        const to = dateParts(result);
        expect(to.year * 12 + to.month - 1 - (from.year * 12 + from.month - 1)).toBe(months);
        expect(to.day).toBe(Math.min(from.day, daysInMonth(to.year, to.month)));
      }),
      { numRuns: 200 },
    );
  });

  it("moves months of a month the same way", () => {
    expect(addMonthsToMonth("2025-01", -3)).toBe("2024-10");
    expect(addMonthsToMonth("2024-12", 1)).toBe("2025-01");
    expect(addMonthsToMonth("2024-03", -14)).toBe("2023-01");
  });
});

describe("addDays", () => {
  it.each([
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-02-29", 1, "2024-03-01"],
    ["2023-02-28", 1, "2023-03-01"],
    ["2024-12-31", 1, "2025-01-01"],
    ["2025-01-01", -1, "2024-12-31"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2024-01-01", 366, "2025-01-01"],
  ])("%s plus %i days is %s", (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe("the ends of the calendar", () => {
  it("stays on 9999-12-31 and 0001-01-01 instead of leaving the calendar", () => {
    expect(addMonths("9999-12-31", 24)).toBe("9999-12-31");
    expect(addYears("9999-06-15", 1)).toBe("9999-12-31");
    expect(addDays("9999-12-31", 1)).toBe("9999-12-31");
    expect(lastDayWithin("9999-12-31", 24)).toBe("9999-12-31");
    expect(addMonths("0001-01-31", -1)).toBe("0001-01-01");
    // Inside the calendar nothing changes.
    expect(addMonths("9999-10-31", 1)).toBe("9999-11-30");
    expect(addDays("9999-12-30", 1)).toBe("9999-12-31");
  });
});

describe("lastDayWithin", () => {
  it.each([
    // 2024-02-29 minus 12 months is 2023-02-28, so a date of 2023-02-28 is still within twelve months then.
    ["2023-02-28", 12, "2024-02-29"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-28", 12, "2025-02-28"],
    ["2023-06-15", 12, "2024-06-15"],
    ["2024-04-30", 1, "2024-05-31"],
    ["2024-06-30", 12, "2025-06-30"],
    ["2023-09-30", 12, "2024-09-30"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2023-02-28", 1, "2023-03-31"],
    ["2023-12-31", 2, "2024-02-29"],
    ["2023-06-01", 24, "2025-06-01"],
    ["2022-02-28", 24, "2024-02-29"],
  ])("%s is within %i months until %s", (date, months, expected) => {
    expect(lastDayWithin(date, months)).toBe(expected);
  });

  it("is the latest day whose date minus the months is on or before the date", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 36 }), (date, months) => {
        const last = lastDayWithin(date, months);
        expect(addMonths(last, -months) <= date).toBe(true);
        // No later day qualifies: "date minus N months" never decreases as the day moves on.
        for (let i = 1; i <= 4; i++) expect(addMonths(addDays(last, i), -months) > date).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("dayOfWeek and isBusinessDay", () => {
  it.each([
    ["2024-08-16", 5, true], // Friday
    ["2024-08-17", 6, false], // Saturday
    ["2024-08-18", 0, false], // Sunday
    ["2024-08-19", 1, true], // Monday
    ["2024-02-29", 4, true], // Thursday
    ["2000-01-01", 6, false], // Saturday
    ["2025-12-31", 3, true], // Wednesday
  ])("%s is day %i (business day: %s)", (date, day, business) => {
    expect(dayOfWeek(date)).toBe(day);
    expect(isBusinessDay(date)).toBe(business);
  });

  it("moves one day on per calendar day", () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(dayOfWeek(addDays(date, 1))).toBe((dayOfWeek(date) + 1) % 7);
        expect(dayOfWeek(addDays(date, 7))).toBe(dayOfWeek(date));
      }),
      { numRuns: 200 },
    );
  });
});

describe("addBusinessDays", () => {
  it.each([
    ["2024-08-16", 2, "2024-08-20"], // Friday + 2 = Tuesday
    ["2024-08-16", 1, "2024-08-19"], // Friday + 1 = Monday
    ["2024-08-17", 1, "2024-08-19"], // Saturday + 1 = Monday
    ["2024-08-18", 2, "2024-08-20"], // Sunday + 2 = Tuesday
    ["2024-08-19", 5, "2024-08-26"], // Monday + 5 = the next Monday
    ["2024-08-14", 2, "2024-08-16"], // Wednesday + 2 = Friday
    ["2024-08-15", 2, "2024-08-19"], // Thursday + 2 = Monday
    ["2024-08-16", 0, "2024-08-16"], // zero days: the date itself
    ["2024-08-17", 0, "2024-08-17"], // even on a weekend
    ["2024-02-28", 2, "2024-03-01"], // across the leap day (Wednesday + 2)
    ["2025-12-31", 2, "2026-01-02"], // across the year end (Wednesday + 2)
    ["2026-01-02", 1, "2026-01-05"], // Friday + 1 = Monday
    ["2024-08-16", 10, "2024-08-30"], // two weeks
  ])("%s + %i business days = %s", (date, days, expected) => {
    expect(addBusinessDays(date, days)).toBe(expected);
  });

  it("lands on a business day with exactly the asked number of business days passed", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), (date, days) => {
        const end = addBusinessDays(date, days);
        expect(isBusinessDay(end)).toBe(true);
        let count = 0;
        for (let d = addDays(date, 1); d <= end; d = addDays(d, 1)) if (isBusinessDay(d)) count++;
        expect(count).toBe(days);
        // Never more than a week per five business days, plus a weekend.
        expect(daysBetween(date, end)).toBeLessThanOrEqual(Math.ceil(days / 5) * 7 + 2);
      }),
      { numRuns: 200 },
    );
  });
});

describe("daysBetween", () => {
  it.each([
    ["2024-06-17", "2024-06-17", 0],
    ["2024-06-17", "2024-06-18", 1],
    ["2024-06-18", "2024-06-17", -1],
    ["2024-02-28", "2024-03-01", 2],
    ["2023-02-28", "2023-03-01", 1],
    ["2024-01-01", "2025-01-01", 366],
    ["2025-01-01", "2026-01-01", 365],
    // Across the European and US daylight-saving changes: whole days, not hours.
    ["2024-03-30", "2024-04-01", 2],
    ["2024-10-26", "2024-10-28", 2],
  ])("from %s to %s is %i days", (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });

  it("undoes addDays and changes sign when the dates swap", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -800, max: 800 }), (date, n) => {
        const other = addDays(date, n);
        expect(daysBetween(date, other)).toBe(n);
        expect(daysBetween(other, date)).toBe(0 - n);
      }),
      { numRuns: 200 },
    );
  });
});
