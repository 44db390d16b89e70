import { describe, expect, it } from "vitest";
import { buildReason, REASON_MAX_LENGTH, type ReasonInput } from "../../../src/batch/reason.js";
import type { ChannelExplanation, GraphPath } from "../../../src/pipeline/types.js";

const names: Record<string, string> = { react: "React", node: "Node.js", ts: "TypeScript", next: "Next.js", vue: "Vue.js", pg: "PostgreSQL" };
const skillName = (id: string): string | undefined => names[id];
const channel = (c: ChannelExplanation["channel"], retrieved: boolean): ChannelExplanation => ({
  channel: c,
  retrieved,
  degraded: false,
  rawScore: retrieved ? 1 : null,
  normalizedScore: retrieved ? 1 : null,
  rank: retrieved ? 1 : null,
  contribution: retrieved ? 0.5 : 0,
});
const path = (from: string, to: string): GraphPath => ({ fromSkillId: from, toSkillId: to, weight: 0.4, steps: [], text: `${from} → ${to}` });
const exact = (...ids: string[]) => ids.map((id) => ({ skillId: id, name: names[id] ?? id, via: "exact" as const }));

function input(over: Partial<ReasonInput>): ReasonInput {
  return {
    mode: "freelancers",
    explanation: { matchedSkills: [], graphPaths: [], channels: [channel("vector", true)] },
    freelancer: { hourlyRate: 60 },
    job: { budget: { type: "hourly", min: 40, max: 80 } },
    skillName,
    ...over,
  };
}

describe("buildReason", () => {
  it("names matched skills and says the budget fits the freelancer's rate", () => {
    const r = buildReason(input({ explanation: { matchedSkills: exact("react", "node"), graphPaths: [], channels: [] } }));
    expect(r).toBe("Matches your React and Node.js skills; budget fits your rate");
  });

  it("quotes at most three skills", () => {
    const r = buildReason(input({ explanation: { matchedSkills: exact("react", "node", "ts", "pg", "vue"), graphPaths: [], channels: [] } }));
    expect(r).toMatch(/^Matches your React, Node\.js, TypeScript and 2 more skills/);
  });

  it("explains a related-skill match through its graph path, in either direction", () => {
    const related = [{ skillId: "next", name: "Next.js", via: "related" as const }];
    const asJob = buildReason(input({ explanation: { matchedSkills: related, graphPaths: [path("react", "next")], channels: [] } }));
    expect(asJob).toMatch(/^Needs Next\.js, close to your React/);
    const asClient = buildReason(input({ mode: "jobs", explanation: { matchedSkills: related, graphPaths: [path("next", "react")], channels: [] } }));
    expect(asClient).toMatch(/^Knows React, close to Next\.js/);
  });

  it("falls back to the channels that retrieved the item", () => {
    const collab = buildReason(input({ job: undefined, explanation: { matchedSkills: [], graphPaths: [], channels: [channel("vector", true), channel("collaborative", true)] } }));
    expect(collab).toBe("Similar to jobs you were hired or interviewed for");
    const vector = buildReason(input({ job: undefined }));
    expect(vector).toBe("Close to your profile");
  });

  it("states the budget when it does not fit, and fixed prices as such", () => {
    expect(buildReason(input({ freelancer: { hourlyRate: 95 } }))).toMatch(/budget up to 80\/h$/);
    expect(buildReason(input({ job: { budget: { type: "fixed", max: 1500 } } }))).toMatch(/fixed price up to 1,500$/);
    expect(buildReason(input({ freelancer: undefined, job: { budget: { type: "hourly", max: 80 } } }))).toMatch(/budget up to 80\/h$/);
  });

  it("for clients: skills, the freelancer's rate against the job's budget, and a good rating", () => {
    const r = buildReason(
      input({
        mode: "jobs",
        explanation: { matchedSkills: exact("react", "node"), graphPaths: [], channels: [] },
        freelancer: { hourlyRate: 65, rating: 4.86 },
        job: { budget: { type: "hourly", min: 50, max: 70 } },
      }),
    );
    expect(r).toBe("Knows React and Node.js; 65/h, within your budget; rated 4.9");
    const over = buildReason(input({ mode: "jobs", freelancer: { hourlyRate: 90, rating: 3.9 }, job: { budget: { type: "hourly", max: 70 } } }));
    expect(over).toBe("Profile close to your job; 90/h");
  });

  it("stays short", () => {
    const long = Array.from({ length: 3 }, (_, i) => ({ skillId: `s${i}`, name: "An extremely long ESCO skill label ".repeat(3), via: "exact" as const }));
    const r = buildReason(input({ explanation: { matchedSkills: long, graphPaths: [], channels: [] } }));
    expect(r.length).toBeLessThanOrEqual(REASON_MAX_LENGTH);
    expect(r.endsWith("…")).toBe(true);
  });
});
