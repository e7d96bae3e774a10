#!/usr/bin/env node
// The `performance` figures of `specready check`, computed by DuckDB with SQL over the same CSV.
//
//   node bench/duckdb-window.mjs <azure-usage.csv> <as-of YYYY-MM-DD> [--validate] [--verbose]
//
// Prints one JSON line: {"window":[...],"monthlyAverageUsd":n,"customerCount":n}
// The rule is the contract's (../shared/contracts/readiness-check.md, `azure-usage` and `performance`):
// a row is eligible AI ACR when ServiceGroup2 is AI, the attribution (PartnerAttributionType, or
// AssociationType when the file has no PartnerAttributionType) is eligible, IsACRDuplicateAtMPNLevel is
// not true, OfferType does not contain trial/benefit/support/internal, and not (government cloud and
// PAL). Values are trimmed, names compare ignoring case, an empty cell is absent. The window is the
// three full months before the as-of month; ACR_USD is summed exactly (DECIMAL(38,6)); the average is
// the sum / 3 rounded half-up to cents; customers (by lower(CustomerTenantId)) count when their window
// sum is > 0.
//
// By default only what the rule needs is computed: eligible rows are cast, others are not checked.
// --validate also checks every row (Month, ACR_USD, IsACRDuplicateAtMPNLevel syntax and the required
// cells) in the same scan, and exits 2 with counts per problem, as the CLI must reject such a file.
// Exit: 0 computed, 2 bad input or arguments.
import { DuckDBInstance } from "@duckdb/node-api";

const ELIGIBLE_ATTRIBUTIONS = [
  "partner admin link",
  "pal",
  "partner of record",
  "digital partner of record",
  "dpor",
  "por",
  "csp tier 1",
  "csp tier 2",
  "csp",
  "csp direct",
  "csp indirect",
];
const PAL = ["partner admin link", "pal"];
const GOVERNMENT = ["azureusgovernment", "government", "fairfax"];

function fail(msg) {
  process.stderr.write(`duckdb-window: ${msg}\n`);
  process.exit(2);
}

/** The three `YYYY-MM` months before the as-of month, oldest first. */
export function windowMonths(asOf) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (
    mo < 1 ||
    mo > 12 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d
  )
    return null;
  const idx = y * 12 + (mo - 1);
  return [3, 2, 1].map((k) => {
    const t = idx - k;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
  });
}

/** Exact decimal string ("-123.450000") / 3, rounded half-up (away from zero) to cents, as a number. */
export function averageOfThree(total) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(total);
  if (!m) throw new Error(`unexpected sum ${total}`);
  const frac = (m[3] ?? "").padEnd(6, "0");
  if (frac.length > 6) throw new Error(`unexpected scale in ${total}`);
  const micro = BigInt(m[2]) * 1_000_000n + BigInt(frac);
  const cents = (micro + 15_000n) / 30_000n; // micro / 3 / 10^4, half-up
  const signed = m[1] && cents !== 0n ? -cents : cents;
  return Number(signed) / 100;
}

const norm = (h) => h.toLowerCase().replace(/[\s_-]/g, "");
const ident = (c) => `"${c.replaceAll('"', '""')}"`;
const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const list = (xs) => xs.map(lit).join(", ");

async function main() {
  const args = process.argv.slice(2);
  const validate = args.includes("--validate");
  const verbose = args.includes("--verbose");
  const pos = args.filter((a) => !a.startsWith("--"));
  if (pos.length !== 2)
    fail("usage: node bench/duckdb-window.mjs <azure-usage.csv> <as-of YYYY-MM-DD> [--validate] [--verbose]");
  const [file, asOf] = pos;
  const window = windowMonths(asOf);
  if (!window) fail(`invalid as-of date ${asOf}`);
  const t0 = performance.now();

  const instance = await DuckDBInstance.create(":memory:"); // default threads and memory limit
  const conn = await instance.connect();
  const source = `read_csv(${lit(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;

  // Resolve the columns as the contract does: case-insensitively, ignoring spaces, '_' and '-'.
  let names;
  try {
    const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    names = d.getRowObjectsJson().map((r) => String(r.column_name));
  } catch (e) {
    fail(`${file}: ${e.message}`);
  }
  const byNorm = new Map();
  for (const n of names) if (n.trim() && !byNorm.has(norm(n))) byNorm.set(norm(n), n);
  const col = (n) => byNorm.get(norm(n));
  const attribution = col("PartnerAttributionType") ?? col("AssociationType");
  const required = {
    Month: col("Month"),
    CustomerTenantId: col("CustomerTenantId"),
    ServiceGroup2: col("ServiceGroup2"),
    PartnerAttributionType: attribution,
    ACR_USD: col("ACR_USD"),
  };
  const missing = Object.entries(required)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) fail(`${file}: missing required column(s) ${missing.join(", ")}`);
  const text = (c, lower = true) =>
    c ? `${lower ? "lower(" : "("}nullif(trim(${ident(c)}), ''))` : "CAST(NULL AS VARCHAR)";

  const src = `
    SELECT ${text(required.Month, false)} AS m, ${text(required.CustomerTenantId)} AS tenant,
           ${text(required.ServiceGroup2)} AS sg2, ${text(attribution)} AS attr,
           ${text(col("IsACRDuplicateAtMPNLevel"))} AS dup, ${text(col("OfferType"))} AS offer,
           ${text(col("CloudInstance"))} AS cloud, ${text(required.ACR_USD, false)} AS acr
    FROM ${source}`;
  const monthKey = `CASE
      WHEN regexp_full_match(m, '[0-9]{4}-[0-9]{2}') THEN strftime(try_strptime(m || '-01', '%Y-%m-%d'), '%Y-%m')
      WHEN regexp_full_match(m, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN strftime(try_strptime(m, '%Y-%m-%d'), '%Y-%m')
      WHEN regexp_full_match(m, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN strftime(try_strptime(m, '%m/%d/%Y'), '%Y-%m')
    END`;
  const eligible = `sg2 = 'ai'
      AND attr IN (${list(ELIGIBLE_ATTRIBUTIONS)})
      AND (dup IS NULL OR dup NOT IN ('true', 'yes', '1'))
      AND (offer IS NULL OR NOT regexp_matches(offer, 'trial|benefit|support|internal'))
      AND NOT (cloud IS NOT NULL AND cloud IN (${list(GOVERNMENT)}) AND attr IN (${list(PAL)}))`;
  const numberOk = `regexp_full_match(acr, '[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]+)?')`;
  const usd = `CAST(replace(acr, ',', '') AS DECIMAL(38, 6))`;

  const sql = validate
    ? `WITH src AS (${src}),
       k AS (SELECT *, ${monthKey} AS month, ${numberOk} AS acr_ok, (${eligible}) AS eligible
             FROM src WHERE NOT (m IS NULL AND tenant IS NULL AND sg2 IS NULL AND attr IS NULL AND acr IS NULL)),
       per AS (
         SELECT tenant,
                sum(CASE WHEN acr_ok THEN ${usd} END) FILTER (WHERE eligible AND month IN (${list(window)})) AS s,
                count(*) AS n_rows,
                count_if(m IS NULL) AS month_empty, count_if(m IS NOT NULL AND month IS NULL) AS month_bad,
                count_if(acr IS NULL) AS acr_empty, count_if(acr IS NOT NULL AND NOT acr_ok) AS acr_bad,
                count_if(dup IS NOT NULL AND dup NOT IN ('true', 'false', 'yes', 'no', '1', '0')) AS dup_bad,
                count_if(sg2 IS NULL) AS sg2_empty, count_if(attr IS NULL) AS attr_empty
         FROM k GROUP BY tenant)
       SELECT CAST(coalesce(sum(s), 0) AS VARCHAR) AS total, count_if(s > 0) AS customers,
              CAST(sum(n_rows) AS BIGINT) AS n_rows,
              CAST(sum(CASE WHEN tenant IS NULL THEN n_rows ELSE 0 END) AS BIGINT) AS tenant_empty,
              CAST(sum(month_empty) AS BIGINT) AS month_empty, CAST(sum(month_bad) AS BIGINT) AS month_bad,
              CAST(sum(acr_empty) AS BIGINT) AS acr_empty, CAST(sum(acr_bad) AS BIGINT) AS acr_bad,
              CAST(sum(dup_bad) AS BIGINT) AS dup_bad, CAST(sum(sg2_empty) AS BIGINT) AS sg2_empty,
              CAST(sum(attr_empty) AS BIGINT) AS attr_empty
       FROM per`
    : `WITH src AS (${src}),
       e AS (SELECT tenant, ${monthKey} AS month, ${usd} AS usd FROM src WHERE ${eligible}),
       per AS (SELECT tenant, sum(usd) AS s FROM e WHERE month IN (${list(window)}) GROUP BY tenant)
       SELECT CAST(coalesce(sum(s), 0) AS VARCHAR) AS total, count_if(s > 0) AS customers FROM per`;

  let row;
  try {
    const reader = await conn.runAndReadAll(sql);
    row = reader.getRowObjectsJson()[0];
  } catch (e) {
    fail(`${file}: ${e.message}`);
  }
  if (validate) {
    const problems = Object.entries(row).filter(
      ([k, v]) => !["total", "customers", "n_rows"].includes(k) && Number(v) > 0,
    );
    if (problems.length)
      fail(`${file}: ${problems.map(([k, v]) => `${v} row(s) ${k.replace("_", " ")}`).join("; ")}`);
  }
  const result = {
    window,
    monthlyAverageUsd: averageOfThree(String(row.total)),
    customerCount: Number(row.customers),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (verbose) {
    process.stderr.write(
      `duckdb-window: sum ${row.total}${validate ? `, ${row.n_rows} rows checked` : ""}, ` +
        `${((performance.now() - t0) / 1000).toFixed(2)} s, threads ${await setting(conn, "threads")}\n`,
    );
  }
  conn.closeSync();
  instance.closeSync();
}

async function setting(conn, name) {
  const r = await conn.runAndReadAll(`SELECT current_setting(${lit(name)}) AS v`);
  return String(r.getRowObjectsJson()[0].v);
}

// Run as a script (not when imported for its helpers, as duckdb-analyst.mjs does).
if (
  process.argv[1] !== undefined &&
  import.meta.filename === (await import("node:path")).resolve(process.argv[1])
)
  await main();
