#!/usr/bin/env node
// Independent plain-JS reference for the benchmark's `performance` figures: streams the CSV with its
// own RFC 4180 parser and sums money exactly as BigInt micro-dollars. No DuckDB, no project code. Used
// to check bench/duckdb-window.mjs (and so the comparison) on small files; works on the 1M-row file too.
//
//   node bench/reference-window.mjs <azure-usage.csv> <as-of YYYY-MM-DD>
//
// Prints the same JSON line as duckdb-window.mjs. Exit 2 on input it cannot read (bad Month/ACR_USD
// or boolean in any row, a missing required column or cell).
import fs from "node:fs";

const [file, asOf] = process.argv.slice(2);
const die = (msg) => {
  process.stderr.write(`reference-window: ${msg}\n`);
  process.exit(2);
};
if (!file || !asOf) die("usage: node bench/reference-window.mjs <azure-usage.csv> <as-of YYYY-MM-DD>");

function validDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[m - 1];
}
/** `YYYY-MM`, `YYYY-MM-DD` or `M/D/YYYY` -> month number y*12+m-1, or null. */
function monthIndex(s) {
  let r = /^(\d{4})-(\d{2})$/.exec(s);
  if (r) return validDate(+r[1], +r[2], 1) ? +r[1] * 12 + +r[2] - 1 : null;
  r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (r) return validDate(+r[1], +r[2], +r[3]) ? +r[1] * 12 + +r[2] - 1 : null;
  r = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (r) return validDate(+r[3], +r[1], +r[2]) ? +r[3] * 12 + +r[1] - 1 : null;
  return null;
}
/** Decimal with optional sign and `,` thousands groups -> BigInt micro-units, or null. */
function micro(s) {
  const r = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,6}))?$/.exec(s);
  if (!r) return null;
  const v = BigInt(r[2].replaceAll(",", "")) * 1000000n + BigInt((r[3] ?? "").padEnd(6, "0"));
  return r[1] === "-" ? -v : v;
}

const a = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
if (!a || !validDate(+a[1], +a[2], +a[3])) die(`invalid as-of ${asOf}`);
const asOfMonth = +a[1] * 12 + +a[2] - 1;
const windowIdx = [asOfMonth - 3, asOfMonth - 2, asOfMonth - 1];
const fmt = (i) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;

const ELIGIBLE = new Set([
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
]);
const GOV = new Set(["azureusgovernment", "government", "fairfax"]);
const TRUE = new Set(["true", "yes", "1"]);
const BOOL = new Set(["true", "false", "yes", "no", "1", "0"]);

let header = null;
let idx = {};
const sums = new Map(); // lower(tenant) -> BigInt micro
let line = 1; // line of the record being completed (header is line 1)
let errors = 0;
const err = (col, what) => {
  if (++errors <= 20) process.stderr.write(`${file}:${line}: ${col}: ${what}\n`);
};

function onRecord(fields) {
  if (header === null) {
    if (fields.length && fields[0].charCodeAt(0) === 0xfeff) fields[0] = fields[0].slice(1);
    header = fields;
    const norm = (h) => h.toLowerCase().replace(/[\s_-]/g, "");
    const find = (n) => {
      const i = header.findIndex((h) => h.trim() !== "" && norm(h) === norm(n));
      return i < 0 ? undefined : i;
    };
    idx = {
      month: find("Month"),
      tenant: find("CustomerTenantId"),
      sg2: find("ServiceGroup2"),
      attr: find("PartnerAttributionType") ?? find("AssociationType"),
      acr: find("ACR_USD"),
      dup: find("IsACRDuplicateAtMPNLevel"),
      offer: find("OfferType"),
      cloud: find("CloudInstance"),
    };
    for (const k of ["month", "tenant", "sg2", "attr", "acr"])
      if (idx[k] === undefined) die(`missing required column ${k}`);
    return;
  }
  const get = (k) => (idx[k] === undefined ? "" : (fields[idx[k]] ?? "").trim());
  if (fields.every((f) => f.trim() === "")) return;
  const m = get("month"),
    tenant = get("tenant").toLowerCase(),
    sg2 = get("sg2").toLowerCase();
  const attr = get("attr").toLowerCase(),
    acrText = get("acr");
  const dup = get("dup").toLowerCase(),
    offer = get("offer").toLowerCase(),
    cloud = get("cloud").toLowerCase();
  const mi = m === "" ? null : monthIndex(m);
  if (m === "") err("Month", "empty");
  else if (mi === null) err("Month", `not a month: ${m}`);
  if (tenant === "") err("CustomerTenantId", "empty");
  if (sg2 === "") err("ServiceGroup2", "empty");
  if (attr === "") err("PartnerAttributionType", "empty");
  const v = acrText === "" ? null : micro(acrText);
  if (v === null) err("ACR_USD", `not a number: ${acrText}`);
  if (dup !== "" && !BOOL.has(dup)) err("IsACRDuplicateAtMPNLevel", `not a boolean: ${dup}`);
  const eligible =
    sg2 === "ai" &&
    ELIGIBLE.has(attr) &&
    !TRUE.has(dup) &&
    !/trial|benefit|support|internal/.test(offer) &&
    !(GOV.has(cloud) && (attr === "partner admin link" || attr === "pal"));
  if (eligible && v !== null && windowIdx.includes(mi)) sums.set(tenant, (sums.get(tenant) ?? 0n) + v);
}

// RFC 4180 state machine over decoded chunks; CR LF / LF line ends, quotes double inside quoted fields.
let field = "",
  fields = [],
  inQuotes = false,
  quotePending = false,
  sawAny = false;
const endField = () => {
  fields.push(field);
  field = "";
};
const endRecord = () => {
  endField();
  onRecord(fields);
  fields = [];
  sawAny = false;
};
const stream = fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
for await (const chunk of stream) {
  let start = 0;
  for (let i = 0; i < chunk.length; i++) {
    const ch = chunk.charCodeAt(i);
    if (inQuotes) {
      if (ch === 34) {
        field += chunk.slice(start, i);
        start = i + 1;
        inQuotes = false;
        quotePending = true;
      }
      continue;
    }
    if (quotePending) {
      quotePending = false;
      if (ch === 34) {
        field += '"';
        start = i + 1;
        inQuotes = true;
        continue;
      }
    }
    if (ch === 34) {
      field += chunk.slice(start, i);
      start = i + 1;
      inQuotes = true;
      sawAny = true;
    } else if (ch === 44) {
      field += chunk.slice(start, i);
      start = i + 1;
      endField();
      sawAny = true;
    } else if (ch === 10) {
      let end = i;
      if (end > start && chunk.charCodeAt(end - 1) === 13) end--;
      else if (end === start && field.endsWith("\r")) field = field.slice(0, -1);
      field += chunk.slice(start, end);
      start = i + 1;
      if (sawAny || field !== "" || fields.length) endRecord();
      else {
        field = "";
      }
      line++;
    } else sawAny = true;
  }
  field += chunk.slice(start);
}
if (inQuotes) die("unterminated quoted field at end of file");
if (field.endsWith("\r")) field = field.slice(0, -1);
if (sawAny || field !== "" || fields.length) endRecord();
if (errors) die(`${errors} problem(s) in the file`);

let total = 0n,
  customers = 0;
for (const s of sums.values()) {
  total += s;
  if (s > 0n) customers++;
}
const abs = total < 0n ? -total : total;
let cents = (abs + 15000n) / 30000n; // total / 3 in cents, half-up (away from zero)
if (total < 0n) cents = -cents;
process.stdout.write(
  `${JSON.stringify({ window: windowIdx.map(fmt), monthlyAverageUsd: Number(cents) / 100, customerCount: customers })}\n`,
);
