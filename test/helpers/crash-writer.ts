/**
 * Child process for the crash test: applies a deterministic stream of live writes through the
 * write API's path (createLiveWriter, the same one the GraphQL mutations use) and prints
 * `ACK <seq>` after each write resolved, i.e. after it was committed. The parent SIGKILLs it at a
 * random moment and checks that every acknowledged write survived in every store.
 *
 * Usage: node --import tsx crash-writer.ts <dataDir> <modelDir> <firstSeq> <count>
 */
import { loadConfig } from "../../src/core/config.js";
import { createLiveWriter } from "../../src/ingest/live-writer.js";
import { openServices } from "../../src/services.js";
import { crashOp } from "./crash-ops.js";

const [dataDir, model, first, count] = process.argv.slice(2);
const config = loadConfig({ overrides: { dataDir, model, embedWorker: false, logLevel: "silent" } });
const services = await openServices(config);
await services.indexes();
const maintenance = await services.maintenance();
const writer = createLiveWriter(services, { onVectorsChanged: (kind, n) => maintenance.changed(kind, n) });
process.stdout.write("READY\n");
for (let seq = Number(first); seq < Number(first) + Number(count); seq++) {
  const op = crashOp(seq);
  if (op.kind === "upsert") await writer.upsertFreelancer(op.freelancer);
  else if (op.kind === "delete") await writer.deleteFreelancer(op.id);
  else await writer.recordInteraction(op.interaction);
  process.stdout.write(`ACK ${seq}\n`);
}
process.stdout.write("DONE\n");
await services.close();
