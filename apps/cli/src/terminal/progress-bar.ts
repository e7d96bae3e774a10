import type { OutputStream } from "./cli-io.js";

/**
 * A one-line progress bar on a terminal stream, redrawn at most ten times a second; nothing at all when
 * the stream is not a terminal (piped output and CI logs stay clean).
 */
export class ProgressBar {
  private last = Number.NEGATIVE_INFINITY;
  private shown = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly label: string,
    private readonly clock: () => number = Date.now,
  ) {}

  update(done: number, total: number, detail = ""): void {
    if (this.stream.isTTY !== true || total <= 0) return;
    const now = this.clock();
    if (now - this.last < 100 && done < total) return;
    this.last = now;
    this.shown = true;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - 50));
    const ratio = Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    const pct = `${Math.floor(ratio * 100)}`.padStart(3);
    this.stream.write(
      `\r${this.label} ${bar} ${pct}% ${formatBytes(done)} of ${formatBytes(total)} ${detail}`.slice(
        0,
        (this.stream.columns ?? 120) - 1,
      ),
    );
  }

  /** Removes the bar so the report starts on a clean line. */
  clear(): void {
    if (this.shown) this.stream.write("\r\u001b[2K");
    this.shown = false;
  }
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
