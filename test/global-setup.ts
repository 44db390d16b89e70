/**
 * Runs once before all test files: builds (or finds cached) the tiny static model so that test
 * files running in parallel never race to build it.
 */
import type { TestProject } from "vitest/node";
import { tinyModelDir } from "./helpers/tiny-model.js";

declare module "vitest" {
  export interface ProvidedContext {
    tinyModelDir: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  project.provide("tinyModelDir", await tinyModelDir());
}
