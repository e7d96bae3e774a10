import { checkCommand, checkHelp } from "./commands/check-command.js";
import { demoCommand, demoHelp } from "./commands/demo-command.js";
import { programsCommand, programsHelp } from "./commands/programs-command.js";
import { type CliConfig, parseCliConfig } from "./terminal/cli-config.js";
import type { CliIo } from "./terminal/cli-io.js";

export type { CliIo } from "./terminal/cli-io.js";

const help = `specready — readiness for the AI and Machine Learning in Microsoft Azure specialization

Usage: specready <command> [options]

Commands:
  check <data-dir>   evaluate the four requirements on your Partner Center files
  demo <dir>         write a realistic demo partner to try the check on
  programs           list the installed program definitions and checklists
  help [command]     show help for a command

Run "specready <command> --help" for a command's options.
`;

const commands: Record<
  string,
  { run: (args: readonly string[], io: CliIo, config: CliConfig) => Promise<number>; help: string }
> = {
  check: { run: checkCommand, help: checkHelp },
  demo: { run: demoCommand, help: demoHelp },
  programs: { run: programsCommand, help: programsHelp },
};

/** Runs the CLI with its arguments (without node and the script) and returns the exit status. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(help);
    return 2;
  }
  if (name === "--help" || name === "-h") {
    io.stdout.write(help);
    return 0;
  }
  if (name === "help") {
    const target = rest[0] === undefined ? undefined : commands[rest[0]];
    io.stdout.write(target?.help ?? help);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write("specready 0.1.0\n");
    return 0;
  }
  const command = commands[name];
  if (command === undefined) {
    io.stderr.write(`specready: unknown command "${name}"\n\n${help}`);
    return 2;
  }
  const parsed = parseCliConfig(io.env);
  if (!parsed.ok) {
    io.stderr.write(
      `specready: invalid settings in the environment:\n${parsed.problems.map((p) => `  ${p}`).join("\n")}\n`,
    );
    return 2;
  }
  return command.run(rest, io, parsed.config);
}
