import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { INTROSPECTION, MULTIPLE, NOT_EXECUTED, operationLabel } from "../../../src/serve/operation.js";

describe("operationLabel", () => {
  it("names the root field, through fragments, whatever the client calls the operation", () => {
    expect(operationLabel(parse(`query AnythingAtAll { searchFreelancers(query: "x") { tookMs } }`))).toBe("searchFreelancers");
    expect(operationLabel(parse(`{ __typename job(id: "j") { id } }`))).toBe("job");
    expect(operationLabel(parse(`query { ...F } fragment F on Query { ... on Query { rankProfiles { name } } }`))).toBe("rankProfiles");
  });

  it("uses fixed labels for several fields, introspection and unknown operations", () => {
    expect(operationLabel(parse(`{ a: job(id: "1") { id } b: skill(id: "2") { id } }`))).toBe(MULTIPLE);
    expect(operationLabel(parse(`{ a: job(id: "1") { id } b: job(id: "2") { id } }`))).toBe("job");
    expect(operationLabel(parse(`{ __schema { types { name } } }`))).toBe(INTROSPECTION);
    const two = parse(`query A { job(id: "1") { id } } query B { skill(id: "1") { id } }`);
    expect(operationLabel(two, "B")).toBe("skill");
    expect(operationLabel(two)).toBe(NOT_EXECUTED);
  });
});
