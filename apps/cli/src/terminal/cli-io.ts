/** What a command touches of the outside world, injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The current time (for the default as-of date: today). */
  readonly now: () => Date;
  readonly cwd: string;
}

export interface OutputStream {
  /** Text, or UTF-8 bytes (a large JSON report: see `jsonOutput`). */
  write(text: string | Uint8Array): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/** Whether to colour a stream: a terminal, unless NO_COLOR is set; FORCE_COLOR forces it. */
export function useColor(stream: OutputStream, env: CliIo["env"]): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** ANSI styles that vanish when colour is off. */
export function styles(enabled: boolean) {
  const wrap = (open: number, close: number) => (s: string) =>
    enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}
export type Styles = ReturnType<typeof styles>;
