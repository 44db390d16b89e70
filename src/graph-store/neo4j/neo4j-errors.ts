/**
 * The one place neo4j-driver errors become catalogue errors (the original kept as `cause`). Every
 * message names the server's URI, so an operator knows which deployment to look at.
 */
import { Neo4jError, error as driverErrors } from "neo4j-driver";
import { BackendUnavailableError, ConfigInvalidError, InvalidInputError, TalentgraphError } from "../../core/errors.js";

/** Driver codes that mean "the server cannot be reached now". */
export function isUnreachable(error: unknown): boolean {
  return error instanceof Neo4jError && (error.code === driverErrors.SERVICE_UNAVAILABLE || error.code === driverErrors.SESSION_EXPIRED);
}

/** Unreachable, or a transient server error (deadlock, leader switch) the driver gave up retrying. */
export function isUnavailable(error: unknown): boolean {
  return isUnreachable(error) || (error instanceof Neo4jError && error.code.startsWith("Neo.TransientError."));
}

export function translateNeo4jError(operation: string, uri: string, error: unknown): Error {
  if (error instanceof TalentgraphError) return error;
  if (error instanceof Neo4jError) {
    const detail = `${error.code}: ${error.message}`;
    if (isUnavailable(error)) {
      return new BackendUnavailableError(`${operation}: Neo4j at ${uri} is unavailable (${detail}); check that the server is running and reachable`, { cause: error });
    }
    if (error.code === "Neo.ClientError.Security.Unauthorized" || error.code === "Neo.ClientError.Security.AuthenticationRateLimit") {
      return new ConfigInvalidError(`${operation}: Neo4j at ${uri} refused the credentials (${detail}); check NEO4J_USER and NEO4J_PASSWORD`, { cause: error });
    }
    if (error.code === "Neo.ClientError.Database.DatabaseNotFound") {
      return new ConfigInvalidError(`${operation}: Neo4j at ${uri} has no such database (${detail}); check NEO4J_DATABASE`, { cause: error });
    }
    if (error.code === "Neo.ClientError.Schema.ConstraintValidationFailed") {
      return new InvalidInputError(`${operation}: ${detail} (Neo4j at ${uri}); nothing was written`, { cause: error });
    }
    return new TalentgraphError("INTERNAL", `${operation}: Neo4j at ${uri} failed (${detail})`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TalentgraphError("INTERNAL", `${operation}: unexpected error talking to Neo4j at ${uri}: ${message}`, { cause: error });
}
