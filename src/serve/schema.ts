/**
 * The executable schema: schema.graphql (the contract, SDL first, read from the file at startup and
 * never duplicated in code) joined with the resolvers.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GraphQLSchema } from "graphql";
import { createSchema } from "graphql-yoga";
import { PACKAGE_ROOT } from "../core/config.js";
import type { LiveWriter } from "../ingest/live-writer.js";
import type { RankingPipeline } from "../pipeline/types.js";
import type { Metrics } from "./metrics.js";
import { createResolvers, type GraphQLContext } from "./resolvers.js";

/** Where the API contract lives. */
export const SCHEMA_FILE = path.join(PACKAGE_ROOT, "schema.graphql");

/** The SDL text of the API. */
export function loadTypeDefs(file: string = SCHEMA_FILE): string {
  return readFileSync(file, "utf8");
}

/** Builds the executable schema; fails at startup if a resolver names a type or field the SDL lacks. */
export function buildSchema(pipeline: RankingPipeline, metrics: Metrics, writer: LiveWriter, typeDefs: string = loadTypeDefs()): GraphQLSchema {
  return createSchema<GraphQLContext>({
    typeDefs,
    resolvers: createResolvers(pipeline, metrics, writer),
    resolverValidationOptions: { requireResolversToMatchSchema: "error" },
  });
}
