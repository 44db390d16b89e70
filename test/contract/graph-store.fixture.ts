/**
 * A small skills graph, hand-checkable (weights in comments are computed in graph-store.contract.ts):
 *
 *   ts ─RT .9─▶ js ◀─RT .8─ node        web ─BT 1─▶ js, py, html
 *   react ─RT .6─▶ js ─RT .2─▶ html     django ─RT .9─▶ py      html ─RT .3─▶ py      cpp (isolated)
 */
import type { Client, Freelancer, Interaction, Job, Skill, SkillRelation } from "../../src/core/records.js";
import type { Upsert, WriteBatch } from "../../src/graph-store/graph-store.js";

const skill = (id: string, name: string, aliases: string[] = []): Skill => ({ id, name, aliases });

export const SKILLS: Skill[] = [
  skill("cpp", "C++"),
  skill("django", "Django"),
  skill("html", "HTML", ["HTML5"]),
  skill("js", "JavaScript", ["JS", "ECMAScript"]),
  skill("node", "Node.js"),
  skill("py", "Python"),
  skill("react", "React"),
  skill("ts", "TypeScript"),
  skill("web", "Web development"),
];

export const RELATIONS: SkillRelation[] = [
  { from: "ts", to: "js", type: "RELATED_TO", weight: 0.9 },
  { from: "node", to: "js", type: "RELATED_TO", weight: 0.8 },
  { from: "react", to: "js", type: "RELATED_TO", weight: 0.6 },
  { from: "js", to: "html", type: "RELATED_TO", weight: 0.2 },
  { from: "django", to: "py", type: "RELATED_TO", weight: 0.9 },
  { from: "html", to: "py", type: "RELATED_TO", weight: 0.3 },
  { from: "web", to: "js", type: "BROADER_THAN", weight: 1 },
  { from: "web", to: "py", type: "BROADER_THAN", weight: 1 },
  { from: "web", to: "html", type: "BROADER_THAN", weight: 1 },
];

const freelancer = (id: string, skills: Array<[string, number]>, extra: Partial<Freelancer> = {}): Freelancer => ({
  id,
  name: `Person ${id}`,
  title: `Developer ${id}`,
  overview: `Profile of ${id}.`,
  skills: skills.map(([skillId, level]) => ({ skillId, level, source: "id" })),
  ...extra,
});

export const FREELANCERS: Freelancer[] = [
  freelancer("f1", [["js", 5], ["react", 4]], { hourlyRate: 50, country: "DE", available: true }),
  freelancer("f2", [["ts", 5], ["node", 3]], { hourlyRate: 80, country: "FR" }),
  freelancer("f3", [["py", 5], ["django", 4]], { rating: 4.5 }),
  freelancer("f4", [["html", 5], ["js", 2]]),
  freelancer("f5", [["js", 5], ["ts", 5]], { archetype: true, name: "Web developer (ESCO)", iscoGroup: "2513" }),
  freelancer("f6", [["cpp", 5], ["html", 5]]),
];

const job = (id: string, skills: Array<[string, "required" | "preferred"]>, extra: Partial<Job> = {}): Job => ({
  id,
  title: `Job ${id}`,
  description: `Work for ${id}.`,
  skills: skills.map(([skillId, importance]) => ({ skillId, importance, source: "id" })),
  status: "open",
  ...extra,
});

export const JOBS: Job[] = [
  job("j1", [["js", "required"], ["react", "preferred"]], { clientId: "c1", budget: { type: "hourly", min: 30, max: 60 } }),
  job("j2", [["py", "required"], ["django", "required"]], { clientId: "c1", postedAt: "2024-01-01T00:00:00Z" }),
  job("j3", [["cpp", "required"], ["html", "preferred"]]),
];

export const CLIENTS: Client[] = [
  { id: "c1", name: "Acme", paymentVerified: true },
  { id: "c2", name: "Globex" },
];

export const INTERACTIONS: Interaction[] = [
  { type: "view", jobId: "j1", freelancerId: "f1", at: "2024-01-01T00:00:00Z" },
  { type: "apply", jobId: "j1", freelancerId: "f1", at: "2024-01-02T00:00:00Z" },
  { type: "hire", jobId: "j1", freelancerId: "f1", at: "2024-01-03T00:00:00Z", rating: 5 },
  { type: "view", jobId: "j2", freelancerId: "f3", at: "2024-01-02T00:00:00Z" },
  // Identical to the first: stored once.
  { type: "view", jobId: "j1", freelancerId: "f1", at: "2024-01-01T00:00:00Z" },
];

/** A deterministic 4-d vector per id. */
export function vectorFor(id: string): Float32Array {
  const v = new Float32Array(4);
  for (let i = 0; i < id.length; i++) v[i % 4]! += id.charCodeAt(i) / 100;
  return v;
}

const WITH_VECTORS = new Set(["f1", "f2", "j1"]);
function upserts<T extends { id: string }>(records: T[]): Upsert<T>[] {
  return records.map((record) => ({
    record,
    hash: `h-${record.id}`,
    ...(WITH_VECTORS.has(record.id) ? { vector: vectorFor(record.id) } : {}),
  }));
}

export function fixtureBatch(): WriteBatch {
  return {
    skills: upserts(SKILLS),
    skillRelations: RELATIONS,
    freelancers: upserts(FREELANCERS),
    jobs: upserts(JOBS),
    clients: upserts(CLIENTS),
    interactions: INTERACTIONS,
  };
}
