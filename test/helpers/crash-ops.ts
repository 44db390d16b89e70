/** The crash test's write stream: what write number `seq` does (shared by the child and the checks). */
export type CrashOp =
  | { kind: "upsert"; id: string; token: string; freelancer: Record<string, unknown> }
  | { kind: "delete"; id: string }
  | { kind: "interaction"; interaction: { type: "apply"; jobId: string; freelancerId: string; at: string } };

/** Every 4th write deletes the previous one's freelancer, every 7th records an application; the rest insert a new freelancer. */
export function crashOp(seq: number): CrashOp {
  if (seq % 4 === 3) return { kind: "delete", id: `cw-${seq - 1}` };
  if (seq % 7 === 5) {
    return { kind: "interaction", interaction: { type: "apply", jobId: "job-001", freelancerId: "fl-001", at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString() } };
  }
  const token = `zqx${seq}q`;
  return {
    kind: "upsert",
    id: `cw-${seq}`,
    token,
    freelancer: {
      id: `cw-${seq}`,
      name: `Crash Writer ${seq}`,
      title: `React developer ${token}`,
      overview: `Builds React and TypeScript front ends; marker ${token}.`,
      skills: [{ name: "React", level: 4 }, { name: "TypeScript" }],
      hourlyRate: 40 + (seq % 50),
      available: true,
    },
  };
}

/** Ids whose fate is only decided by an acknowledged upsert (no later delete targets them). */
export function isDeletedLater(seq: number): boolean {
  return crashOp(seq + 1).kind === "delete";
}
