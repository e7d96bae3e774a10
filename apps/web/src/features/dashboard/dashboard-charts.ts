import type { Schemas } from "../../api/client";

/**
 * The chart data of `GET /api/orgs/{orgId}/dashboard` (`DashboardCharts`, computed by the core's
 * `dashboardCharts()`), as the OpenAPI document types it, under the names the chart components use.
 */
export type DashboardCharts = Schemas["DashboardCharts"];
export type AcrChart = Schemas["AcrChart"];
export type AcrChartCustomer = AcrChart["customers"][number];
export type CertificationsChart = Schemas["CertificationsChart"];
export type CertificationChartPerson = CertificationsChart["people"][number];
export type CertificationChartEntry = CertificationChartPerson["certifications"][number];
export type CertificationChartStatus = CertificationChartEntry["status"];
export type CapabilityChart = Schemas["CapabilityChart"];
export type CapabilityChartArea = CapabilityChart["areas"][number];
export type CapabilityChartMetric = CapabilityChartArea["metrics"][number];
export type AuditChart = Schemas["AuditChart"];
export type AuditChartControl = AuditChart["controls"][number];
export type AuditChartCell = AuditChart["cells"][number];
