import { describe, expect, it } from "vitest";
import { parseServerConfig } from "./server-config.js";

const AZURE =
  "DefaultEndpointsProtocol=https;AccountName=adatum;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net";

function config(env: Record<string, string | undefined>) {
  const parsed = parseServerConfig(env);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.config;
}

function problems(env: Record<string, string | undefined>): string[] {
  const parsed = parseServerConfig(env);
  if (parsed.ok) throw new Error("expected invalid settings");
  return parsed.problems;
}

describe("evidence storage settings", () => {
  it("keep evidence in the data directory, up to 200 MB, when nothing is set", () => {
    const c = config({});
    expect(c.evidenceStorage).toEqual({ kind: "filesystem" });
    expect(c.evidenceLimitBytes).toBe(200 * 1024 * 1024);
    // An empty variable is an unset one.
    expect(config({ AZURE_STORAGE_CONNECTION_STRING: "" }).evidenceStorage).toEqual({ kind: "filesystem" });
  });

  it("use Azure Blob Storage with a connection string, in the default or the chosen container", () => {
    expect(config({ AZURE_STORAGE_CONNECTION_STRING: AZURE }).evidenceStorage).toEqual({
      kind: "azure-blob",
      connectionString: AZURE,
      container: "specready-evidence",
    });
    const chosen = config({
      AZURE_STORAGE_CONNECTION_STRING: AZURE,
      SPECREADY_EVIDENCE_CONTAINER: "adatum-audit-2025",
      SPECREADY_EVIDENCE_LIMIT_MB: "50",
    });
    expect(chosen.evidenceStorage).toMatchObject({ kind: "azure-blob", container: "adatum-audit-2025" });
    expect(chosen.evidenceLimitBytes).toBe(50 * 1024 * 1024);
    for (const other of [
      "UseDevelopmentStorage=true",
      "BlobEndpoint=https://adatum.blob.core.windows.net/;SharedAccessSignature=sv=2024-11-04&ss=b&sig=abc",
      "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
    ]) {
      expect(config({ AZURE_STORAGE_CONNECTION_STRING: other }).evidenceStorage.kind).toBe("azure-blob");
    }
  });

  it("refuse container names Azure refuses", () => {
    for (const name of [
      "ab",
      "Evidence",
      "evidence_files",
      "-evidence",
      "evidence-",
      "evi--dence",
      "a".repeat(64),
    ]) {
      expect(
        problems({ AZURE_STORAGE_CONNECTION_STRING: AZURE, SPECREADY_EVIDENCE_CONTAINER: name }),
      ).toEqual([
        expect.stringMatching(/^SPECREADY_EVIDENCE_CONTAINER=.*: must be 3 to 63 lowercase letters/),
      ]);
    }
    expect(config({ SPECREADY_EVIDENCE_CONTAINER: "a".repeat(63) }).evidenceStorage.kind).toBe("filesystem");
  });

  it("refuse a limit that is not a whole number of megabytes from 1", () => {
    for (const limit of ["0", "-5", "1.5", "lots", "100001"]) {
      expect(problems({ SPECREADY_EVIDENCE_LIMIT_MB: limit })).toEqual([
        expect.stringMatching(/^SPECREADY_EVIDENCE_LIMIT_MB=/),
      ]);
    }
  });

  it("refuse a connection string the SDK cannot use, without ever printing it", () => {
    for (const bad of [
      "AccountName=adatum;AccountKey=c2VjcmV0LWtleQ==",
      "DefaultEndpointsProtocol=ftp;AccountName=adatum;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net",
      "https://adatum.blob.core.windows.net/?sv=2024&sig=c2VjcmV0LWtleQ",
    ]) {
      const [problem, ...rest] = problems({ AZURE_STORAGE_CONNECTION_STRING: bad });
      expect(rest).toEqual([]);
      expect(problem).toMatch(
        /^AZURE_STORAGE_CONNECTION_STRING=\(hidden\): must be an Azure Storage connection string/,
      );
      expect(problem).not.toContain("c2VjcmV0LWtleQ");
    }
  });

  it("list every invalid variable at once", () => {
    const listed = problems({
      PORT: "http",
      SPECREADY_EVIDENCE_LIMIT_MB: "0",
      SPECREADY_EVIDENCE_CONTAINER: "Evidence",
      AZURE_STORAGE_CONNECTION_STRING: "secret",
    });
    expect(listed.map((p) => p.split("=")[0]).sort()).toEqual([
      "AZURE_STORAGE_CONNECTION_STRING",
      "PORT",
      "SPECREADY_EVIDENCE_CONTAINER",
      "SPECREADY_EVIDENCE_LIMIT_MB",
    ]);
  });
});
