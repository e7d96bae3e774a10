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

describe("safe defaults", () => {
  it("load the demo only on a loopback address, unless SPECREADY_DEMO=1 says so", () => {
    expect(config({}).demo).toBe(true);
    expect(config({ HOST: "127.0.0.1" }).demo).toBe(true);
    expect(config({ HOST: "::1" }).demo).toBe(true);
    const everywhere = { HOST: "0.0.0.0", SPECREADY_PUBLIC_URL: "https://specready.example.com" };
    expect(config(everywhere).demo).toBe(false);
    expect(config({ ...everywhere, SPECREADY_DEMO: "1" }).demo).toBe(true);
    expect(config({ HOST: "localhost", SPECREADY_DEMO: "0" }).demo).toBe(false);
  });

  it("need SPECREADY_PUBLIC_URL when listening beyond this machine, and use it for links", () => {
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "specready.internal"]) {
      expect(problems({ HOST: host }).join("\n")).toMatch(
        new RegExp(`SPECREADY_PUBLIC_URL: required when HOST=${host.replace(/\./g, "\\.")} `),
      );
    }
    expect(
      config({ HOST: "0.0.0.0", SPECREADY_PUBLIC_URL: "https://specready.example.com/" }).publicUrl,
    ).toBe("https://specready.example.com");
    expect(config({}).publicUrl).toBeUndefined();
    expect(problems({ SPECREADY_PUBLIC_URL: "javascript:alert(1)" })[0]).toMatch(/SPECREADY_PUBLIC_URL=/);
  });

  it("send e-mail through SPECREADY_SMTP_URL from SPECREADY_MAIL_FROM, never printing the URL", () => {
    expect(config({}).smtpUrl).toBeUndefined();
    const c = config({
      SPECREADY_SMTP_URL: "smtps://mailer:s3cret@smtp.example.com:465",
      SPECREADY_MAIL_FROM: "specready <no-reply@example.com>",
    });
    expect([c.smtpUrl, c.mailFrom]).toEqual([
      "smtps://mailer:s3cret@smtp.example.com:465",
      "specready <no-reply@example.com>",
    ]);
    expect(problems({ SPECREADY_SMTP_URL: "smtp://mailer:s3cret@smtp.example.com:587" })).toEqual([
      "SPECREADY_MAIL_FROM: required with SPECREADY_SMTP_URL: the sender of invitations and password-reset e-mails (such as specready <no-reply@example.com>)",
    ]);
    const wrong = problems({
      SPECREADY_SMTP_URL: "http://mailer:s3cret@smtp.example.com",
      SPECREADY_MAIL_FROM: "nobody",
    });
    expect(wrong.join("\n")).not.toContain("s3cret");
    expect(wrong.map((p) => p.split(":")[0])).toEqual([
      "SPECREADY_SMTP_URL=(hidden)",
      'SPECREADY_MAIL_FROM="nobody"',
    ]);
  });

  it("sign in with Microsoft with a client id and secret, at the multi-tenant authority unless told, never printing the secret", () => {
    expect(config({}).entra).toBeUndefined();
    const id = "8F3B9C1E-2D4A-4B6C-9E8F-0A1B2C3D4E5F";
    expect(
      config({ SPECREADY_ENTRA_CLIENT_ID: id, SPECREADY_ENTRA_CLIENT_SECRET: "s3cret~value" }).entra,
    ).toEqual({
      clientId: id.toLowerCase(),
      clientSecret: "s3cret~value",
      authority: "https://login.microsoftonline.com/organizations/v2.0",
    });
    expect(
      config({
        SPECREADY_ENTRA_CLIENT_ID: id,
        SPECREADY_ENTRA_CLIENT_SECRET: "s3cret~value",
        SPECREADY_ENTRA_AUTHORITY: "http://127.0.0.1:5556/3c9f2a7e-5b1d-4e8a-9f60-1a2b3c4d5e6f/v2.0/",
      }).entra?.authority,
    ).toBe("http://127.0.0.1:5556/3c9f2a7e-5b1d-4e8a-9f60-1a2b3c4d5e6f/v2.0");
    expect(problems({ SPECREADY_ENTRA_CLIENT_ID: id })).toEqual([
      "SPECREADY_ENTRA_CLIENT_SECRET: required with SPECREADY_ENTRA_CLIENT_ID: a client secret of the app registration (Certificates & secrets)",
    ]);
    expect(problems({ SPECREADY_ENTRA_CLIENT_SECRET: "s3cret~value" })).toEqual([
      "SPECREADY_ENTRA_CLIENT_ID: required with SPECREADY_ENTRA_CLIENT_SECRET: the app registration's Application (client) ID",
    ]);
    const wrong = problems({
      SPECREADY_ENTRA_CLIENT_ID: "my-app",
      SPECREADY_ENTRA_CLIENT_SECRET: "s3cret with spaces",
      SPECREADY_ENTRA_AUTHORITY: "http://login.example.com/organizations/v2.0",
    });
    expect(wrong.join("\n")).not.toContain("s3cret");
    expect(wrong.map((p) => p.split(":")[0])).toEqual([
      'SPECREADY_ENTRA_CLIENT_ID="my-app"',
      "SPECREADY_ENTRA_CLIENT_SECRET=(hidden)",
      'SPECREADY_ENTRA_AUTHORITY="http',
    ]);
  });

  it("take SPECREADY_SECRET_KEY as 32 bytes in hex or base64, never printing it", () => {
    expect(config({}).secretKey).toBeUndefined();
    const hex = "a".repeat(64);
    expect(config({ SPECREADY_SECRET_KEY: hex }).secretKey?.toString("hex")).toBe(hex);
    expect(config({ SPECREADY_SECRET_KEY: Buffer.alloc(32, 7).toString("base64") }).secretKey).toEqual(
      Buffer.alloc(32, 7),
    );
    expect(problems({ SPECREADY_SECRET_KEY: "short-secret" })).toEqual([
      "SPECREADY_SECRET_KEY=(hidden): must be 32 random bytes, as 64 hex digits or base64 (openssl rand -hex 32)",
    ]);
  });

  it("end a session after an absolute lifetime besides the idle one", () => {
    expect(config({})).toMatchObject({ sessionDays: 14, sessionMaxDays: 30 });
    expect(config({ SPECREADY_SESSION_DAYS: "1", SPECREADY_SESSION_MAX_DAYS: "7" })).toMatchObject({
      sessionDays: 1,
      sessionMaxDays: 7,
    });
    expect(problems({ SPECREADY_SESSION_DAYS: "14", SPECREADY_SESSION_MAX_DAYS: "7" })).toEqual([
      'SPECREADY_SESSION_MAX_DAYS="7": must be at least SPECREADY_SESSION_DAYS (14)',
    ]);
  });

  it("cap what an organization's uploads may hold while they wait for their import", () => {
    expect(config({}).pendingUploadsLimitBytes).toBe(2048 * 1024 * 1024);
    expect(config({ SPECREADY_PENDING_UPLOADS_LIMIT_MB: "100" }).pendingUploadsLimitBytes).toBe(
      100 * 1024 * 1024,
    );
  });

  it("drop a request body silent for 60 s or slower than 500 bytes a second, unless told otherwise", () => {
    expect(config({})).toMatchObject({ requestIdleMs: 60_000, requestMinBytesPerSecond: 500 });
    expect(
      config({ SPECREADY_REQUEST_IDLE_SECONDS: "120", SPECREADY_REQUEST_MIN_BYTES_PER_SECOND: "64" }),
    ).toMatchObject({ requestIdleMs: 120_000, requestMinBytesPerSecond: 64 });
    expect(problems({ SPECREADY_REQUEST_MIN_BYTES_PER_SECOND: "0" })).toEqual([
      expect.stringMatching(/^SPECREADY_REQUEST_MIN_BYTES_PER_SECOND/),
    ]);
  });

  it("write the security log to standard output or to a file", () => {
    expect(config({}).securityLog).toBeUndefined();
    expect(config({ SPECREADY_SECURITY_LOG: "logs/security.log" }).securityLog).toMatch(
      /\/logs\/security\.log$/,
    );
  });
});

describe("several servers settings", () => {
  it("hold 10 database connections and a data directory of one server's own, unless told otherwise", () => {
    expect(config({})).toMatchObject({ databasePoolSize: 10, storageShared: false });
    expect(config({ SPECREADY_DATABASE_POOL_SIZE: "4", SPECREADY_STORAGE_SHARED: "1" })).toMatchObject({
      databasePoolSize: 4,
      storageShared: true,
    });
  });

  it("name a pool size or a shared-folder declaration that is not one", () => {
    expect(problems({ SPECREADY_DATABASE_POOL_SIZE: "0", SPECREADY_STORAGE_SHARED: "shared" })).toEqual([
      expect.stringMatching(/^SPECREADY_DATABASE_POOL_SIZE="0": /),
      expect.stringMatching(/^SPECREADY_STORAGE_SHARED="shared": must be 1 or 0/),
    ]);
  });
});
