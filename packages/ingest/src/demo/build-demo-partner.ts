/**
 * The demo partner "Adatum Consulting": five input files that tell a realistic, fixed story whatever the
 * as-of date (everything is dated relative to it):
 * - designation met (Data & AI (Azure) 76 points, all five metrics > 0; Digital & App Innovation short);
 * - performance met but close: the window's biggest month (a fine-tuning burst) leaves the window next
 *   month, so it lapses unless the current month brings enough;
 * - knowledge not met: three DP-100 holders, but the only AI-102 expired a month ago;
 * - audit not met, counting approved evidence only: most controls met (Module A's second customer ages
 *   out soon), A3.3 and B4.1 waiting for evidence under review (a draft, a submitted item), B2.2 and
 *   B3.1 short of customers (one item sent back, one customer's deployment documents missing), and the
 *   last A+B pass too old to waive Module A.
 *
 * Pure and deterministic: amounts and identifiers come from PRNG streams keyed by what they describe
 * (customer, month offset), never by the as-of date, so the figures are the same at every as-of date and
 * only the dates move. Only the partial current month depends on the day of the month.
 */

import {
  addBusinessDays,
  addDays,
  addMonths,
  addMonthsToMonth,
  addYears,
  type CalendarDate,
  csvText,
  dateParts,
  daysInMonth,
  firstDayOf,
  formatAmount,
  monthOf,
  type YearMonth,
} from "@specready/core";
import { PARTNER_CENTER_USAGE_COLUMNS } from "../inputs/partner-center-columns.js";

export interface DemoFile {
  name: string;
  content: string;
}

export const DEMO_FILE_NAMES = [
  "azure-usage.csv",
  "certifications.csv",
  "capability-score.csv",
  "audit-evidence.csv",
  "audit-history.csv",
] as const;

/** The column layout of the Partner Center Insights Azure usage download, in its order. */
export const AZURE_USAGE_COLUMNS = PARTNER_CENTER_USAGE_COLUMNS;

type UsageColumn = (typeof AZURE_USAGE_COLUMNS)[number];
type UsageRow = Partial<Record<UsageColumn, string>>;

const PARTNER = {
  pgaId: "1234567",
  id: "4455667",
  name: "Adatum Consulting",
  locationId: "4455668",
} as const;

export function buildDemoPartner(asOf: CalendarDate): DemoFile[] {
  const customers = buildCustomers(asOf);
  return [
    // Partner Center's download has a byte-order mark; the partner's own spreadsheets have none.
    { name: "azure-usage.csv", content: toCsv(AZURE_USAGE_COLUMNS, usageRows(asOf, customers), true) },
    { name: "certifications.csv", content: toCsv(CERTIFICATION_COLUMNS, certificationRows(asOf)) },
    { name: "capability-score.csv", content: toCsv(CAPABILITY_COLUMNS, CAPABILITY_ROWS) },
    { name: "audit-evidence.csv", content: toCsv(EVIDENCE_COLUMNS, evidenceRows(asOf, customers)) },
    { name: "audit-history.csv", content: toCsv(HISTORY_COLUMNS, historyRows(asOf)) },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

/** FNV-1a: turns a stream's key into a 32-bit seed. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast and good enough for invented figures. */
class Random {
  private state: number;

  constructor(key: string) {
    this.state = hashKey(`adatum-demo|${key}`);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A number in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  digits(count: number): string {
    let s = String(this.int(1, 9));
    while (s.length < count) s += String(this.int(0, 9));
    return s;
  }

  hex(count: number): string {
    let s = "";
    while (s.length < count) s += this.int(0, 15).toString(16);
    return s;
  }

  /** A version-4 shaped GUID, as tenant and subscription ids are. */
  guid(): string {
    const variant = "89ab"[this.int(0, 3)] ?? "8";
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// Service taxonomy (as the usage report spells it)

type ServiceGroup = "AI" | "Compute" | "Data" | "Storage" | "Networking";

interface Service {
  levels: readonly [string, string, string, string];
  group: ServiceGroup;
  group3: string;
  units: string;
  /** USD per unit, to derive a plausible UsageQuantity from the amount. */
  unitPrice: number;
  os?: string;
  coreSoftware?: string;
}

const AI_ML = "AI + Machine Learning";

const SERVICES = {
  gpt4oIn: {
    levels: [AI_ML, "Azure OpenAI", "Azure OpenAI - GPT-4o", "gpt-4o-0806 Inp glbl Tokens"],
    group: "AI",
    group3: "Azure OpenAI",
    units: "1K Tokens",
    unitPrice: 0.0025,
  },
  gpt4oOut: {
    levels: [AI_ML, "Azure OpenAI", "Azure OpenAI - GPT-4o", "gpt-4o-0806 Outp glbl Tokens"],
    group: "AI",
    group3: "Azure OpenAI",
    units: "1K Tokens",
    unitPrice: 0.01,
  },
  gpt4oMiniIn: {
    levels: [AI_ML, "Azure OpenAI", "Azure OpenAI - GPT-4o mini", "gpt-4o-mini-0718 Inp glbl Tokens"],
    group: "AI",
    group3: "Azure OpenAI",
    units: "1K Tokens",
    unitPrice: 0.00015,
  },
  gpt4oMiniOut: {
    levels: [AI_ML, "Azure OpenAI", "Azure OpenAI - GPT-4o mini", "gpt-4o-mini-0718 Outp glbl Tokens"],
    group: "AI",
    group3: "Azure OpenAI",
    units: "1K Tokens",
    unitPrice: 0.0006,
  },
  embeddings: {
    levels: [AI_ML, "Azure OpenAI", "Azure OpenAI - Embeddings", "text-embedding-3-large Tokens"],
    group: "AI",
    group3: "Azure OpenAI",
    units: "1K Tokens",
    unitPrice: 0.00013,
  },
  fineTuneTraining: {
    levels: [AI_ML, "Azure OpenAI", "Azure OpenAI - Fine-tuning", "gpt-4o-mini-0718 Ft Training Tokens"],
    group: "AI",
    group3: "Azure OpenAI",
    units: "1K Tokens",
    unitPrice: 0.003,
  },
  fineTuneHosting: {
    levels: [AI_ML, "Azure OpenAI", "Azure OpenAI - Fine-tuning", "gpt-4o-mini-0718 Ft Hosting"],
    group: "AI",
    group3: "Azure OpenAI",
    units: "1 Hour",
    unitPrice: 1.7,
  },
  aiSearch: {
    levels: [AI_ML, "Azure AI Search", "Azure AI Search - Standard", "Standard S1 Unit"],
    group: "AI",
    group3: "Azure AI Search",
    units: "1 Hour",
    unitPrice: 0.336,
  },
  machineLearning: {
    levels: [AI_ML, "Azure Machine Learning", "Azure Machine Learning - NCasT4 v3", "NC4as T4 v3 vCPU"],
    group: "AI",
    group3: "Azure Machine Learning",
    units: "1 Hour",
    unitPrice: 0.526,
  },
  documentIntelligence: {
    levels: [AI_ML, "Azure AI Services", "Azure AI Document Intelligence", "S0 Read Pages"],
    group: "AI",
    group3: "Azure AI Services",
    units: "1K Pages",
    unitPrice: 1.5,
  },
  speech: {
    levels: [AI_ML, "Azure AI Services", "Azure AI Speech", "S1 Speech to Text"],
    group: "AI",
    group3: "Azure AI Services",
    units: "1 Hour",
    unitPrice: 1,
  },
  vmLinux: {
    levels: ["Compute", "Virtual Machines", "Virtual Machines Dsv5 Series", "D4s v5"],
    group: "Compute",
    group3: "Virtual Machines",
    units: "1 Hour",
    unitPrice: 0.192,
    os: "Linux",
  },
  vmWindows: {
    levels: ["Compute", "Virtual Machines", "Virtual Machines Dsv5 Series Windows", "D8s v5"],
    group: "Compute",
    group3: "Virtual Machines",
    units: "1 Hour",
    unitPrice: 0.752,
    os: "Windows",
    coreSoftware: "Windows Server",
  },
  appService: {
    levels: ["Compute", "Azure App Service", "Azure App Service Premium v3 Plan", "P1 v3"],
    group: "Compute",
    group3: "Azure App Service",
    units: "1 Hour",
    unitPrice: 0.2,
  },
  kubernetes: {
    levels: [
      "Compute",
      "Azure Kubernetes Service",
      "Azure Kubernetes Service - Standard",
      "Standard Uptime SLA",
    ],
    group: "Compute",
    group3: "Azure Kubernetes Service",
    units: "1 Hour",
    unitPrice: 0.1,
  },
  functions: {
    levels: ["Compute", "Functions", "Functions - Flex Consumption", "On Demand Execution Time"],
    group: "Compute",
    group3: "Azure Functions",
    units: "1 GB Second",
    unitPrice: 0.000026,
  },
  sqlDatabase: {
    levels: [
      "Databases",
      "SQL Database",
      "SQL Database Single/Elastic Pool General Purpose - Compute Gen5",
      "1 vCore",
    ],
    group: "Data",
    group3: "Azure SQL Database",
    units: "1 Hour",
    unitPrice: 0.2523,
  },
  cosmosDb: {
    levels: ["Databases", "Azure Cosmos DB", "Azure Cosmos DB - RUs", "100 RU/s"],
    group: "Data",
    group3: "Azure Cosmos DB",
    units: "100 RU/s/Hour",
    unitPrice: 0.008,
  },
  databricks: {
    levels: [
      "Analytics",
      "Azure Databricks",
      "Azure Databricks - Premium",
      "Premium All-purpose Compute DBU",
    ],
    group: "Data",
    group3: "Azure Databricks",
    units: "1 DBU Hour",
    unitPrice: 0.55,
  },
  dataFactory: {
    levels: [
      "Analytics",
      "Azure Data Factory v2",
      "Data Factory v2 - Cloud Orchestration",
      "Cloud Orchestration Activity Run",
    ],
    group: "Data",
    group3: "Azure Data Factory",
    units: "1K Runs",
    unitPrice: 1,
  },
  blobStorage: {
    levels: ["Storage", "Storage", "General Block Blob v2 - Hot LRS", "Hot LRS Data Stored"],
    group: "Storage",
    group3: "Azure Blob Storage",
    units: "1 GB/Month",
    unitPrice: 0.0184,
  },
  managedDisks: {
    levels: ["Storage", "Storage", "Premium SSD Managed Disks", "P10 LRS Disk"],
    group: "Storage",
    group3: "Managed Disks",
    units: "1/Month",
    unitPrice: 19.71,
  },
  bandwidth: {
    levels: ["Networking", "Bandwidth", "Rtn Preference: MGN", "Standard Data Transfer Out"],
    group: "Networking",
    group3: "Bandwidth",
    units: "1 GB",
    unitPrice: 0.087,
  },
  frontDoor: {
    levels: ["Networking", "Azure Front Door Service", "Azure Front Door Standard", "Standard Base Fees"],
    group: "Networking",
    group3: "Azure Front Door",
    units: "1 Hour",
    unitPrice: 0.0479,
  },
  privateLink: {
    levels: [
      "Networking",
      "Virtual Network",
      "Virtual Network Private Link",
      "Standard Data Processed - Ingress",
    ],
    group: "Networking",
    group3: "Private Link",
    units: "1 GB",
    unitPrice: 0.01,
  },
  vpnGateway: {
    levels: ["Networking", "VPN Gateway", "VPN Gateway VpnGw1", "VpnGw1"],
    group: "Networking",
    group3: "VPN Gateway",
    units: "1 Hour",
    unitPrice: 0.19,
  },
} as const satisfies Record<string, Service>;

type ServiceKey = keyof typeof SERVICES;

// ---------------------------------------------------------------------------------------------------
// Customers

const PAL = "Partner admin link";
const DPOR = "Partner of record";
const CSP_TIER_1 = "CSP Tier 1";
const CSP_TIER_2 = "CSP Tier 2";
const TPOR = "Transacting partner of record";
const PARTNER_AS_END_CUSTOMER = "Partner as end-customer";

/** Month offsets from the as-of month: -12 .. -1 are the full months, 0 the current month to date. */
const FIRST_OFFSET = -12;

interface AiPlan {
  /** Services the customer's regular AI consumption is spread over, with their weight and subscription. */
  services: readonly { service: ServiceKey; weight: number; sub: number }[];
  /** USD per full month, index 0 = offset -12 ... index 11 = offset -1; 0 = no AI that month. */
  monthly: readonly number[];
  /** USD for a whole current month at today's run rate (the partial month is a share of it). */
  runRate: number;
}

interface CustomerSpec {
  key: string;
  name: string;
  industry: string;
  vertical: string;
  segment: string;
  market: string;
  attribution: string;
  adminType?: string;
  offerType: string;
  cloud: "AzureCloud" | "AzureUSGovernment";
  subscriptions: number;
  /** Recurring non-AI consumption: service, USD per month, subscription index. */
  other: readonly { service: ServiceKey; monthly: number; sub: number }[];
  ai?: AiPlan;
}

interface Subscription {
  id: string;
  startDate: CalendarDate;
  firstUseDate: CalendarDate;
}

interface Customer extends CustomerSpec {
  tenantId: string;
  tpid: string;
  enrollment: string;
  subs: Subscription[];
}

// The eligible AI story lives in the `ai` plans: five customers carry the window, Contoso Pharma's
// fine-tuning burst (an extra, see `extraRows`) makes the oldest window month the biggest, and Relecloud
// gets a credit in the middle month.
const CUSTOMER_SPECS: readonly CustomerSpec[] = [
  {
    key: "litware",
    name: "Litware Health",
    industry: "Healthcare",
    vertical: "Health Provider",
    segment: "Enterprise",
    market: "United States",
    attribution: PAL,
    adminType: "Owner",
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 3,
    other: [
      { service: "appService", monthly: 210, sub: 0 },
      { service: "sqlDatabase", monthly: 340, sub: 1 },
      { service: "blobStorage", monthly: 65, sub: 1 },
      { service: "frontDoor", monthly: 45, sub: 0 },
    ],
    ai: {
      services: [
        { service: "gpt4oIn", weight: 0.3, sub: 2 },
        { service: "gpt4oOut", weight: 0.35, sub: 2 },
        { service: "aiSearch", weight: 0.25, sub: 2 },
        { service: "embeddings", weight: 0.1, sub: 2 },
      ],
      monthly: [380, 400, 420, 450, 480, 520, 560, 600, 650, 700, 690, 720],
      runRate: 740,
    },
  },
  {
    key: "proseware",
    name: "Proseware Retail",
    industry: "Retail & Consumer Goods",
    vertical: "Retail",
    segment: "SMB",
    market: "United States",
    attribution: CSP_TIER_2,
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "kubernetes", monthly: 150, sub: 0 },
      { service: "cosmosDb", monthly: 190, sub: 0 },
      { service: "bandwidth", monthly: 40, sub: 0 },
    ],
    ai: {
      services: [
        { service: "gpt4oMiniIn", weight: 0.35, sub: 1 },
        { service: "gpt4oMiniOut", weight: 0.4, sub: 1 },
        { service: "aiSearch", weight: 0.25, sub: 1 },
      ],
      monthly: [180, 200, 210, 230, 250, 280, 310, 350, 390, 420, 440, 460],
      runRate: 470,
    },
  },
  {
    key: "lamna",
    name: "Lamna Energy",
    industry: "Energy",
    vertical: "Power & Utilities",
    segment: "Enterprise",
    market: "Canada",
    attribution: DPOR,
    offerType: "Enterprise Agreement",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "databricks", monthly: 420, sub: 0 },
      { service: "dataFactory", monthly: 60, sub: 0 },
      { service: "blobStorage", monthly: 110, sub: 0 },
      { service: "vpnGateway", monthly: 140, sub: 1 },
    ],
    ai: {
      services: [
        { service: "machineLearning", weight: 0.6, sub: 1 },
        { service: "documentIntelligence", weight: 0.4, sub: 1 },
      ],
      monthly: [0, 0, 0, 0, 120, 160, 200, 240, 290, 310, 340, 360],
      runRate: 370,
    },
  },
  {
    key: "relecloud",
    name: "Relecloud Media",
    industry: "Media & Communications",
    vertical: "Media & Entertainment",
    segment: "SMB",
    market: "United States",
    attribution: CSP_TIER_1,
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 1,
    other: [
      { service: "functions", monthly: 35, sub: 0 },
      { service: "blobStorage", monthly: 180, sub: 0 },
      { service: "frontDoor", monthly: 70, sub: 0 },
    ],
    ai: {
      services: [
        { service: "speech", weight: 0.45, sub: 0 },
        { service: "gpt4oOut", weight: 0.55, sub: 0 },
      ],
      monthly: [0, 0, 0, 0, 0, 0, 90, 120, 150, 160, 260, 230],
      runRate: 240,
    },
  },
  {
    key: "contoso",
    name: "Contoso Pharma",
    industry: "Healthcare",
    vertical: "Pharmaceuticals",
    segment: "Enterprise",
    market: "United States",
    attribution: PAL,
    adminType: "Contributor",
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "vmLinux", monthly: 280, sub: 0 },
      { service: "managedDisks", monthly: 80, sub: 0 },
      { service: "privateLink", monthly: 25, sub: 0 },
    ],
    ai: {
      services: [
        { service: "gpt4oMiniIn", weight: 0.5, sub: 1 },
        { service: "documentIntelligence", weight: 0.5, sub: 1 },
      ],
      monthly: [0, 0, 0, 0, 0, 0, 0, 0, 150, 250, 190, 130],
      runRate: 110,
    },
  },
  {
    key: "fabrikam",
    name: "Fabrikam Logistics",
    industry: "Transportation & Logistics",
    vertical: "Logistics",
    segment: "Enterprise",
    market: "United States",
    attribution: PAL,
    adminType: "Owner",
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "vmLinux", monthly: 520, sub: 0 },
      { service: "sqlDatabase", monthly: 260, sub: 1 },
      { service: "bandwidth", monthly: 55, sub: 0 },
    ],
    ai: {
      services: [{ service: "documentIntelligence", weight: 1, sub: 1 }],
      monthly: [90, 110, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      runRate: 0,
    },
  },
  {
    key: "northwind",
    name: "Northwind Traders",
    industry: "Retail & Consumer Goods",
    vertical: "Wholesale Distribution",
    segment: "SMB",
    market: "United States",
    attribution: CSP_TIER_1,
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 1,
    other: [
      { service: "vmWindows", monthly: 1180, sub: 0 },
      { service: "managedDisks", monthly: 120, sub: 0 },
      { service: "vpnGateway", monthly: 140, sub: 0 },
    ],
  },
  {
    key: "tailwind",
    name: "Tailwind Finance",
    industry: "Financial Services",
    vertical: "Capital Markets",
    segment: "Enterprise",
    market: "United States",
    attribution: PAL,
    adminType: "Owner",
    offerType: "Pay-As-You-Go",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "sqlDatabase", monthly: 380, sub: 0 },
      { service: "appService", monthly: 120, sub: 1 },
    ],
    ai: {
      services: [
        { service: "gpt4oIn", weight: 0.45, sub: 1 },
        { service: "gpt4oOut", weight: 0.55, sub: 1 },
      ],
      monthly: [160, 150, 170, 140, 150, 120, 0, 0, 0, 0, 0, 0],
      runRate: 0,
    },
  },
  {
    key: "woodgrove",
    name: "Woodgrove Bank",
    industry: "Financial Services",
    vertical: "Banking",
    segment: "Enterprise",
    market: "United States",
    attribution: TPOR,
    offerType: "Enterprise Agreement",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "kubernetes", monthly: 310, sub: 0 },
      { service: "sqlDatabase", monthly: 450, sub: 1 },
    ],
    // Consumption through another partner's transaction: shown, warned about, never counted.
    ai: {
      services: [
        { service: "gpt4oIn", weight: 0.5, sub: 1 },
        { service: "gpt4oOut", weight: 0.5, sub: 1 },
      ],
      monthly: [210, 220, 230, 230, 240, 250, 250, 260, 270, 270, 280, 290],
      runRate: 290,
    },
  },
  {
    key: "alpine",
    name: "Alpine Ski House",
    industry: "Hospitality & Travel",
    vertical: "Travel & Transportation",
    segment: "SMB",
    market: "United States",
    attribution: CSP_TIER_2,
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 1,
    other: [
      { service: "appService", monthly: 95, sub: 0 },
      { service: "sqlDatabase", monthly: 130, sub: 0 },
      { service: "bandwidth", monthly: 20, sub: 0 },
    ],
  },
  {
    key: "wideworld",
    name: "Wide World Importers",
    industry: "Manufacturing & Resources",
    vertical: "Discrete Manufacturing",
    segment: "Enterprise",
    market: "United Kingdom",
    attribution: DPOR,
    offerType: "Enterprise Agreement",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "vmLinux", monthly: 610, sub: 0 },
      { service: "databricks", monthly: 350, sub: 1 },
      { service: "blobStorage", monthly: 90, sub: 1 },
    ],
  },
  {
    key: "coho",
    name: "Coho Winery",
    industry: "Manufacturing & Resources",
    vertical: "Food & Beverage",
    segment: "SMB",
    market: "United States",
    attribution: CSP_TIER_1,
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 2,
    other: [
      { service: "appService", monthly: 60, sub: 0 },
      { service: "blobStorage", monthly: 15, sub: 0 },
    ],
  },
  {
    key: "citypower",
    name: "City Power & Light",
    industry: "Government",
    vertical: "State & Local Government",
    segment: "Government",
    market: "United States",
    attribution: PAL,
    adminType: "Owner",
    offerType: "Azure plan",
    cloud: "AzureUSGovernment",
    subscriptions: 2,
    other: [
      { service: "vmWindows", monthly: 640, sub: 0 },
      { service: "sqlDatabase", monthly: 210, sub: 0 },
    ],
    // Azure Government through PAL: the program does not count it.
    ai: {
      services: [
        { service: "gpt4oIn", weight: 0.4, sub: 1 },
        { service: "aiSearch", weight: 0.6, sub: 1 },
      ],
      monthly: [0, 0, 0, 450, 480, 500, 540, 560, 590, 610, 640, 650],
      runRate: 660,
    },
  },
  {
    key: "adatum",
    name: PARTNER.name,
    industry: "Professional Services",
    vertical: "Partner Professional Services",
    segment: "SMB",
    market: "United States",
    attribution: PARTNER_AS_END_CUSTOMER,
    offerType: "Azure plan",
    cloud: "AzureCloud",
    subscriptions: 1,
    other: [{ service: "vmLinux", monthly: 140, sub: 0 }],
    // The partner's own lab: its consumption never counts as customer ACR.
    ai: {
      services: [
        { service: "gpt4oMiniIn", weight: 0.5, sub: 0 },
        { service: "aiSearch", weight: 0.5, sub: 0 },
      ],
      monthly: [60, 60, 65, 70, 70, 75, 75, 80, 80, 85, 85, 90],
      runRate: 90,
    },
  },
];

function buildCustomers(asOf: CalendarDate): Map<string, Customer> {
  const firstMonthStart = firstDayOf(addMonthsToMonth(monthOf(asOf), FIRST_OFFSET));
  const customers = new Map<string, Customer>();
  for (const spec of CUSTOMER_SPECS) {
    const rng = new Random(`customer|${spec.key}`);
    const tenantId = rng.guid();
    const tpid = rng.digits(7);
    const enrollment = spec.offerType === "Enterprise Agreement" ? rng.digits(8) : "";
    const subs: Subscription[] = [];
    for (let i = 0; i < spec.subscriptions; i++) {
      const startDate = addDays(addMonths(firstMonthStart, -rng.int(4, 30)), rng.int(0, 27));
      subs.push({ id: rng.guid(), startDate, firstUseDate: addDays(startDate, rng.int(1, 20)) });
    }
    customers.set(spec.key, { ...spec, tenantId, tpid, enrollment, subs });
  }
  return customers;
}

function customer(customers: Map<string, Customer>, key: string): Customer {
  const c = customers.get(key);
  if (c === undefined) throw new Error(`demo partner: unknown customer ${key}`);
  return c;
}

// ---------------------------------------------------------------------------------------------------
// azure-usage.csv

/**
 * The share of the current month already in the report: Partner Center data lands 48-72 hours late, so
 * on the 1st or 2nd nothing of the month is there yet.
 */
function currentMonthShare(asOf: CalendarDate): number {
  const { year, month, day } = dateParts(asOf);
  return Math.max(0, day - 2) / daysInMonth(year, month);
}

function usageRows(asOf: CalendarDate, customers: Map<string, Customer>): string[][] {
  const asOfMonth = monthOf(asOf);
  const share = currentMonthShare(asOf);
  const lastOffset = share > 0 ? 0 : -1;
  const rows: UsageRow[] = [];
  for (let offset = FIRST_OFFSET; offset <= lastOffset; offset++) {
    const month = addMonthsToMonth(asOfMonth, offset);
    const scale = offset === 0 ? share : 1;
    for (const c of customers.values()) {
      rows.push(...otherRows(c, month, offset, scale));
      rows.push(...aiRows(c, month, offset, scale));
      rows.push(...extraRows(c, month, offset, scale, rows));
    }
  }
  return rows.map((row) => AZURE_USAGE_COLUMNS.map((column) => row[column] ?? ""));
}

function otherRows(c: Customer, month: YearMonth, offset: number, scale: number): UsageRow[] {
  const rng = new Random(`other|${c.key}|${offset}`);
  const rows: UsageRow[] = [];
  for (const item of c.other) {
    // Usage drifts month to month and grows slowly over the year.
    const growth = 1 + (offset - FIRST_OFFSET) * 0.01;
    const cents = Math.round(item.monthly * 100 * growth * rng.between(0.85, 1.15) * scale);
    if (cents > 0) rows.push(usageRow(c, subscriptionOf(c, item.sub), month, item.service, cents));
  }
  return rows;
}

/** Cents of a customer's regular AI consumption in a month (0 when it has none). */
function aiTargetCents(plan: AiPlan, key: string, offset: number, scale: number): number {
  const usd = offset === 0 ? plan.runRate : (plan.monthly[offset - FIRST_OFFSET] ?? 0);
  if (usd <= 0) return 0;
  const jitter = new Random(`ai-jitter|${key}|${offset}`).int(-1200, 1200);
  return Math.round((usd * 100 + jitter) * scale);
}

function aiRows(c: Customer, month: YearMonth, offset: number, scale: number): UsageRow[] {
  const plan = c.ai;
  if (plan === undefined) return [];
  const total = aiTargetCents(plan, c.key, offset, scale);
  if (total <= 0) return [];
  const rng = new Random(`ai|${c.key}|${offset}`);
  const weights = plan.services.map((s) => s.weight * rng.between(0.85, 1.15));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const rows: UsageRow[] = [];
  let left = total;
  plan.services.forEach((item, i) => {
    // The last service takes the remainder so the month adds up to the plan to the cent.
    const last = i === plan.services.length - 1;
    const cents = last ? left : Math.round((total * (weights[i] ?? 0)) / weightSum);
    left -= cents;
    rows.push(usageRow(c, subscriptionOf(c, item.sub), month, item.service, cents));
  });
  return rows;
}

/** One-off rows that make the story: a burst, a credit, duplicates, a trial, a big government month. */
function extraRows(
  c: Customer,
  month: YearMonth,
  offset: number,
  scale: number,
  earlier: readonly UsageRow[],
): UsageRow[] {
  if (scale < 1) return [];
  switch (`${c.key}|${offset}`) {
    case "contoso|-3":
      // A fine-tuning project: the window's biggest month, and the first to leave it.
      return [
        usageRow(c, subscriptionOf(c, 1), month, "fineTuneTraining", 108_690),
        usageRow(c, subscriptionOf(c, 1), month, "fineTuneHosting", 6_120),
      ];
    case "relecloud|-2":
      // A service credit after an outage: negative ACR on the meter it compensates.
      return [{ ...usageRow(c, subscriptionOf(c, 0), month, "gpt4oOut", -12_540), UsageQuantity: "0" }];
    case "litware|-5":
    case "litware|-2":
    case "litware|-1": {
      // The same consumption reported again under DPOR; Partner Center flags the copy as a duplicate.
      const original = earlier.find(
        (r) => r.CustomerTenantId === c.tenantId && r.Month === month && r.ServiceGroup2 === "AI",
      );
      if (original === undefined) return [];
      return [
        {
          ...original,
          PartnerAttributionType: DPOR,
          AdminType: "",
          IsACRDuplicateAtPGALevel: "1",
          IsACRDuplicateAtPGAAttachTypeLevel: "1",
          IsACRDuplicateAtMPNLevel: "1",
        },
      ];
    }
    case "coho|-1":
      // A trial subscription trying Azure OpenAI: trial offers never count.
      return [{ ...usageRow(c, subscriptionOf(c, 1), month, "gpt4oMiniIn", 5_837), OfferType: "Free Trial" }];
    case "citypower|-2":
      return [usageRow(c, subscriptionOf(c, 1), month, "machineLearning", 131_275)];
    default:
      return [];
  }
}

function subscriptionOf(c: Customer, index: number): Subscription {
  const sub = c.subs[index] ?? c.subs[0];
  if (sub === undefined) throw new Error(`demo partner: ${c.key} has no subscription`);
  return sub;
}

function usageRow(
  c: Customer,
  sub: Subscription,
  month: YearMonth,
  key: ServiceKey,
  cents: number,
): UsageRow {
  const service: Service = SERVICES[key];
  const isPal = c.attribution === PAL;
  const isTier2 = c.attribution === CSP_TIER_2;
  return {
    PGAPartnerID: PARTNER.pgaId,
    PartnerID: PARTNER.id,
    PartnerName: PARTNER.name,
    PartnerLocationID: PARTNER.locationId,
    SubscriptionId: sub.id,
    SubscriptionStartDate: sub.startDate,
    FirstUseDate: sub.firstUseDate,
    SubscriptionState: "Active",
    Month: month,
    ServiceLevel1: service.levels[0],
    ServiceLevel2: service.levels[1],
    ServiceLevel3: service.levels[2],
    ServiceLevel4: service.levels[3],
    ServiceGroup2: service.group,
    ServiceGroup3: service.group3,
    ComputeOS: service.os ?? "",
    ComputeCoreSoftware: service.coreSoftware ?? "",
    UsageUnits: service.units,
    UsageQuantity: formatQuantity(cents / 100 / service.unitPrice),
    CustomerName: c.name,
    CustomerTenantId: c.tenantId,
    CustomerTpid: c.tpid,
    CustomerSegment: c.segment,
    CustomerMarket: c.market,
    PartnerAttributionType: c.attribution,
    SalesChannel: isTier2 ? "Reseller" : "Direct",
    EnrollmentNumber: c.enrollment,
    AdminType: isPal ? (c.adminType ?? "Owner") : "",
    AssociationType: "Customer",
    IsACRDuplicateAtPGALevel: "0",
    IsACRDuplicateAtPGAAttachTypeLevel: "0",
    IsACRDuplicateAtMPNLevel: "0",
    ResellerID: isTier2 ? PARTNER.id : "",
    ResellerName: isTier2 ? PARTNER.name : "",
    IndustryName: c.industry,
    VerticalName: c.vertical,
    CloudInstance: c.cloud,
    OfferType: c.offerType,
    ACR_USD: formatUsd(cents),
  };
}

function formatQuantity(quantity: number): string {
  return quantity >= 100 ? String(Math.round(quantity)) : quantity.toFixed(2);
}

/** Two decimals; amounts of 1,000 and more with thousands separators, as the download shows them. */
function formatUsd(cents: number): string {
  return formatAmount({ units: BigInt(cents), scale: 2 });
}

// ---------------------------------------------------------------------------------------------------
// certifications.csv

const CERTIFICATION_COLUMNS = [
  "PersonId",
  "PersonName",
  "Certification",
  "EarnedDate",
  "ExpirationDate",
  "Associated",
] as const;

function certificationRows(asOf: CalendarDate): string[][] {
  const alexExpires = addDays(asOf, 38);
  const isaiahExpired = addMonths(asOf, -1);
  const person = (id: string, name: string) => [`${id}@adatum.example`, name] as const;
  return [
    [...person("megan.bowen", "Megan Bowen"), "DP-100", addMonths(asOf, -5), "", "true"],
    [
      ...person("megan.bowen", "Megan Bowen"),
      "Microsoft Certified: Azure Administrator Associate",
      usDate(addMonths(asOf, -9)),
      "",
      "true",
    ],
    [
      ...person("alex.wilber", "Alex Wilber"),
      "Microsoft Certified: Azure Data Scientist Associate",
      usDate(addYears(alexExpires, -1)),
      alexExpires,
      "true",
    ],
    [
      ...person("diego.siciliani", "Diego Siciliani"),
      "Azure Data Scientist Associate",
      usDate(addDays(addMonths(asOf, -2), 3)),
      "",
      "",
    ],
    // The only AI-102 holder let it lapse a month ago: a lapsed certification needs the exam again.
    [
      ...person("isaiah.langer", "Isaiah Langer"),
      "Microsoft Certified: Azure AI Engineer Associate",
      addYears(isaiahExpired, -1),
      usDate(isaiahExpired),
      "true",
    ],
    // Certified, but the Learn profile is not linked to Adatum's Partner Center account.
    [...person("lee.gu", "Lee Gu"), "DP-100", usDate(addDays(addMonths(asOf, -7), -11)), "", "false"],
    [
      ...person("johanna.lorenz", "Johanna Lorenz"),
      "AZ-305",
      addDays(addMonths(asOf, -4), 6),
      addDays(addMonths(asOf, 8), 6),
      "true",
    ],
    [
      ...person("johanna.lorenz", "Johanna Lorenz"),
      "AZ-104",
      usDate(addDays(addMonths(asOf, -10), -2)),
      "",
      "true",
    ],
    [...person("nestor.wilke", "Nestor Wilke"), "AI-900", usDate(addDays(addMonths(asOf, -3), 14)), "", ""],
  ];
}

// ---------------------------------------------------------------------------------------------------
// capability-score.csv

const CAPABILITY_COLUMNS = ["SolutionArea", "Metric", "Points"] as const;

const METRICS = [
  "Net customer adds",
  "Intermediate certifications",
  "Advanced certifications",
  "Usage growth",
  "Deployments",
] as const;

function areaRows(area: string, points: readonly [number, number, number, number, number]): string[][] {
  return METRICS.map((metric, i) => [area, metric, String(points[i] ?? 0)]);
}

const CAPABILITY_ROWS: string[][] = [
  // 76 points, every metric above zero: the designation the specialization needs.
  ...areaRows("Data & AI (Azure)", [20, 12, 8, 15, 21]),
  // 62 points and no advanced certification: not a qualifying area.
  ...areaRows("Digital & App Innovation (Azure)", [10, 16, 0, 12, 24]),
  // Partner Center shows every area; this one does not count for the specialization.
  ...areaRows("Infrastructure (Azure)", [10, 8, 4, 9, 14]),
];

// ---------------------------------------------------------------------------------------------------
// audit-evidence.csv

const EVIDENCE_COLUMNS = [
  "Module",
  "Control",
  "CustomerTenantId",
  "CustomerName",
  "DeploymentDate",
  "Evidence",
] as const;

/** The documents each control asks for (audit-checklist.md), per customer. */
const EVIDENCE_DOCUMENTS: Readonly<Record<string, readonly string[]>> = {
  "A1.1": ["FinOps review.pdf", "Technical Assessment for Generative AI (TAGA).pdf"],
  "A1.2": [
    "Cost Management report with pricing calculator estimate.xlsx",
    "DevOps capability assessment.pdf",
  ],
  "A2.1": ["Defender for Cloud security baseline export.csv", "Cloud Adoption Security Review.pdf"],
  "A2.2": ["Azure Architecture Center design alignment.docx", "Well-Architected Review export.xlsx"],
  "A3.1": ["Landing zone Bicep templates.zip", "Landing zone review - zone redundancy policy.pdf"],
  "A3.2": ["AI skilling plan.pptx"],
  "A3.3": ["Azure Monitor workbook export.json", "Defender for Cloud regulatory compliance snapshot.pdf"],
  "B1.1": ["AI portfolio assessment.pdf", "AI-powered apps assessment - AI Search sizing.xlsx"],
  "B2.1": ["Solution design.docx", "Responsible AI impact assessment.docx"],
  "B2.2": ["Well-Architected Review export - Reliability and Security.xlsx"],
  "B2.3": ["Azure AI Foundry pilot report.pdf", "Pilot success criteria and results.xlsx"],
  "B3.1": ["Signed SOW.pdf", "As-built documentation.docx"],
  "B4.1": ["UAT sign-off.pdf", "Post-deployment Well-Architected Review - Operational Excellence.xlsx"],
  "B4.2": ["Operations runbook and SOPs.docx"],
};

/** Evidence registers name customers briefly, not as the usage report does. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  proseware: "Proseware",
  contoso: "Contoso",
  fabrikam: "Fabrikam",
};

interface Project {
  customer: string;
  completed: CalendarDate;
  controls: readonly string[];
  /** Write dates as a US-locale CRM export does. */
  usDates?: boolean;
}

function projects(asOf: CalendarDate): Project[] {
  const moduleA = ["A1.1", "A1.2", "A2.1", "A2.2", "A3.1", "A3.2", "A3.3"];
  return [
    // Module A: two customers, Fabrikam's landing zone ages past twelve months in about seven weeks.
    {
      customer: "litware",
      completed: addDays(addMonths(asOf, -3), -4),
      controls: [...moduleA, "B1.1", "B2.1", "B2.2", "B3.1", "B4.1", "B4.2"],
    },
    { customer: "fabrikam", completed: addDays(addMonths(asOf, -11), 20), controls: moduleA, usDates: true },
    // Older than twelve months: kept in the register, no longer counts.
    { customer: "northwind", completed: addDays(addMonths(asOf, -15), 3), controls: ["A1.1", "A3.1"] },
    {
      customer: "proseware",
      completed: addDays(addMonths(asOf, -6), 7),
      controls: ["B1.1", "B2.1", "B2.2", "B3.1", "B4.1", "B4.2"],
    },
    // Lamna's deployment documentation (B3.1) is not filed yet: one customer short.
    {
      customer: "lamna",
      completed: addDays(addMonths(asOf, -5), -12),
      controls: ["B1.1", "B2.1", "B4.1", "B4.2"],
      usDates: true,
    },
    { customer: "contoso", completed: addDays(addMonths(asOf, -4), 5), controls: ["B2.3"] },
    // B2.2's third workload review is thirteen months old: one customer short.
    { customer: "tailwind", completed: addDays(addMonths(asOf, -13), -6), controls: ["B2.2"] },
  ];
}

/**
 * The approved evidence of the register (`buildDemoRegister`), as a partner's own audit-evidence file
 * lists it: what counts, so `specready check` on the demo agrees with the workspace seeded from it.
 */
function evidenceRows(asOf: CalendarDate, customers: Map<string, Customer>): string[][] {
  const rows: { control: string; row: string[] }[] = [];
  for (const project of projects(asOf)) {
    const c = customer(customers, project.customer);
    const shortName = SHORT_NAMES[c.key] ?? c.name;
    const date = project.usDates ? usDate(project.completed) : project.completed;
    for (const control of project.controls) {
      if (demoReview(project.customer, control).status !== "approved") continue;
      const module = control.slice(0, 1);
      // Registers mix the checklist's numbering with and without the module letter.
      const written = module === "A" && control < "A2" ? control.slice(1) : control;
      const shown = module === "B" && control >= "B4" ? control.slice(1) : written;
      for (const document of EVIDENCE_DOCUMENTS[control] ?? []) {
        rows.push({ control, row: [module, shown, c.tenantId, c.name, date, `${shortName} - ${document}`] });
      }
    }
  }
  // Grouped by control, as an audit binder is organized.
  return rows.sort((a, b) => (a.control < b.control ? -1 : a.control > b.control ? 1 : 0)).map((r) => r.row);
}

// ---------------------------------------------------------------------------------------------------
// The workspace's evidence register (what `specready serve` seeds instead of audit-evidence.csv)

/** A project of the demo's customer project register. */
export interface DemoProject {
  readonly key: string;
  readonly customerTenantId: string;
  readonly customerName: string;
  readonly project: string;
  readonly workload: string;
  readonly aiServices: readonly string[];
  readonly completionDate: CalendarDate;
  readonly greenfield: boolean;
  readonly stage: "production" | "pilot";
}

/** A piece of evidence of the demo: a file (its name says its type), or a link. */
export interface DemoEvidence {
  /** The project's key. */
  readonly project: string;
  readonly title: string;
  readonly control: string;
  /** One of the control's accepted documentation types (audit-checklist.md). */
  readonly artifactType: string;
  readonly file?: { readonly name: string; readonly kind: "pdf" | "csv" | "json" } | undefined;
  readonly url?: string | undefined;
  /** Where the review stands, with what the reviewer asked for when changes are requested. */
  readonly status: "draft" | "ready" | "approved" | "changes_requested";
  readonly comment?: string | undefined;
}

export interface DemoRegister {
  readonly projects: readonly DemoProject[];
  readonly evidence: readonly DemoEvidence[];
  /** Control id -> the practice specialty chosen (B1.1, B2.1). */
  readonly specialties: Readonly<Record<string, string>>;
  readonly plan: { readonly applicationDate: CalendarDate; readonly auditDate: CalendarDate };
}

/** Each demo document's artifact type, in the words of the control's accepted documentation. */
const ARTIFACT_TYPES: Readonly<Record<string, string>> = {
  "FinOps review.pdf": "FinOps review",
  "Technical Assessment for Generative AI (TAGA).pdf": "Technical Assessment for Generative AI (TAGA)",
  "Cost Management report with pricing calculator estimate.xlsx":
    "Cost-management report with pricing-calculator output",
  "DevOps capability assessment.pdf": "DevOps capability assessment",
  "Defender for Cloud security baseline export.csv": "Microsoft Defender for Cloud security baseline",
  "Cloud Adoption Security Review.pdf": "Cloud Adoption Security Review",
  "Azure Architecture Center design alignment.docx": "Azure Architecture Center alignment",
  "Well-Architected Review export.xlsx": "Well-Architected Review",
  "Landing zone Bicep templates.zip": "Landing zone templates (Bicep, Terraform or ARM)",
  "Landing zone review - zone redundancy policy.pdf": "Landing-zone review",
  "AI skilling plan.pptx": "Skilling plan presentation",
  "Azure Monitor workbook export.json": "Monitoring dashboard export",
  "Defender for Cloud regulatory compliance snapshot.pdf": "Policy-compliance snapshot",
  "AI portfolio assessment.pdf": "Portfolio assessment",
  "AI-powered apps assessment - AI Search sizing.xlsx": "Practice specialty assessment",
  "Solution design.docx": "Solution design document",
  "Responsible AI impact assessment.docx": "AI impact assessment",
  "Well-Architected Review export - Reliability and Security.xlsx": "Well-Architected Review export",
  "Azure AI Foundry pilot report.pdf": "Pilot report",
  "Pilot success criteria and results.xlsx": "Success criteria and results",
  "Signed SOW.pdf": "Signed SOW",
  "As-built documentation.docx": "As-built documentation",
  "UAT sign-off.pdf": "Test and performance validation with customer sign-off",
  "Post-deployment Well-Architected Review - Operational Excellence.xlsx":
    "Post-deployment Well-Architected Review",
  "Operations runbook and SOPs.docx": "Standard operating procedures",
};

/** What each demo customer's project was. */
const PROJECT_DETAILS: Readonly<
  Record<
    string,
    {
      project: string;
      workload: string;
      aiServices: readonly string[];
      greenfield: boolean;
      stage: "production" | "pilot";
    }
  >
> = {
  litware: {
    project: "Clinical notes summarization",
    workload: "AI-powered apps",
    aiServices: ["Azure OpenAI", "Azure AI Search"],
    greenfield: false,
    stage: "production",
  },
  fabrikam: {
    project: "Azure landing zone and AI foundation",
    workload: "Cloud foundation",
    aiServices: [],
    greenfield: true,
    stage: "production",
  },
  northwind: {
    project: "Data center exit to Azure",
    workload: "Cloud foundation",
    aiServices: [],
    greenfield: false,
    stage: "production",
  },
  proseware: {
    project: "Demand forecasting",
    workload: "Machine learning lifecycle",
    aiServices: ["Azure Machine Learning"],
    greenfield: true,
    stage: "production",
  },
  lamna: {
    project: "Loan document intelligence",
    workload: "AI-powered apps",
    aiServices: ["Azure AI Document Intelligence", "Azure OpenAI"],
    greenfield: false,
    stage: "production",
  },
  contoso: {
    project: "Customer service agent",
    workload: "AI-powered apps",
    aiServices: ["Azure AI Foundry Agent Service", "Azure OpenAI"],
    greenfield: true,
    stage: "pilot",
  },
  tailwind: {
    project: "Route optimization model",
    workload: "Machine learning lifecycle",
    aiServices: ["Azure Machine Learning"],
    greenfield: false,
    stage: "production",
  },
};

/**
 * Where each document's review stands. Most are approved; Litware's test sign-off (B4.1) waits for
 * review and Fabrikam's operations evidence (A3.3) is a draft, so those controls are met only once
 * they are approved; one workload review (B2.2) was sent back.
 */
function demoReview(customer: string, control: string): Pick<DemoEvidence, "status" | "comment"> {
  if (customer === "proseware" && control === "B2.2")
    return {
      status: "changes_requested",
      comment:
        "The export covers Reliability and Security only; upload the full Well-Architected Review export.",
    };
  if (customer === "litware" && control === "B4.1") return { status: "ready" };
  if (customer === "fabrikam" && control === "A3.3") return { status: "draft" };
  return { status: "approved" };
}

/**
 * The demo partner's evidence register: the projects behind audit-evidence.csv, one evidence item per
 * document there (the same customers, dates and controls, so the readiness is the same), with review
 * statuses, the practice specialties chosen and an audit plan eight weeks (forty business days) ahead,
 * after Fabrikam's project has aged out: the warning the workspace gives ahead of time.
 */
export function buildDemoRegister(asOf: CalendarDate): DemoRegister {
  const customers = buildCustomers(asOf);
  const projectsOut: DemoProject[] = [];
  const evidence: DemoEvidence[] = [];
  for (const project of projects(asOf)) {
    const c = customer(customers, project.customer);
    const details = PROJECT_DETAILS[project.customer];
    if (details === undefined) throw new Error(`demo partner: no project details for ${project.customer}`);
    projectsOut.push({
      key: project.customer,
      customerTenantId: c.tenantId,
      customerName: c.name,
      project: details.project,
      workload: details.workload,
      aiServices: details.aiServices,
      completionDate: project.completed,
      greenfield: details.greenfield,
      stage: details.stage,
    });
    for (const control of project.controls) {
      for (const document of EVIDENCE_DOCUMENTS[control] ?? []) {
        const artifactType = ARTIFACT_TYPES[document];
        if (artifactType === undefined) throw new Error(`demo partner: no artifact type for ${document}`);
        const title = document.replace(/\.[a-z]+$/, "");
        const extension = document.slice(document.lastIndexOf(".") + 1);
        const review = demoReview(project.customer, control);
        if (project.customer === "lamna" && control === "B4.2") {
          // Kept where the customer's team can edit it: a link, not a copy.
          evidence.push({
            project: project.customer,
            title,
            control,
            artifactType,
            url: "https://lamna.sharepoint.example/sites/operations/runbook",
            ...review,
          });
          continue;
        }
        const kind = extension === "csv" ? "csv" : extension === "json" ? "json" : "pdf";
        evidence.push({
          project: project.customer,
          title,
          control,
          artifactType,
          file: { name: `${title}.${kind}`, kind },
          ...review,
        });
      }
    }
  }
  return {
    projects: projectsOut,
    evidence,
    specialties: { "B1.1": "AI-powered apps", "B2.1": "B: apps and agents with the AI Foundry SDK" },
    plan: { applicationDate: addBusinessDays(asOf, 20), auditDate: addBusinessDays(asOf, 40) },
  };
}

// ---------------------------------------------------------------------------------------------------
// audit-history.csv

const HISTORY_COLUMNS = ["Module", "Result", "Date", "Auditor", "Notes"] as const;

function historyRows(asOf: CalendarDate): string[][] {
  return [
    [
      "B",
      "No Pass",
      usDate(addDays(addMonths(asOf, -38), 9)),
      "ISSI",
      'Gap report: B3.1 "as-built" documents missing, B4.1 without customer sign-off',
    ],
    // More than two years ago: too old to waive Module A now.
    ["A+B", "Pass", addDays(addMonths(asOf, -26), -12), "ISSI", "Specialization awarded; not renewed"],
  ];
}

// ---------------------------------------------------------------------------------------------------
// CSV text

function usDate(date: CalendarDate): string {
  const { year, month, day } = dateParts(date);
  return `${month}/${day}/${year}`;
}

/** The product's one CSV writer (formula-safe text, plain numbers such as credits left as numbers). */
function toCsv(header: readonly string[], rows: readonly (readonly string[])[], bom = false): string {
  return csvText([header, ...rows], { bom });
}
