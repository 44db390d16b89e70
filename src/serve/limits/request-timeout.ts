/**
 * The per-request timeout: when a GraphQL operation's execution has not finished `ms` after it
 * started, the client gets `{"data": null, "errors": [{"extensions": {"code": "TIMEOUT"}}]}` with
 * HTTP 200 (this API answers GraphQL errors with 200; the code says what happened) and the
 * connection is free again.
 *
 * What it cannot do: stop work already running. The resolvers' work continues to its end and its
 * result is dropped, and the timer only fires when the event loop is free: a stretch of synchronous
 * CPU work (most ranking stages) runs to its end first, so a response can still arrive later than
 * `ms` — complete, since by then it is ready. The ranking pipeline's per-channel budgets are what
 * bound the stages that await (see PipelineOptions.channelBudgetMs).
 */
import type { ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { formatCount, limitError } from "./limit-error.js";

export function useRequestTimeout(ms: number): Plugin {
  if (!(ms > 0)) return {};
  const timedOut = (): ExecutionResult => ({
    data: null,
    errors: [
      limitError(
        "TIMEOUT",
        `The request did not finish within ${formatCount(ms)} ms, this server's limit; try again, or ask for less (a smaller \`first\`, fewer fields, no explanations)`,
      ),
    ],
  });
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => resolve(timedOut()), ms);
        });
        // The race subscribes to the execution, so a late failure is handled (and dropped) there.
        return Promise.race([Promise.resolve(executeFn(args)), deadline]).finally(() => clearTimeout(timer));
      });
    },
  };
}
