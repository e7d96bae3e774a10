import { checkCommand, checkHelp } from "./commands/check-command.js";
import { demoCommand, demoHelp } from "./commands/demo-command.js";
import { planCommand, planHelp } from "./commands/plan-command.js";
import { programsCommand, programsHelp } from "./commands/programs-command.js";
import { type CliConfig, parseCliConfig } from "./terminal/cli-config.js";
import type { CliIo, OutputStream } from "./terminal/cli-io.js";

export type { CliIo } from "./terminal/cli-io.js";

const help = `specready — readiness for the AI and Machine Learning in Microsoft Azure specialization

Usage: specready <command> [options]

Commands:
  check <data-dir>   evaluate the four requirements on your Partner Center files
  demo <dir>         write a realistic demo partner to try the check on
  plan <data-dir>    plan for an audit date: references to ask for, ACR forecast, who certifies
  programs           list the program versions, checklists and certification retirements (--sources)

Workspace (the web app and its database):
  serve              start the workspace on http://localhost:3000
  admin create       create an organization and its first partner admin
  storage check      find evidence files without a row, and rows without a file
  backup <file>      back up the workspace database
  restore <file>     restore a backup into an empty database

  help [command]     show help for a command

Run "specready <command> --help" for a command's options.
`;

const commands: Record<
  string,
  { run: (args: readonly string[], io: CliIo, config: CliConfig) => Promise<number>; help: string }
> = {
  check: { run: checkCommand, help: checkHelp },
  demo: { run: demoCommand, help: demoHelp },
  plan: { run: planCommand, help: planHelp },
  programs: { run: programsCommand, help: programsHelp },
};

/** A command of the workspace server, loaded only when asked for (the check stays quick to start). */
export interface WorkspaceCommand {
  readonly help: string;
  run(
    args: readonly string[],
    io: {
      stdout: OutputStream;
      stderr: OutputStream;
      stdin?: NodeJS.ReadableStream;
      env: Readonly<Record<string, string | undefined>>;
    },
  ): Promise<number>;
}

export const WORKSPACE_COMMANDS = ["serve", "admin", "backup", "restore", "storage"] as const;

export interface MainOptions {
  /** Loads the workspace's commands (bin/specready gives it; the CLI does not import the server). */
  readonly workspace?: () => Promise<Readonly<Record<string, WorkspaceCommand>>>;
  readonly stdin?: NodeJS.ReadableStream;
}

/** Runs the CLI with its arguments (without node and the script) and returns the exit status. */
export async function main(argv: readonly string[], io: CliIo, options: MainOptions = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(help);
    return 2;
  }
  if (name === "--help" || name === "-h") {
    io.stdout.write(help);
    return 0;
  }
  if (
    (WORKSPACE_COMMANDS as readonly string[]).includes(name) ||
    (name === "help" && (WORKSPACE_COMMANDS as readonly string[]).includes(rest[0] ?? ""))
  ) {
    if (options.workspace === undefined) {
      io.stderr.write(
        `specready: the ${name} command needs the workspace server, which this installation lacks\n`,
      );
      return 2;
    }
    const workspace = await options.workspace();
    const command = workspace[name === "help" ? (rest[0] as string) : name] as WorkspaceCommand;
    if (name === "help") {
      io.stdout.write(command.help);
      return 0;
    }
    return command.run(rest, { stdout: io.stdout, stderr: io.stderr, stdin: options.stdin, env: io.env });
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
