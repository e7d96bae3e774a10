import type { ServerConfig } from "../config/server-config.js";
import { AzureBlobEvidenceStore } from "./azure-blob-store.js";
import type { EvidenceStore } from "./evidence-store.js";
import { FilesystemEvidenceStore } from "./filesystem-store.js";

/**
 * The store the settings choose: the Azure Blob Storage container when a connection string is set
 * (where partners keep their files), otherwise the data directory, so one machine needs nothing else.
 */
export function createEvidenceStore(
  config: Pick<ServerConfig, "dataDir" | "evidenceStorage">,
): EvidenceStore {
  const storage = config.evidenceStorage;
  if (storage.kind === "azure-blob") {
    return new AzureBlobEvidenceStore({
      connectionString: storage.connectionString,
      container: storage.container,
    });
  }
  return new FilesystemEvidenceStore(config.dataDir);
}
