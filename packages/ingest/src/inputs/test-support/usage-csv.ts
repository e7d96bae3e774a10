/*
 * A usage export of the columns a program reads, `rows` rows long, for the tests of reading large
 * files on several threads (the CLI's and the reader's): AI and other services, eligible and
 * ineligible attributions, duplicates, government rows, thousands separators in some amounts.
 */

/**
 * The file's text. `badLines` (physical line numbers) get an amount of "12,34", which is not a number;
 * with `quotedNewlines`, every third customer name holds a line break inside its quotes.
 */
export function usageCsv(
  rows: number,
  options: { badLines?: number[]; quotedNewlines?: boolean } = {},
): string {
  const lines = [
    "Month,CustomerTenantId,CustomerName,ServiceGroup2,PartnerAttributionType,IsACRDuplicateAtMPNLevel,CloudInstance,OfferType,ACR_USD",
  ];
  const groups = ["AI", "Compute", "ai", "Data"];
  const attributions = [
    "Partner admin link",
    "CSP Tier 1",
    "Partner of record",
    "Transacting partner of record",
  ];
  for (let i = 0; i < rows; i++) {
    const line = lines.length + 1;
    const month = `2025-0${5 + (i % 4)}`;
    const name =
      options.quotedNewlines && i % 3 === 0 ? `"Customer ${i % 50},\nLtd"` : `"Customer ${i % 50}, Ltd"`;
    const amount = options.badLines?.includes(line)
      ? '"12,34"'
      : i % 17 === 0
        ? `"1,${String(i % 1000).padStart(3, "0")}.25"`
        : `${(i % 300) + 0.5}`;
    lines.push(
      `${month},T-${i % 50},${name},${groups[i % 4]},${attributions[i % 4]},${i % 29 === 0 ? 1 : 0},${i % 31 === 0 ? "Fairfax" : "AzureCloud"},Azure plan,${amount}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
