import {
  addMonthsToMonth,
  type CalendarDate,
  compareDates,
  monthOf,
  type YearMonth,
} from "../calendar/calendar-date.js";
import { type Decimal, parseValidDecimal, roundDecimal } from "../money/decimal.js";
import type { Program } from "../program/program-definition.js";
import { monthShownOn } from "../rules/data-lag.js";
import { plural } from "../rules/resources.js";
import { type CustomerUsage, ineligibleCauseOf, type UsageSummary } from "../rules/usage-summary.js";

/*
 * The ACR forecast. Per customer, Holt's exponential smoothing with a damped trend (Gardner and
 * McKenzie: level weight alpha, trend weight beta, damping phi, so growth flattens instead of running on)
 * over its last `historyMonths` complete months of eligible AI ACR, with one-off spikes capped (see
 * `capSpikes`), projected month by month and never below zero. The band is the point forecast plus or minus Z times the
 * root-mean-square of the one-step-ahead errors on that history, widening with the square root of the
 * months ahead; the total's band adds the customers' variances (errors taken as independent).
 *
 * Months before the as-of month are actuals; the as-of month (in progress) and later are forecast.
 * Performance in a month is judged as Partner Center judges it on a day of that month: the window's
 * months before it, sum against the minimum, customers with a positive window sum against the minimum.
 * Partner Center shows the window's last month in the specialization's progress only by a day of the
 * month (program data), which each month's figure names.
 *
 * Money here is integer cents (numbers): a forecast is an estimate, and the actual months are the exact
 * eligible sums rounded to cents.
 */

export const FORECAST_METHOD = {
  name: "Holt's exponential smoothing with a damped trend",
  alpha: 0.5,
  beta: 0.2,
  phi: 0.8,
  spikeFactor: 3,
  historyMonths: 6,
  /** 80% band under normal errors. */
  z: 1.2816,
} as const;

/** A what-if on ACR, from a month on (never before the month in progress). */
export type AcrWhatIf =
  | {
      readonly type: "add";
      readonly customer: string;
      readonly customerName?: string | undefined;
      readonly usdPerMonth: string;
      readonly from: YearMonth;
    }
  | { readonly type: "pal"; readonly customer: string; readonly from: YearMonth }
  | { readonly type: "stop"; readonly customer: string; readonly from: YearMonth };

export interface CustomerForecast {
  readonly tenantId: string;
  readonly name: string | null;
  /** Level, trend and error of the smoothing, USD per month. */
  readonly runRateUsd: number;
  readonly trendUsd: number;
  readonly errorUsd: number;
  /** Forecast month -> cents (point, low, high), after what-ifs. */
  readonly months: readonly {
    readonly month: YearMonth;
    readonly usd: number;
    readonly lowUsd: number;
    readonly highUsd: number;
  }[];
  /** What-ifs applied to this customer, in words. */
  readonly whatIfs: readonly string[];
}

export interface ForecastMonth {
  readonly month: YearMonth;
  readonly actual: boolean;
  readonly usd: number;
  readonly lowUsd: number;
  readonly highUsd: number;
}

export interface PerformanceMonth {
  /** A day in this month sees the window before it. */
  readonly month: YearMonth;
  readonly window: readonly YearMonth[];
  readonly averageUsd: number;
  readonly lowAverageUsd: number;
  readonly highAverageUsd: number;
  readonly customers: number;
  readonly met: boolean;
  readonly metOnLow: boolean;
  readonly metOnHigh: boolean;
  /** The day Partner Center's specialization progress shows the window's last month (null when unknown). */
  readonly shownOn: CalendarDate | null;
  /** Whether the window holds forecast months. */
  readonly forecast: boolean;
}

export interface AcrForecast {
  readonly asOf: CalendarDate;
  readonly method: string;
  readonly lastActualMonth: YearMonth;
  readonly months: readonly ForecastMonth[];
  readonly performance: readonly PerformanceMonth[];
  /** The first month performance is met on the forecast (this month when met now). */
  readonly firstMetMonth: YearMonth | null;
  /** The first month after a met month that is not met. */
  readonly lapseMonth: YearMonth | null;
  /** The first month after the lapse that is met again. */
  readonly metAgainMonth: YearMonth | null;
  readonly customers: readonly CustomerForecast[];
  readonly whatIfs: readonly string[];
  readonly summary: string;
}

function cents(d: Decimal): number {
  return Number(roundDecimal(d, 2).units);
}

/**
 * A one-off spike (a fine-tuning burst, a migration) is not a run rate: a month above SPIKE_FACTOR times
 * the median of the series' non-zero months is taken at that cap before smoothing.
 */
function capSpikes(series: readonly number[]): number[] {
  const nonZero = series.filter((x) => x > 0).sort((a, b) => a - b);
  if (nonZero.length < 3) return [...series];
  const mid = nonZero.length / 2;
  const median =
    nonZero.length % 2 === 1
      ? (nonZero[Math.floor(mid)] as number)
      : ((nonZero[mid - 1] as number) + (nonZero[mid] as number)) / 2;
  const cap = FORECAST_METHOD.spikeFactor * median;
  return series.map((x) => Math.min(x, cap));
}

/**
 * Holt's smoothing with a damped trend on a series (spikes capped): level, trend and the RMS of the
 * one-step errors.
 */
export function holt(raw: readonly number[]): { level: number; trend: number; error: number } {
  if (raw.length === 0) return { level: 0, trend: 0, error: 0 };
  const series = capSpikes(raw);
  const { alpha, beta, phi } = FORECAST_METHOD;
  let level = series[0] as number;
  let trend = 0;
  let squared = 0;
  let steps = 0;
  for (let i = 1; i < series.length; i++) {
    const x = series[i] as number;
    const predicted = level + phi * trend;
    squared += (x - Math.max(0, predicted)) ** 2;
    steps++;
    const previous = level;
    level = alpha * x + (1 - alpha) * predicted;
    trend = beta * (level - previous) + (1 - beta) * phi * trend;
  }
  return { level, trend, error: steps === 0 ? 0 : Math.sqrt(squared / steps) };
}

function projection(model: { level: number; trend: number; error: number }, h: number) {
  let damping = 0;
  for (let i = 1; i <= h; i++) damping += FORECAST_METHOD.phi ** i;
  const point = Math.max(0, Math.round(model.level + damping * model.trend));
  return { point, variance: model.error * model.error * h };
}

function findCustomer(summary: UsageSummary | undefined, ref: string): CustomerUsage | undefined {
  if (summary === undefined) return undefined;
  const byId = summary.customers.get(ref.toLowerCase());
  if (byId !== undefined) return byId;
  const name = ref.trim().toLowerCase();
  for (const c of summary.customers.values()) if (c.name?.trim().toLowerCase() === name) return c;
  return undefined;
}

/** AI ACR a PAL link would make count: attribution not eligible, outside a government cloud. */
function palEligibleCents(customer: CustomerUsage, month: YearMonth): number {
  const reasons = customer.ineligible.get(month);
  if (reasons === undefined) return 0;
  let total = 0;
  for (const [label, amount] of reasons) {
    const cause = ineligibleCauseOf(label);
    if (cause?.cause === "ineligible-attribution" && !cause.government) total += cents(amount);
  }
  return total;
}

interface Series {
  tenantId: string;
  name: string | null;
  actual: Map<YearMonth, number>;
  point: Map<YearMonth, number>;
  variance: Map<YearMonth, number>;
  model: { level: number; trend: number; error: number };
  whatIfs: string[];
}

/**
 * The ACR forecast from the usage summary on `asOf`, through `through` (a month), with what-ifs applied
 * in order (add, PAL, stop: combinable; each from its month on only).
 */
export function forecastAcr(
  program: Program,
  summary: UsageSummary | undefined,
  asOf: CalendarDate,
  through: YearMonth,
  whatIfs: readonly AcrWhatIf[] = [],
): AcrForecast {
  const current = monthOf(asOf);
  const last = addMonthsToMonth(current, -1);
  const n = program.performance.windowMonths;
  const first = addMonthsToMonth(current, -Math.max(n, 12));
  const horizon = compareDates(through, current) < 0 ? current : through;
  const forecastMonths: YearMonth[] = [];
  for (let m = current; m <= horizon; m = addMonthsToMonth(m, 1)) forecastMonths.push(m);
  const actualMonths: YearMonth[] = [];
  for (let m = first; m <= last; m = addMonthsToMonth(m, 1)) actualMonths.push(m);
  const history = Array.from({ length: FORECAST_METHOD.historyMonths }, (_, i) =>
    addMonthsToMonth(last, i - FORECAST_METHOD.historyMonths + 1),
  );

  const series = new Map<string, Series>();
  for (const [key, c] of summary?.customers ?? []) {
    const values = history.map((m) => {
      const v = c.eligible.get(m);
      return v === undefined ? 0 : cents(v);
    });
    const model = holt(values);
    const actual = new Map<YearMonth, number>();
    for (const m of actualMonths) {
      const v = c.eligible.get(m);
      actual.set(m, v === undefined ? 0 : cents(v));
    }
    const point = new Map<YearMonth, number>();
    const variance = new Map<YearMonth, number>();
    forecastMonths.forEach((m, i) => {
      const p = projection(model, i + 1);
      point.set(m, p.point);
      variance.set(m, p.variance);
    });
    series.set(key, {
      tenantId: c.tenantId,
      name: c.name ?? null,
      actual,
      point,
      variance,
      model,
      whatIfs: [],
    });
  }

  const words: string[] = [];
  for (const w of whatIfs) {
    const found = findCustomer(summary, w.customer);
    const key = found === undefined ? w.customer.toLowerCase() : found.tenantId.toLowerCase();
    let s = series.get(key);
    if (s === undefined) {
      s = {
        tenantId: w.customer,
        name: w.type === "add" ? (w.customerName ?? null) : null,
        actual: new Map(actualMonths.map((m) => [m, 0])),
        point: new Map(forecastMonths.map((m) => [m, 0])),
        variance: new Map(forecastMonths.map((m) => [m, 0])),
        model: { level: 0, trend: 0, error: 0 },
        whatIfs: [],
      };
      series.set(key, s);
    }
    const who = s.name ?? s.tenantId;
    const target = s;
    const from = forecastMonths.filter((m) => m >= w.from);
    if (w.type === "add") {
      const add = cents(parseValidDecimal(w.usdPerMonth));
      for (const m of from) target.point.set(m, Math.max(0, (target.point.get(m) ?? 0) + add));
      const text = `${who}: USD ${w.usdPerMonth} a month more from ${w.from}`;
      target.whatIfs.push(text);
      words.push(text);
    } else if (w.type === "pal") {
      const pal = holt(found === undefined ? [] : history.map((m) => palEligibleCents(found, m)));
      forecastMonths.forEach((m, i) => {
        if (m < w.from) return;
        const p = projection(pal, i + 1);
        target.point.set(m, (target.point.get(m) ?? 0) + p.point);
        target.variance.set(m, (target.variance.get(m) ?? 0) + p.variance);
      });
      const text = `${who}: linked through PAL from ${w.from} (its AI ACR through other attributions counts from then, never before)`;
      target.whatIfs.push(text);
      words.push(text);
    } else {
      for (const m of from) {
        target.point.set(m, 0);
        target.variance.set(m, 0);
      }
      const text = `${who}: stops consuming from ${w.from}`;
      target.whatIfs.push(text);
      words.push(text);
    }
  }

  const all = [...series.values()].sort(
    (a, b) =>
      (a.name ?? a.tenantId).localeCompare(b.name ?? b.tenantId) || a.tenantId.localeCompare(b.tenantId),
  );
  const z = FORECAST_METHOD.z;
  const lowOf = (s: Series, m: YearMonth) =>
    Math.max(0, Math.round((s.point.get(m) ?? 0) - z * Math.sqrt(s.variance.get(m) ?? 0)));
  const highOf = (s: Series, m: YearMonth) =>
    Math.round((s.point.get(m) ?? 0) + z * Math.sqrt(s.variance.get(m) ?? 0));

  const months: ForecastMonth[] = [];
  const totals = new Map<YearMonth, { point: number; low: number; high: number }>();
  for (const m of actualMonths) {
    let t = 0;
    for (const s of all) t += s.actual.get(m) ?? 0;
    totals.set(m, { point: t, low: t, high: t });
    months.push({ month: m, actual: true, usd: t / 100, lowUsd: t / 100, highUsd: t / 100 });
  }
  for (const m of forecastMonths) {
    let point = 0;
    let variance = 0;
    for (const s of all) {
      point += s.point.get(m) ?? 0;
      variance += s.variance.get(m) ?? 0;
    }
    const spread = z * Math.sqrt(variance);
    const low = Math.max(0, Math.round(point - spread));
    const high = Math.round(point + spread);
    totals.set(m, { point, low, high });
    months.push({ month: m, actual: false, usd: point / 100, lowUsd: low / 100, highUsd: high / 100 });
  }

  const amountIn = (s: Series, m: YearMonth, which: "point" | "low" | "high"): number => {
    if (s.actual.has(m)) return s.actual.get(m) ?? 0;
    return which === "point" ? (s.point.get(m) ?? 0) : which === "low" ? lowOf(s, m) : highOf(s, m);
  };
  const requiredCents = Math.round(Number(program.performance.minimumMonthlyAverageUsd) * 100) * n;
  const minCustomers = program.performance.minimumCustomers;
  const performance: PerformanceMonth[] = forecastMonths.map((m) => {
    const window = Array.from({ length: n }, (_, i) => addMonthsToMonth(m, i - n));
    const sums = { point: 0, low: 0, high: 0 };
    const counts = { point: 0, low: 0, high: 0 };
    for (const s of all) {
      for (const which of ["point", "low", "high"] as const) {
        let t = 0;
        for (const w of window) t += amountIn(s, w, which);
        sums[which] += t;
        if (t > 0) counts[which]++;
      }
    }
    const met = (which: "point" | "low" | "high") =>
      sums[which] >= requiredCents && counts[which] >= minCustomers;
    const shown = monthShownOn(program, window[n - 1] as YearMonth);
    return {
      month: m,
      window,
      averageUsd: Math.round(sums.point / n) / 100,
      lowAverageUsd: Math.round(sums.low / n) / 100,
      highAverageUsd: Math.round(sums.high / n) / 100,
      customers: counts.point,
      met: met("point"),
      metOnLow: met("low"),
      metOnHigh: met("high"),
      shownOn: shown?.inSpecializationProgress ?? null,
      forecast: (window[n - 1] as YearMonth) >= current,
    };
  });
  const firstMet = performance.find((p) => p.met);
  const lapse =
    firstMet === undefined ? undefined : performance.find((p) => p.month > firstMet.month && !p.met);
  const again = lapse === undefined ? undefined : performance.find((p) => p.month > lapse.month && p.met);
  const minimum = program.performance.minimumMonthlyAverageUsd;
  const summaryText =
    (firstMet === undefined
      ? `On this forecast performance (USD ${minimum} a month on average from ${minCustomers} customers) is not met by ${horizon}.`
      : firstMet.month === current
        ? `Performance is met in ${current}`
        : `Performance is first met in ${firstMet.month}${firstMet.shownOn === null ? "" : ` (Partner Center shows it by about ${firstMet.shownOn})`}`) +
    (firstMet === undefined
      ? ""
      : lapse === undefined
        ? ` and stays met through ${horizon} on this forecast.`
        : ` and lapses in ${lapse.month} on this forecast (average USD ${lapse.averageUsd.toFixed(2)} from ${plural(lapse.customers, "customer")})` +
          (again === undefined ? "." : `; it is met again from ${again.month}.`)) +
    (words.length === 0 ? "" : ` What-ifs: ${words.join("; ")}.`);
  return {
    asOf,
    method:
      `${FORECAST_METHOD.name} per customer (level weight ${FORECAST_METHOD.alpha}, trend weight ${FORECAST_METHOD.beta}, damping ${FORECAST_METHOD.phi}) ` +
      `over the last ${FORECAST_METHOD.historyMonths} complete months, a month above ${FORECAST_METHOD.spikeFactor} times the median of the non-zero months taken at that cap (a burst is not a run rate), never below zero; the band is ±${FORECAST_METHOD.z} times the ` +
      "root-mean-square one-step error, widening with the square root of the months ahead (about 80%). " +
      `Months before ${current} are actuals; ${current}, in progress, and later are forecast.`,
    lastActualMonth: last,
    months,
    performance,
    firstMetMonth: firstMet?.month ?? null,
    lapseMonth: lapse?.month ?? null,
    metAgainMonth: again?.month ?? null,
    customers: all.map((s) => ({
      tenantId: s.tenantId,
      name: s.name,
      runRateUsd: Math.round(s.model.level) / 100,
      trendUsd: Math.round(s.model.trend) / 100,
      errorUsd: Math.round(s.model.error) / 100,
      months: forecastMonths.map((m) => ({
        month: m,
        usd: (s.point.get(m) ?? 0) / 100,
        lowUsd: lowOf(s, m) / 100,
        highUsd: highOf(s, m) / 100,
      })),
      whatIfs: s.whatIfs,
    })),
    whatIfs: words,
    summary: summaryText,
  };
}
