/**
 * `talentgraph keys create|list|revoke`: API keys for the GraphQL API, kept in `<dataDir>/keys.db`
 * (hashes only). A new key is printed once, alone on stdout, so scripts can capture it.
 */
import { InvalidArgumentError, type Command } from "commander";
import { KEY_PREFIX } from "../../serve/auth/api-key.js";
import type { ApiKeyInfo, KeyStore } from "../../serve/auth/key-store.js";
import { parseScope, SCOPES } from "../../serve/auth/scope.js";
import { openKeyStore } from "../../services.js";
import { cliContext } from "../context.js";

/** `--rate 20/s` or `--rate 20`: requests per second, ≥ 0 (0 = no limit). */
export function parseRate(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*s)?\s*$/.exec(value);
  if (match === null) throw new InvalidArgumentError(`--rate must be requests per second such as 20/s, got "${value}"`);
  return Number(match[1]);
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got "${value}"`);
    return n;
  };
}

/** The key id in `ID`, `tg_ID` or a whole key (users paste what they have). */
function idOf(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith(KEY_PREFIX)) return trimmed;
  return trimmed.slice(KEY_PREFIX.length).split("_")[0] ?? trimmed;
}

function withKeys<T>(command: Command, run: (keys: KeyStore) => T): T {
  const keys = openKeyStore(cliContext(command).config);
  try {
    return run(keys);
  } finally {
    keys.close();
  }
}

export function formatKeys(keys: ApiKeyInfo[]): string {
  if (keys.length === 0) return "no API keys yet: create one with `talentgraph keys create --scope read|write|admin`";
  const rows = keys.map((k) => [
    k.id,
    k.name ?? "-",
    k.scope,
    k.ratePerSecond === null ? "default" : `${k.ratePerSecond}/s`,
    k.burst === null ? "default" : String(k.burst),
    k.createdAt,
    k.lastUsedAt ?? "never",
    k.revokedAt ?? "-",
  ]);
  const header = ["ID", "NAME", "SCOPE", "RATE", "BURST", "CREATED", "LAST USED", "REVOKED"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("Create, list and revoke API keys for the GraphQL API (stored hashed in <data dir>/keys.db).");

  keys
    .command("create")
    .description("Create an API key and print it once (it cannot be shown again).")
    .requiredOption("--scope <scope>", `${SCOPES.join(" | ")} (admin ⊇ write ⊇ read; mutations need write)`)
    .option("--name <name>", "who or what uses the key, shown by `keys list`")
    .option("--rate <n/s>", "sustained requests per second for this key, e.g. 20/s; 0 = no limit (default: TALENTGRAPH_RATE_LIMIT_PER_SECOND)", parseRate)
    .option("--burst <n>", "requests this key may send at once (default: TALENTGRAPH_RATE_LIMIT_BURST)", positiveInt("--burst"))
    .option("--json", "print the key and its details as JSON")
    .action((opts: { scope: string; name?: string; rate?: number; burst?: number; json?: boolean }, command: Command) => {
      const scope = parseScope(opts.scope, "keys create");
      const created = withKeys(command, (store) =>
        store.create({
          scope,
          ...(opts.name === undefined ? {} : { name: opts.name }),
          ...(opts.rate === undefined ? {} : { ratePerSecond: opts.rate }),
          ...(opts.burst === undefined ? {} : { burst: opts.burst }),
        }),
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ key: created.key, ...created.info }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${created.key}\n`);
      process.stderr.write(
        `created API key ${created.info.id} (scope ${created.info.scope}${created.info.name ? `, name "${created.info.name}"` : ""}). ` +
          "It is shown only this once: store it now. Send it as `Authorization: Bearer <key>`.\n",
      );
    });

  keys
    .command("list")
    .description("List API keys: id, name, scope, limits, created, last used, revoked (never a secret).")
    .option("--json", "print as JSON")
    .action((opts: { json?: boolean }, command: Command) => {
      const all = withKeys(command, (store) => store.list());
      process.stdout.write(opts.json ? `${JSON.stringify(all, null, 2)}\n` : `${formatKeys(all)}\n`);
    });

  keys
    .command("revoke")
    .description("Revoke an API key by id; a running server refuses it from its next request.")
    .argument("<id>", "the key's id (from `keys list`)")
    .action((id: string, _opts: unknown, command: Command) => {
      const result = withKeys(command, (store) => store.revoke(idOf(id)));
      process.stdout.write(
        result.alreadyRevoked
          ? `API key ${result.key.id} was already revoked at ${result.key.revokedAt}\n`
          : `revoked API key ${result.key.id} at ${result.key.revokedAt}\n`,
      );
    });
}
