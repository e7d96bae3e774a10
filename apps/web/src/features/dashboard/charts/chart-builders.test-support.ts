import type { AcrChart, AuditChart, CapabilityChart, CertificationsChart } from "../dashboard-charts";

/** Builders for chart data as the API sends it; tests override what they are about. */
export function buildAcrChart(overrides: Partial<AcrChart> = {}): AcrChart {
  return {
    status: "not_met",
    requiredCustomers: 3,
    windowTotalUsd: "4500",
    customerCount: 2,
    months: ["2025-06", "2025-07", "2025-08", "2025-09"],
    window: ["2025-06", "2025-07", "2025-08"],
    thresholdUsd: "2000",
    customers: [
      {
        tenantId: "11111111-aaaa-bbbb-cccc-000000000001",
        name: "Contoso",
        countsInWindow: true,
        windowSumUsd: "3000.00",
        amountsUsd: ["1000.00", "1000.00", "1000.00", "500.00"],
        colorRank: 0,
      },
      {
        tenantId: "11111111-aaaa-bbbb-cccc-000000000002",
        name: null,
        countsInWindow: true,
        windowSumUsd: "1500.00",
        amountsUsd: ["500.00", "500.00", "500.00", "0"],
        colorRank: 1,
      },
    ],
    totalsUsd: ["1500.00", "1500.00", "1500.00", "500.00"],
    windowAverageUsd: "1500.00",
    hasData: true,
    ...overrides,
  };
}

export function buildCertificationsChart(overrides: Partial<CertificationsChart> = {}): CertificationsChart {
  return {
    status: "met",
    people: [
      {
        personId: "p1",
        name: "Alex Wilber",
        counts: true,
        certifications: [
          {
            certification: "DP-100",
            counted: "DP-100",
            earnedDate: "2025-01-02",
            expiresOn: "2026-01-01",
            renewalOpensOn: "2025-07-01",
            status: "counting",
          },
          {
            certification: "AI-102",
            counted: "AI-102",
            earnedDate: "2023-05-01",
            expiresOn: "2024-05-01",
            renewalOpensOn: "2023-11-01",
            status: "expired",
          },
        ],
      },
      {
        personId: "p2",
        name: null,
        counts: true,
        certifications: [
          {
            certification: "AI-102",
            counted: "AI-102",
            earnedDate: null,
            expiresOn: null,
            renewalOpensOn: null,
            status: "counting",
          },
        ],
      },
    ],
    hasData: true,
    ...overrides,
  };
}

export function buildCapabilityChart(overrides: Partial<CapabilityChart> = {}): CapabilityChart {
  return {
    status: "met",
    everyMetricAbove: "0",
    areas: [
      {
        area: "Data & AI (Azure)",
        eligible: true,
        totalPoints: "76",
        neededTotal: "70",
        meets: true,
        metrics: [
          {
            metric: "Net customer adds",
            category: "Performance",
            points: "20",
            maxPoints: "30",
            hasPoints: true,
          },
          {
            metric: "Advanced certifications",
            category: "Skilling",
            points: "0",
            maxPoints: "15",
            hasPoints: false,
          },
        ],
      },
    ],
    hasData: true,
    ...overrides,
  };
}

export function buildAuditChart(overrides: Partial<AuditChart> = {}): AuditChart {
  return {
    status: "not_met",
    from: "2024-09-10",
    to: "2025-09-10",
    moduleAWaived: false,
    moduleAWaivedUntil: null,
    controls: [
      { id: "A1.1", module: "A", title: "Strategy", required: 2, customerCount: 1, status: "not_met" },
      { id: "B1.1", module: "B", title: "Assessment", required: 3, customerCount: 3, status: "met" },
    ],
    customers: [
      { tenantId: "T1", name: "Contoso" },
      { tenantId: "T2", name: "Fabrikam" },
    ],
    cells: [
      { control: "A1.1", tenantId: "t1", latestDeploymentDate: "2025-01-01", counts: true },
      { control: "B1.1", tenantId: "T2", latestDeploymentDate: "2023-01-01", counts: false },
    ],
    hasData: true,
    ...overrides,
  };
}
