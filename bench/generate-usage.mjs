#!/usr/bin/env node
// Deterministic generator of a Partner Center Insights "Azure usage" export for the benchmark.
//
//   node bench/generate-usage.mjs [--rows N] [--out FILE] [--seed S] [--crlf] [--bom] [--iso-months] [--quiet]
//
// Same 45 columns, in the same order, as ../shared/samples/azure-usage-sample.csv; about 400 bytes
// a row. 15 months of usage, 2024-06 .. 2025-08 (the bench runs with --as-of 2025-09-10, so the
// performance window is 2025-06 .. 2025-08). Every value is valid input for `specready check`:
// the file must be evaluated, not rejected. Same seed and options => byte-identical file; the first
// N rows of a bigger file equal an N-row file. The column list comes from @specready/ingest.
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { PARTNER_CENTER_USAGE_COLUMNS } from "@specready/ingest";

export const HEADER = [...PARTNER_CENTER_USAGE_COLUMNS];

export const DEFAULTS = { rows: 1_000_000, out: "bench/data/usage-1m/azure-usage.csv", seed: 20250910 };
export const FIRST_MONTH = [2024, 6]; // 15 months: 2024-06 .. 2025-08
export const MONTHS = 15;

// ---------------------------------------------------------------- PRNG (sfc32 seeded by splitmix32)
function makeRng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) u32();
  const rnd = () => u32() / 4294967296;
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  let spare = null;
  const normal = () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = rnd();
    const r = Math.sqrt(-2 * Math.log(u)),
      th = 2 * Math.PI * rnd();
    spare = r * Math.sin(th);
    return r * Math.cos(th);
  };
  const hex = (n) => {
    let out = "";
    while (out.length < n) out += u32().toString(16).padStart(8, "0");
    return out.slice(0, n);
  };
  const guid = () => {
    const h = hex(32);
    const v = "89ab"[int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  return { u32, rnd, int, pick, normal, guid, hex };
}

// Weighted choice over [[value, weight], ...]: returns a function of a uniform number in [0,1).
function weighted(pairs) {
  const total = pairs.reduce((s, p) => s + p[1], 0);
  const cum = [];
  let acc = 0;
  for (const [, w] of pairs) {
    acc += w;
    cum.push(acc / total);
  }
  const values = pairs.map((p) => p[0]);
  return (u) => {
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < cum[mid]) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  };
}

// RFC 4180: quote when the value holds a comma, a quote or a line break; double inner quotes.
const csv = (v) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

// ---------------------------------------------------------------- catalogue
// [ServiceGroup2, weight, ServiceLevel1, [[ServiceLevel2, ServiceGroup3, [meters], unit, lognormal mu]]]
const CATALOGUE = [
  [
    "AI",
    12,
    "AI + Machine Learning",
    [
      [
        "Azure OpenAI",
        "Azure OpenAI",
        [
          "gpt-4o Input Tokens",
          "gpt-4o Output Tokens",
          "gpt-4o-mini Input Tokens",
          "gpt-4.1 Output Tokens",
          "text-embedding-3-large Tokens",
          "Provisioned Managed Throughput Unit",
        ],
        "1K Tokens",
        3.2,
      ],
      [
        "Cognitive Services",
        "Applied AI Services",
        [
          "S0 Language Text Records",
          "S1 Translator Characters",
          "Standard Speech to Text",
          "S1 Computer Vision Transactions",
        ],
        "1K Transactions",
        2.6,
      ],
      [
        "Azure Machine Learning",
        "Machine Learning",
        ["Standard NC6s v3 vCPU Hours", "Standard DS3 v2 Compute Hours", "Managed Online Endpoint Hours"],
        "1 Hour",
        3.0,
      ],
      [
        "Azure AI Search",
        "Applied AI Services",
        ["Standard S1 Unit", "Basic Unit", "Semantic Ranker Requests"],
        "1 Hour",
        2.4,
      ],
      [
        "Azure AI Document Intelligence",
        "Applied AI Services",
        ["S0 Pre-built Pages", "S0 Custom Pages"],
        "1K Pages",
        2.2,
      ],
    ],
  ],
  [
    "Compute",
    30,
    "Compute",
    [
      ["Virtual Machines Dv5", "Virtual Machines", ["D2s v5", "D4s v5", "D8s v5", "D16s v5"], "1 Hour", 2.7],
      ["Virtual Machines Ev5", "Virtual Machines", ["E4s v5", "E8s v5", "E16s v5"], "1 Hour", 2.9],
      ["Virtual Machines B", "Virtual Machines", ["B1s", "B2s", "B2ms", "B4ms"], "1 Hour", 1.6],
      ["Azure Kubernetes Service", "Containers", ["Standard Uptime SLA", "Node vCPU Hours"], "1 Hour", 2.5],
      [
        "Azure Functions",
        "Serverless",
        ["Standard Execution Time", "Standard Total Executions"],
        "1M Executions",
        0.9,
      ],
    ],
  ],
  [
    "Data",
    16,
    "Databases",
    [
      [
        "SQL Database",
        "SQL Database",
        ["vCore General Purpose Gen5", "vCore Business Critical Gen5", "Single DTU S2", "Elastic Pool eDTU"],
        "1 Hour",
        2.8,
      ],
      ["Azure Cosmos DB", "Cosmos DB", ["100 RU/s", "Data Stored", "Autoscale 100 RU/s"], "1 Hour", 2.5],
      [
        "Azure Database for PostgreSQL",
        "Open Source Databases",
        ["Flexible Server D4ds v4 vCore", "Storage Data Stored"],
        "1 Hour",
        2.4,
      ],
    ],
  ],
  [
    "Networking",
    12,
    "Networking",
    [
      [
        "Bandwidth",
        "Bandwidth",
        [
          "Standard Data Transfer Out Zone 1",
          "Standard Data Transfer Out Zone 2",
          "Inter-Region Data Transfer",
        ],
        "1 GB",
        1.4,
      ],
      [
        "Load Balancer",
        "Load Balancing",
        ["Standard Data Processed", "Standard Overage LB Rules"],
        "1 GB",
        1.1,
      ],
      ["VPN Gateway", "Virtual Network", ["VpnGw1", "VpnGw2", "S2S Connection"], "1 Hour", 2.0],
      [
        "Azure Front Door",
        "Content Delivery",
        ["Standard Base Fees", "Standard Data Transfer Out"],
        "1 GB",
        1.5,
      ],
    ],
  ],
  [
    "Storage",
    12,
    "Storage",
    [
      [
        "Storage",
        "Blob Storage",
        [
          "Hot LRS Data Stored",
          "Cool LRS Data Stored",
          "Hot RA-GRS Write Operations",
          "Archive LRS Data Stored",
        ],
        "1 GB/Month",
        1.3,
      ],
      [
        "Storage",
        "Managed Disks",
        ["P10 LRS Disk", "P30 LRS Disk", "E10 LRS Disk", "S4 LRS Disk"],
        "1/Month",
        1.8,
      ],
      ["Azure Files", "Files", ["Premium LRS Provisioned", "Standard LRS Data Stored"], "1 GB/Month", 1.2],
    ],
  ],
  [
    "Web",
    6,
    "Web",
    [
      ["Azure App Service", "App Service", ["P1 v3 App", "S1 App", "B1 App", "P2 v3 App"], "1 Hour", 2.1],
      ["Static Web Apps", "App Service", ["Standard App"], "1/Month", 0.8],
    ],
  ],
  [
    "Analytics",
    4,
    "Analytics",
    [
      [
        "Azure Synapse Analytics",
        "Synapse",
        ["Serverless SQL Pool Data Processed", "Dedicated SQL Pool DW100c"],
        "1 TB",
        2.9,
      ],
      [
        "Azure Data Factory v2",
        "Data Integration",
        ["Cloud Orchestration Activity Run", "Data Movement Activity"],
        "1K Runs",
        1.9,
      ],
      [
        "Azure Databricks",
        "Databricks",
        ["Premium All-purpose Compute DBU", "Standard Jobs Compute DBU"],
        "1 Hour",
        3.1,
      ],
    ],
  ],
  [
    "Security",
    3,
    "Security",
    [
      [
        "Microsoft Defender for Cloud",
        "Security Center",
        ["Standard Node", "Defender for Servers Plan 2"],
        "1 Hour",
        1.5,
      ],
      [
        "Key Vault",
        "Key Vault",
        ["Standard Operations", "Premium HSM-protected Keys"],
        "10K Operations",
        0.3,
      ],
    ],
  ],
  [
    "Management",
    2,
    "Management and Governance",
    [
      ["Log Analytics", "Monitor", ["Analytics Logs Data Ingestion", "Data Retention"], "1 GB", 1.9],
      ["Azure Monitor", "Monitor", ["Metrics Queries", "Alerts Signal Monitored"], "1K Calls", 0.5],
    ],
  ],
];
const pickGroup = weighted(CATALOGUE.map((g, i) => [i, g[1]]));

// The attributions Partner Center uses, with their share of subscriptions.
const ATTRIBUTION = weighted([
  ["Partner admin link", 26],
  ["Partner of record", 12],
  ["CSP Tier 1", 18],
  ["CSP Tier 2", 16],
  ["Transacting partner of record", 12],
  ["Partner as end-customer", 9],
  ["Deal registration", 7],
]);
const OFFER = weighted([
  ["Azure plan", 905],
  ["Free Trial", 30],
  ["Sponsorship benefit", 20],
  ["Support", 15],
  ["Internal", 10],
  ["Azure plan", 15],
  ["", 5], // '' = absent (optional column): not excluded
]);
const SEGMENTS = ["Enterprise", "Enterprise", "SMB", "SMB", "SMB", "Corporate", "Public Sector"];
const MARKETS = [
  "United States",
  "United States",
  "United States",
  "Canada",
  "United Kingdom",
  "Germany",
  "France",
  "Netherlands",
  "Japan",
  "Australia",
  "Brazil",
  "India",
];
const INDUSTRIES = [
  ["Financial Services", "Banking"],
  ["Financial Services", "Insurance"],
  ["Healthcare", "Health Provider"],
  ["Healthcare", "Health Payor"],
  ["Retail & Consumer Goods", "Retailers"],
  ["Manufacturing", "Discrete Manufacturing"],
  ["Manufacturing", "Process Manufacturing"],
  ["Media & Communications", "Telecommunications"],
  ["Education", "Higher Education"],
  ["Government", "Federal"],
  ["Energy", "Power & Utilities"],
  ["Professional Services", "Legal"],
];
const EOUS = [
  "",
  "",
  "",
  "",
  "",
  "US Enterprise Commercial",
  "US SMC Corporate",
  "Western Europe Enterprise",
  "Asia Enterprise",
];
const WORDS = [
  "Contoso",
  "Fabrikam",
  "Litware",
  "Proseware",
  "Northwind",
  "Tailspin",
  "Woodgrove",
  "Wingtip",
  "Alpine Ski",
  "Lamna",
  "Trey Research",
  "Coho Winery",
  "Margie Travel",
  "Fourth Coffee",
  "Humongous Insurance",
  "Relecloud",
  "VanArsdel",
  "Wide World Importers",
  "Adventure Works",
  "Blue Yonder Airlines",
];
const SUFFIXES = ["Ltd", "Inc", "LLC", "GmbH", "S.A.", "Pty Ltd", "plc"];
const RESELLERS = [
  ["Fabrikam Cloud Solutions, Inc", "c6e0f2a1-77d4-4b1e-9a0f-1f5b6c2d3e4f"],
  ["Tailspin IT Services, LLC", "0a4f8e2b-5c3d-4e6f-8a9b-2c1d0e9f8a7b"],
  ["Northwind Managed Services", "7d2c4b6a-1e3f-4a5b-9c8d-6e7f8a9b0c1d"],
  ['Contoso "Cloud" Partners, Ltd', "3b5a7c9e-2d4f-4e6a-8b0c-9d1e2f3a4b5c"],
];

// ---------------------------------------------------------------- model: customers and subscriptions
function buildModel(rng, customerCount) {
  const customers = [];
  for (let i = 0; i < customerCount; i++) {
    const n = String(i + 1).padStart(4, "0");
    const r = rng.rnd();
    let name;
    if (r < 0.65) name = `Customer ${n}, ${rng.pick(SUFFIXES)}`;
    else if (r < 0.95)
      name = `${rng.pick(WORDS)} ${rng.pick(["Holdings", "Group", "Labs", "Retail", "Health", "Energy"])} ${n}`;
    else
      name = `${rng.pick(WORDS)} "${rng.pick(["West", "East", "Digital", "Labs"])}" ${n}, ${rng.pick(SUFFIXES)}`;
    const gov = rng.rnd() < 0.06;
    const [industry, vertical] = gov
      ? ["Government", rng.pick(["Federal", "State & Local", "Defense"])]
      : rng.rnd() < 0.4
        ? ["", ""]
        : rng.pick(INDUSTRIES);
    const subs = [];
    const nSubs = 1 + Math.floor(rng.rnd() ** 2 * 6);
    for (let s = 0; s < nSubs; s++) {
      const y = rng.int(2019, 2024),
        m = rng.int(1, 12),
        d = rng.int(1, 28);
      const start = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
      const fu =
        rng.rnd() < 0.3
          ? ""
          : `${y}-${String(m).padStart(2, "0")}-${String(Math.min(28, d + rng.int(0, 9))).padStart(2, "0")}`;
      const attribution = ATTRIBUTION(rng.rnd());
      const reseller = attribution === "CSP Tier 2" ? rng.pick(RESELLERS) : null;
      subs.push({
        id: rng.guid(),
        start,
        firstUse: fu,
        end: rng.rnd() < 0.08 ? `${rng.int(2025, 2027)}-${String(rng.int(1, 12)).padStart(2, "0")}-01` : "",
        state: rng.rnd() < 0.95 ? "Active" : rng.pick(["Disabled", "Warned"]),
        attribution,
        adminType: attribution === "Partner admin link" ? rng.pick(["Owner", "Owner", "Contributor"]) : "",
        association: attribution.startsWith("CSP") ? "Reseller" : "Customer",
        channel: attribution.startsWith("CSP") ? "Reseller" : rng.pick(["Direct", "Direct", "Distributor"]),
        reseller,
        offer: OFFER(rng.rnd()),
        cloud: gov ? "AzureUSGovernment" : "AzureCloud",
        aiAffinity: rng.rnd() ** 3 * 2.5, // some subscriptions run mostly AI workloads
      });
    }
    customers.push({
      tenant: rng.guid(),
      name: csv(name),
      tpid: String(rng.int(1000000, 9999999)),
      segment: gov ? "Public Sector" : rng.pick(SEGMENTS),
      market: gov ? "United States" : rng.pick(MARKETS),
      industry,
      vertical,
      eou: rng.pick(EOUS),
      enrollment: rng.rnd() < 0.2 ? String(rng.int(10000000, 99999999)) : "",
      subs,
      weight: Math.exp(rng.normal() * 1.1), // a few large customers, a long tail
      scale: Math.exp(rng.normal() * 0.5),
    });
  }
  return customers;
}

const two = (n) => (n < 10 ? `0${n}` : String(n));

function formatMoney(cents, thousands) {
  const neg = cents < 0;
  const abs = neg ? -cents : cents;
  let int = String(Math.floor(abs / 100));
  const frac = two(abs % 100);
  if (thousands && int.length > 3) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const s = `${neg ? "-" : ""}${int}.${frac}`;
  return thousands && s.includes(",") ? `"${s}"` : s;
}

// ---------------------------------------------------------------- main
export async function generate({ rows, out, seed, crlf = false, bom = false, isoMonths = false }) {
  const rng = makeRng(seed);
  const customers = buildModel(rng, 3000);
  const pickCustomer = weighted(customers.map((c, i) => [i, c.weight]));
  const pickMonth = weighted(Array.from({ length: MONTHS }, (_, i) => [i, 1 + 0.05 * i])); // growth
  const months = Array.from({ length: MONTHS }, (_, i) => {
    const t = FIRST_MONTH[0] * 12 + FIRST_MONTH[1] - 1 + i;
    return [Math.floor(t / 12), (t % 12) + 1];
  });
  const lastDay = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const eol = crlf ? "\r\n" : "\n";
  const pre = "1234567,4455667,Adatum Consulting,4455668,";

  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const stream = fs.createWriteStream(tmp, { highWaterMark: 8 << 20 });
  const write = async (s) => {
    if (!stream.write(s)) await once(stream, "drain");
  };
  await write((bom ? "\ufeff" : "") + HEADER.join(",") + eol);

  const BATCH = 4096;
  let batch = [];
  for (let i = 0; i < rows; i++) {
    const c = customers[pickCustomer(rng.rnd())];
    const sub = c.subs[Math.floor(rng.rnd() * c.subs.length)];
    const mi = pickMonth(rng.rnd());
    const [y, m] = months[mi];

    // Month: mostly YYYY-MM, some M/D/YYYY dates, a few YYYY-MM-DD dates (any date in the month).
    const mf = rng.rnd();
    let month;
    if (mf < 0.85) month = `${y}-${two(m)}`;
    else if (mf < 0.97) {
      const d = rng.rnd() < 0.7 ? 1 : rng.int(1, lastDay(y, m));
      // --iso-months: the same date written YYYY-MM-DD (same random draws, so the same rows otherwise),
      // for queries that take a month as the first seven characters (bench/duckdb-analyst.mjs).
      month = isoMonths ? `${y}-${two(m)}-${two(d)}` : `${m}/${d}/${y}`;
    } else month = `${y}-${two(m)}-${two(rng.rnd() < 0.5 ? 1 : lastDay(y, m))}`;

    // Service: AI about 15% of rows overall, more on AI-heavy subscriptions.
    let gi = pickGroup(rng.rnd());
    if (gi !== 0 && rng.rnd() < sub.aiAffinity * 0.06) gi = 0;
    const g = CATALOGUE[gi];
    const svc = g[3][Math.floor(rng.rnd() * g[3].length)];
    const meter = svc[2][Math.floor(rng.rnd() * svc[2].length)];
    const tier =
      gi === 0
        ? rng.pick(["Standard", "Global Standard", "S0"])
        : rng.pick(["Standard", "Standard", "Premium", "Basic"]);
    let sg2 = g[0];
    let attribution = sub.attribution;
    let tenant = c.tenant;
    const odd = rng.rnd();
    if (odd < 0.002)
      sg2 = sg2.toLowerCase(); // names compare ignoring case
    else if (odd < 0.004) attribution = attribution.toUpperCase();
    else if (odd < 0.009) tenant = tenant.toUpperCase(); // customers are distinct ignoring case

    // Amount: log-normal, a few large (some written "1,234.56"), some credits, some zero.
    const kind = rng.rnd();
    let cents;
    if (kind < 0.015) cents = -Math.max(1, Math.round(Math.exp(2 + rng.normal() * 1.2) * 100));
    else if (kind < 0.025) cents = 0;
    else cents = Math.max(1, Math.round(Math.exp(svc[4] + rng.normal() * 1.35) * c.scale * 100));
    const acr = formatMoney(cents, rng.rnd() < 0.6);
    const qty = (Math.abs(cents) / 100 / (0.02 + rng.rnd() * 2)).toFixed(rng.rnd() < 0.5 ? 0 : 3);

    const dup = rng.rnd();
    const mpnDup = dup < 0.96 ? "0" : dup < 0.99 ? "1" : dup < 0.993 ? "True" : dup < 0.996 ? "False" : "";
    const pgaDup = rng.rnd() < 0.03 ? "1" : "0";
    const cl = rng.rnd();
    const cloud = cl < 0.995 ? sub.cloud : cl < 0.998 ? "" : "AzureCloud";
    const os = gi === 1 && svc[1] === "Virtual Machines" ? (rng.rnd() < 0.6 ? "Linux" : "Windows") : "";
    const core = os === "Windows" ? "Windows Server" : "";
    const influencer = rng.rnd() < 0.03 ? "Microsoft Fabric" : "";
    const subAcr = rng.rnd() < 0.1 ? ((Math.abs(cents) * (1 + rng.int(0, 40))) / 100).toFixed(2) : "";

    batch.push(
      pre +
        sub.id +
        "," +
        sub.start +
        "," +
        sub.end +
        "," +
        sub.firstUse +
        "," +
        sub.state +
        "," +
        month +
        "," +
        g[2] +
        "," +
        svc[0] +
        "," +
        meter +
        "," +
        tier +
        "," +
        sg2 +
        "," +
        svc[1] +
        "," +
        influencer +
        "," +
        os +
        "," +
        core +
        "," +
        svc[3] +
        "," +
        qty +
        "," +
        c.name +
        "," +
        tenant +
        "," +
        c.tpid +
        "," +
        c.segment +
        "," +
        c.market +
        "," +
        attribution +
        "," +
        sub.channel +
        "," +
        c.enrollment +
        "," +
        sub.adminType +
        "," +
        sub.association +
        "," +
        pgaDup +
        "," +
        pgaDup +
        "," +
        mpnDup +
        "," +
        (sub.reseller ? `${sub.reseller[1]},${csv(sub.reseller[0])}` : ",") +
        "," +
        c.industry +
        "," +
        csv(c.vertical) +
        "," +
        c.eou +
        "," +
        cloud +
        "," +
        sub.offer +
        "," +
        subAcr +
        "," +
        acr,
    );
    if (batch.length === BATCH) {
      await write(batch.join(eol) + eol);
      batch = [];
    }
  }
  if (batch.length) await write(batch.join(eol) + eol);
  stream.end();
  await once(stream, "close");
  fs.renameSync(tmp, out);
  return { path: out, rows, bytes: fs.statSync(out).size };
}

function parseArgs(argv) {
  const o = { ...DEFAULTS, crlf: false, bom: false, isoMonths: false, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--rows") o.rows = Number(val().replaceAll("_", ""));
    else if (a === "--out") o.out = val();
    else if (a === "--seed") o.seed = Number(val());
    else if (a === "--crlf") o.crlf = true;
    else if (a === "--bom") o.bom = true;
    else if (a === "--iso-months") o.isoMonths = true;
    else if (a === "--quiet") o.quiet = true;
    else if (a === "-h" || a === "--help") {
      console.log(
        "usage: node bench/generate-usage.mjs [--rows N] [--out FILE] [--seed S] [--crlf] [--bom] [--iso-months] [--quiet]",
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isSafeInteger(o.rows) || o.rows < 0) throw new Error("--rows must be a whole number");
  if (!Number.isSafeInteger(o.seed)) throw new Error("--seed must be an integer");
  return o;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("generate-usage.mjs")) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`generate-usage: ${e.message}`);
    process.exit(2);
  }
  const t0 = performance.now();
  const r = await generate(opts);
  const secs = (performance.now() - t0) / 1000;
  if (!opts.quiet) {
    console.log(
      `${r.path}: ${r.rows.toLocaleString("en-US")} rows, ${r.bytes.toLocaleString("en-US")} bytes ` +
        `(${(r.bytes / 1e6).toFixed(1)} MB, ${r.rows ? Math.round(r.bytes / r.rows) : 0} B/row) in ${secs.toFixed(1)} s`,
    );
  }
}
