import type { CliIo } from "../terminal/cli-io.js";

/**
 * The start every command reading one data directory shares (`check`, `plan`): parse the arguments,
 * answer --help, require exactly one <data-dir> and a --format of text or json. A number is the exit
 * code to return at once (0 after --help, 2 with the usage error written); otherwise the parsed values.
 */
export function dataDirArgs<V extends { help?: boolean | undefined; format?: string | undefined }>(
  command: string,
  help: string,
  io: CliIo,
  parse: () => { values: V; positionals: string[] },
): number | { values: V; dir: string; format: "text" | "json"; usageError: (message: string) => number } {
  const usageError = (message: string) => {
    io.stderr.write(`specready ${command}: ${message}\nRun "specready ${command} --help" for usage.\n`);
    return 2;
  };
  let parsed: { values: V; positionals: string[] };
  try {
    parsed = parse();
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(help);
    return 0;
  }
  if (positionals.length === 0) return usageError("missing <data-dir>");
  if (positionals.length > 1)
    return usageError(`one data directory expected, got ${positionals.length}: ${positionals.join(" ")}`);
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json")
    return usageError(`--format must be text or json, not "${format}"`);
  return { values, dir: positionals[0] as string, format, usageError };
}
