/**
 * Progress reporting for long work. On a TTY it redraws one line on stderr with rate and ETA;
 * elsewhere (CI, pipes) it prints a line at most every few seconds, so logs stay readable.
 */
export interface Progress {
  /** Advance by n units (default 1). */
  tick(n?: number): void;
  /** Change the expected total (e.g. once a file has been counted). */
  setTotal(total: number): void;
  /** Print the final line. Idempotent. */
  done(): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Silent progress (tests, --quiet). */
  silent?: boolean;
  now?: () => number;
}

export const silentProgress: Progress = { tick() {}, setTotal() {}, done() {} };

export function createProgress(options: ProgressOptions): Progress {
  if (options.silent) return silentProgress;
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const unit = options.unit ?? "items";
  const isTty = stream.isTTY === true;
  const started = now();
  let total = options.total;
  let count = 0;
  let lastDraw = 0;
  let finished = false;

  const line = (): string => {
    const elapsed = Math.max(1e-3, (now() - started) / 1000);
    const rate = count / elapsed;
    const parts = [`${options.label}`];
    if (total !== undefined && total > 0) {
      const frac = Math.min(1, count / total);
      const width = 24;
      const filled = Math.round(frac * width);
      parts.push(`[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%`);
      parts.push(`${count}/${total} ${unit}`);
      const eta = rate > 0 ? (total - count) / rate : Infinity;
      parts.push(`${rate.toFixed(0)} ${unit}/s`, `ETA ${formatSeconds(eta)}`);
    } else {
      parts.push(`${count} ${unit}`, `${rate.toFixed(0)} ${unit}/s`);
    }
    parts.push(`elapsed ${formatSeconds(elapsed)}`);
    return parts.join("  ");
  };

  const draw = (force: boolean): void => {
    const t = now();
    const interval = isTty ? 100 : 5000;
    if (!force && t - lastDraw < interval) return;
    lastDraw = t;
    if (isTty) stream.write(`\r\x1b[2K${line()}`);
    else stream.write(`${line()}\n`);
  };

  return {
    tick(n = 1) {
      count += n;
      draw(false);
    },
    setTotal(t) {
      total = t;
    },
    done() {
      if (finished) return;
      finished = true;
      draw(true);
      if (isTty) stream.write("\n");
    },
  };
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
