#!/usr/bin/env node
// The plain query a data analyst would write for the `performance` figures (issue 15, target 5): DuckDB
// over the same CSV, every column VARCHAR, no validation, no trimming, no column-name matching.
//
//   node bench/duckdb-analyst.mjs <azure-usage.csv> <as-of YYYY-MM-DD> [--verbose]
//
// Prints one JSON line: {"window":[...],"monthlyAverageUsd":n,"customerCount":n,"avg":x}
// `avg` is what the query returns (sum / 3 as a DOUBLE); `monthlyAverageUsd` is it rounded half-up to
// cents from the exact sum (the query's DECIMAL(18, 2) sum, fetched as text), as `specready check`
// reports it. The query text is the issue's, with FILE and the three window months filled in.
import { DuckDBInstance } from "@duckdb/node-api";
import { averageOfThree, windowMonths } from "./duckdb-window.mjs";

const lit = (s) => `'${s.replaceAll("'", "''")}'`;

export function analystQuery(file, window) {
  return `WITH u AS (SELECT * FROM read_csv(${lit(file)}, header = true, all_varchar = true)),
e AS (SELECT lower(CustomerTenantId) AS c, CAST(replace(ACR_USD, ',', '') AS DECIMAL(18, 2)) AS acr FROM u
  WHERE lower(ServiceGroup2) = 'ai'
    AND lower(PartnerAttributionType) IN ('pal','partner admin link','dpor','por','digital partner of record',
        'partner of record','csp','csp tier 1','csp tier 2','csp direct','csp indirect')
    AND coalesce(lower(IsACRDuplicateAtMPNLevel), '') NOT IN ('1','true','yes')
    AND NOT regexp_matches(lower(coalesce(OfferType, '')), 'trial|benefit|support|internal')
    AND NOT (lower(coalesce(CloudInstance, '')) IN ('azureusgovernment','government','fairfax')
             AND lower(PartnerAttributionType) IN ('pal','partner admin link'))
    AND substr(Month, 1, 7) IN (${window.map(lit).join(", ")})),
per AS (SELECT c, sum(acr) AS s FROM e GROUP BY c)
SELECT CAST(sum(s) / 3 AS DOUBLE) AS avg, count(*) FILTER (WHERE s > 0) AS n, CAST(sum(s) AS VARCHAR) AS total FROM per`;
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes("--verbose");
  const pos = args.filter((a) => !a.startsWith("--"));
  if (pos.length !== 2) {
    process.stderr.write(
      "usage: node bench/duckdb-analyst.mjs <azure-usage.csv> <as-of YYYY-MM-DD> [--verbose]\n",
    );
    process.exit(2);
  }
  const [file, asOf] = pos;
  const window = windowMonths(asOf);
  if (!window) {
    process.stderr.write(`duckdb-analyst: invalid as-of date ${asOf}\n`);
    process.exit(2);
  }
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  let row;
  try {
    row = (await conn.runAndReadAll(analystQuery(file, window))).getRowObjectsJson()[0];
  } catch (e) {
    process.stderr.write(`duckdb-analyst: ${file}: ${e.message}\n`);
    process.exit(2);
  }
  const total = row.total === null ? "0" : String(row.total);
  const result = {
    window,
    monthlyAverageUsd: averageOfThree(total),
    customerCount: Number(row.n),
    avg: row.avg === null ? 0 : Number(row.avg),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (verbose)
    process.stderr.write(`duckdb-analyst: sum ${total}, ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  conn.closeSync();
  instance.closeSync();
}

if (
  process.argv[1] !== undefined &&
  import.meta.filename === (await import("node:path")).resolve(process.argv[1])
)
  await main();
