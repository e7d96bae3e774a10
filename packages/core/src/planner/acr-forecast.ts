import {
  addMonthsToMonth,
  type CalendarDate,
  compareDates,
  monthOf,
  type YearMonth,
} from "../calendar/calendar-date.js";
import { type Decimal, parseValidDecimal, roundDecimal } from "../money/decimal.js";
import type { OneRuleProgram } from "../program/program-definition.js";
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
  /** The program's minimum monthly average (USD) and customers, the line the chart draws. */
  readonly requiredMonthlyAverageUsd: number;
  readonly requiredCustomers: number;
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

const collator = new Intl.Collator("en");

function cents(d: Decimal): number {
  // Exact: whole cents need no rounding; finer amounts are rounded half-up as the rules round.
  if (d.scale <= 2) return Number(d.units) * 10 ** (2 - d.scale);
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
  /** Cents per month of `months` (actuals, then forecast points). */
  point: Float64Array;
  /** Forecast variance per month (zero for actuals). */
  variance: Float64Array;
  model: { level: number; trend: number; error: number };
  whatIfs: string[];
}

/**
 * The ACR forecast from the usage summary on `asOf`, through `through` (a month), with what-ifs applied
 * in order (add, PAL, stop: combinable; each from its month on only).
 */
export function forecastAcr(
  program: OneRuleProgram,
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
  // Every month of the chart: actuals from `first` to `last`, then forecast from `current`.
  const months: YearMonth[] = [];
  for (let m = first; m <= horizon; m = addMonthsToMonth(m, 1)) months.push(m);
  const firstForecast = months.indexOf(current);
  const M = months.length;
  const history = Array.from({ length: FORECAST_METHOD.historyMonths }, (_, i) =>
    addMonthsToMonth(last, i - FORECAST_METHOD.historyMonths + 1),
  );
  const damping = new Float64Array(M);
  for (let i = firstForecast, acc = 0; i < M; i++) {
    acc += FORECAST_METHOD.phi ** (i - firstForecast + 1);
    damping[i] = acc;
  }
  const project = (series: Float64Array, variance: Float64Array, model: Series["model"]) => {
    for (let i = firstForecast; i < M; i++) {
      series[i] = Math.max(0, Math.round(model.level + (damping[i] as number) * model.trend));
      variance[i] = model.error * model.error * (i - firstForecast + 1);
    }
  };

  const series = new Map<string, Series>();
  for (const [key, c] of summary?.customers ?? []) {
    const point = new Float64Array(M);
    const variance = new Float64Array(M);
    for (let i = 0; i < firstForecast; i++) {
      const v = c.eligible.get(months[i] as YearMonth);
      point[i] = v === undefined ? 0 : cents(v);
    }
    const model = holt(
      history.map((m) => {
        const i = months.indexOf(m);
        if (i >= 0) return point[i] as number;
        const v = c.eligible.get(m);
        return v === undefined ? 0 : cents(v);
      }),
    );
    project(point, variance, model);
    series.set(key, { tenantId: c.tenantId, name: c.name ?? null, point, variance, model, whatIfs: [] });
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
        point: new Float64Array(M),
        variance: new Float64Array(M),
        model: { level: 0, trend: 0, error: 0 },
        whatIfs: [],
      };
      series.set(key, s);
    }
    const who = s.name ?? s.tenantId;
    // Never before the month in progress: the past is actual.
    const start = Math.max(
      firstForecast,
      months.findIndex((m) => m >= w.from),
    );
    const from =
      start < 0 || months[start] === undefined || (months[start] as YearMonth) < w.from ? M : start;
    let text: string;
    if (w.type === "add") {
      const add = cents(parseValidDecimal(w.usdPerMonth));
      for (let i = from; i < M; i++) s.point[i] = Math.max(0, (s.point[i] as number) + add);
      text = `${who}: USD ${w.usdPerMonth} a month more from ${w.from}`;
    } else if (w.type === "pal") {
      const pal = holt(found === undefined ? [] : history.map((m) => palEligibleCents(found, m)));
      const point = new Float64Array(M);
      const variance = new Float64Array(M);
      project(point, variance, pal);
      for (let i = from; i < M; i++) {
        s.point[i] = (s.point[i] as number) + (point[i] as number);
        s.variance[i] = (s.variance[i] as number) + (variance[i] as number);
      }
      text = `${who}: linked through PAL from ${w.from} (its AI ACR through other attributions counts from then, never before)`;
    } else {
      for (let i = from; i < M; i++) {
        s.point[i] = 0;
        s.variance[i] = 0;
      }
      text = `${who}: stops consuming from ${w.from}`;
    }
    s.whatIfs.push(text);
    words.push(text);
  }

  const all = [...series.values()].sort(
    (a, b) =>
      collator.compare(a.name ?? a.tenantId, b.name ?? b.tenantId) ||
      collator.compare(a.tenantId, b.tenantId),
  );
  const z = FORECAST_METHOD.z;
  const low = (s: Series, i: number) =>
    Math.max(0, Math.round((s.point[i] as number) - z * Math.sqrt(s.variance[i] as number)));
  const high = (s: Series, i: number) =>
    Math.round((s.point[i] as number) + z * Math.sqrt(s.variance[i] as number));

  const chart: ForecastMonth[] = [];
  for (let i = 0; i < M; i++) {
    let point = 0;
    let variance = 0;
    for (const s of all) {
      point += s.point[i] as number;
      variance += s.variance[i] as number;
    }
    const spread = z * Math.sqrt(variance);
    const actual = i < firstForecast;
    const lo = actual ? point : Math.max(0, Math.round(point - spread));
    const hi = actual ? point : Math.round(point + spread);
    chart.push({
      month: months[i] as YearMonth,
      actual,
      usd: point / 100,
      lowUsd: lo / 100,
      highUsd: hi / 100,
    });
  }

  const requiredCents = Math.round(Number(program.performance.minimumMonthlyAverageUsd) * 100) * n;
  const minCustomers = program.performance.minimumCustomers;
  const F = M - firstForecast;
  const sums = { point: new Float64Array(F), low: new Float64Array(F), high: new Float64Array(F) };
  const counts = { point: new Int32Array(F), low: new Int32Array(F), high: new Int32Array(F) };
  const lows = new Float64Array(M);
  const highs = new Float64Array(M);
  for (const s of all) {
    for (let i = 0; i < M; i++) {
      lows[i] = i < firstForecast ? (s.point[i] as number) : low(s, i);
      highs[i] = i < firstForecast ? (s.point[i] as number) : high(s, i);
    }
    for (let f = 0; f < F; f++) {
      const end = firstForecast + f; // the month judged; its window is the n months before it
      let p = 0;
      let l = 0;
      let h = 0;
      for (let i = end - n; i < end; i++) {
        p += s.point[i] as number;
        l += lows[i] as number;
        h += highs[i] as number;
      }
      sums.point[f] = (sums.point[f] as number) + p;
      sums.low[f] = (sums.low[f] as number) + l;
      sums.high[f] = (sums.high[f] as number) + h;
      if (p > 0) counts.point[f] = (counts.point[f] as number) + 1;
      if (l > 0) counts.low[f] = (counts.low[f] as number) + 1;
      if (h > 0) counts.high[f] = (counts.high[f] as number) + 1;
    }
  }
  const performance: PerformanceMonth[] = [];
  for (let f = 0; f < F; f++) {
    const m = months[firstForecast + f] as YearMonth;
    const window = months.slice(firstForecast + f - n, firstForecast + f);
    const met = (which: "point" | "low" | "high") =>
      (sums[which][f] as number) >= requiredCents && (counts[which][f] as number) >= minCustomers;
    const shown = monthShownOn(program, window[n - 1] as YearMonth);
    performance.push({
      month: m,
      window,
      averageUsd: Math.round((sums.point[f] as number) / n) / 100,
      lowAverageUsd: Math.round((sums.low[f] as number) / n) / 100,
      highAverageUsd: Math.round((sums.high[f] as number) / n) / 100,
      customers: counts.point[f] as number,
      met: met("point"),
      metOnLow: met("low"),
      metOnHigh: met("high"),
      shownOn: shown?.inSpecializationProgress ?? null,
      forecast: (window[n - 1] as YearMonth) >= current,
    });
  }
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
    requiredMonthlyAverageUsd: Number(minimum),
    requiredCustomers: minCustomers,
    method:
      `${FORECAST_METHOD.name} per customer (level weight ${FORECAST_METHOD.alpha}, trend weight ${FORECAST_METHOD.beta}, damping ${FORECAST_METHOD.phi}) ` +
      `over the last ${FORECAST_METHOD.historyMonths} complete months, a month above ${FORECAST_METHOD.spikeFactor} times the median of the non-zero months taken at that cap (a burst is not a run rate), never below zero; the band is ±${FORECAST_METHOD.z} times the ` +
      "root-mean-square one-step error, widening with the square root of the months ahead (about 80%). " +
      `Months before ${current} are actuals; ${current}, in progress, and later are forecast.`,
    lastActualMonth: last,
    months: chart,
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
      months: months.slice(firstForecast).map((m, f) => ({
        month: m,
        usd: (s.point[firstForecast + f] as number) / 100,
        lowUsd: low(s, firstForecast + f) / 100,
        highUsd: high(s, firstForecast + f) / 100,
      })),
      whatIfs: s.whatIfs,
    })),
    whatIfs: words,
    summary: summaryText,
  };
}
