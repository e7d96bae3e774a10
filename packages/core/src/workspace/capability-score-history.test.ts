import { describe, expect, it } from "vitest";
import { DATA_AI, DIGITAL_APP, fullScores, loadTestProgram, METRICS } from "../test-support/builders.js";
import { type ScoreEntry, scoreHistory, scoreInEffect } from "./capability-score-history.js";
import { capabilityScoreCsv } from "./workspace-csv.js";

const program = loadTestProgram();
const form = (id: string, shownOn: string, area: string, points: readonly string[]): ScoreEntry => ({
  id,
  shownOn: shownOn as never,
  kind: "form",
  area,
  points: Object.fromEntries(METRICS.map((m, i) => [m, points[i] as string])),
});
const imported = (
  id: string,
  shownOn: string,
  records = fullScores(DATA_AI, ["30", "15", "10", "10", "12"]),
): ScoreEntry => ({
  id,
  shownOn: shownOn as never,
  kind: "import",
  fileName: "score.csv",
  records,
});

describe("the capability score's history", () => {
  it("reads the last import as it was imported while nothing was typed after it", () => {
    const effect = scoreInEffect(program, [
      form("f", "2025-01-01", DIGITAL_APP, ["1", "1", "1", "1", "1"]),
      imported("i", "2025-02-01"),
    ]);
    expect(effect.importedEntry).toBe("i");
    expect(effect.records.map((r) => r.solutionArea)).toEqual(Array(5).fill(DATA_AI));
  });

  it("lets a typed entry replace its area only, numbering the rows as the export writes them", () => {
    const effect = scoreInEffect(program, [
      imported("i", "2025-02-01", [
        ...fullScores(DATA_AI, ["30", "15", "10", "10", "12"]),
        ...fullScores(DIGITAL_APP, ["5", "5", "5", "5", "5"]),
      ]),
      form("f", "2025-03-01", "data and ai (azure)", ["20", "12", "8", "15", "21"]),
    ]);
    expect(effect.importedEntry).toBeNull();
    expect(effect.records.map((r) => [r.solutionArea, r.metric, r.points, r.source.line])).toEqual([
      ...METRICS.map((m, i) => [DIGITAL_APP, m, "5", i + 2]),
      ...METRICS.map((m, i) => [DATA_AI, m, ["20", "12", "8", "15", "21"][i], i + 7]),
    ]);
    const csv = [...capabilityScoreCsv(effect.records)].join("");
    expect(csv.split("\r\n")[6]).toBe("Data & AI (Azure),Net customer adds,20");
  });

  it("gives each area's total after every entry against the minimum", () => {
    const history = scoreHistory(program, [
      form("a", "2025-01-01", DATA_AI, ["10", "12", "8", "15", "0"]),
      form("b", "2025-02-01", DATA_AI, ["20", "12", "8", "15", "21"]),
    ]);
    expect(history.map((h) => h.areas.map((a) => [a.area, a.totalPoints, a.met, a.pointsShort]))).toEqual([
      [[DATA_AI, "45", false, "25"]],
      [[DATA_AI, "76", true, "0"]],
    ]);
    expect(history[0]?.areas[0]?.metricsWithoutPoints).toEqual(["Deployments"]);
  });
});
