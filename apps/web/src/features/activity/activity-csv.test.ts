import { describe, expect, it } from "vitest";
import { toCsv } from "../../lib/csv";
import { activityCsvFileName, activityCsvRows } from "./activity-csv";
import type { ActivityEntry } from "./api";

const entry: ActivityEntry = {
  id: 1,
  at: "2025-09-10T08:00:00Z",
  actor: { kind: "user", id: "u1", name: "Megan Bowen" },
  action: "import.created",
  summary: '=HYPERLINK("http://evil","click")',
  details: { rows: 3 },
};

describe("activity CSV", () => {
  it("writes a header and one row per entry, formulas neutralized", () => {
    const text = toCsv(activityCsvRows([entry]));
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("Time (UTC),Actor,Actor kind,Actor ID,Action,Summary,Details");
    expect(lines[1]).toBe(
      '2025-09-10T08:00:00Z,Megan Bowen,user,u1,import.created,"\'=HYPERLINK(""http://evil"",""click"")","{""rows"":3}"',
    );
  });

  it("handles a system actor without id and no details", () => {
    const rows = activityCsvRows([{ ...entry, actor: { kind: "system", id: null, name: "" }, details: {} }]);
    expect(rows[1]).toEqual([
      "2025-09-10T08:00:00Z",
      "",
      "system",
      "",
      "import.created",
      entry.summary,
      "{}",
    ]);
  });

  it("names the file after the organization and the day", () => {
    expect(activityCsvFileName("Adatum Consulting GmbH", "2025-09-10")).toBe(
      "specready-activity-adatum-consulting-gmbh-2025-09-10.csv",
    );
    expect(activityCsvFileName("Société Générale", "2025-09-10")).toBe(
      "specready-activity-societe-generale-2025-09-10.csv",
    );
    expect(activityCsvFileName("***", "2025-09-10")).toBe("specready-activity-organization-2025-09-10.csv");
  });
});
