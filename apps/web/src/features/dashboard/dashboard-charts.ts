/**
 * The chart data of `GET /api/orgs/{orgId}/dashboard`: `DashboardCharts` from the core
 * (`dashboardCharts()`), under the names the app's chart components use.
 */
export type {
  AcrChart,
  AcrCustomerSeries as AcrChartCustomer,
  AuditCell as AuditChartCell,
  AuditChart,
  AuditControlRow as AuditChartControl,
  CapabilityArea as CapabilityChartArea,
  CapabilityChart,
  CapabilityMetricBar as CapabilityChartMetric,
  CertificationBar as CertificationChartEntry,
  CertificationPerson as CertificationChartPerson,
  CertificationStatus as CertificationChartStatus,
  CertificationsChart,
  DashboardCharts,
} from "@specready/core";
