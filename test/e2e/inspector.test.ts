/**
 * The ranking inspector page in a real browser: the real server (`startServer`) over a small demo
 * marketplace ingested with the tiny test model, driven with Debian's Chromium through
 * playwright-core. Every DOM fact is checked against the same request made directly over GraphQL.
 * Screenshots go to test-output/inspector/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, PACKAGE_ROOT, type Config } from "../../src/core/config.js";
import { ingestInto } from "../helpers/ingest-into.js";
import { generateDemo } from "../../src/ingest/demo/generate-demo.js";
import { profileChannels, RankProfiles } from "../../src/pipeline/rank-profile.js";
import { startServer, type RunningServer } from "../../src/serve/server.js";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = path.join(PACKAGE_ROOT, "test-output", "inspector");

interface GqlError {
  message: string;
  extensions?: { code?: string };
}
interface Step {
  fromSkillId: string;
  toSkillId: string;
  type: string;
  direction: "IN" | "OUT";
}
interface Explanation {
  profile: string;
  channels: Array<{ channel: string; retrieved: boolean; rank: number | null; note: string | null }>;
  reranker: { applied: boolean; model: string };
  graphPaths: Array<{ fromSkillId: string; toSkillId: string; steps: Step[] }>;
  matchedSkills: Array<{ skillId: string }>;
  missingSkills: Array<{ skillId: string }>;
}
interface Edge {
  rank: number;
  score: number;
  node: { id: string };
  explanation: Explanation;
}

const work = mkdtempSync(path.join(os.tmpdir(), "tg-inspector-e2e-"));
const input = path.join(work, "input");
const dataDir = path.join(work, "data");
let server: RunningServer;
let browser: Browser;

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data: T; errors?: GqlError[] }> {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: T; errors?: GqlError[] };
}

const RANK_FIELDS = `edges { rank score node { id }
  explanation { profile channels { channel retrieved rank note } reranker { applied model }
    graphPaths { fromSkillId toSkillId steps { fromSkillId toSkillId type direction } }
    matchedSkills { skillId } missingSkills { skillId } } }`;

/** The ranking the page should show, fetched directly. */
async function searchFreelancers(q: string, profile: string, first = 10, filter?: Record<string, unknown>): Promise<Edge[]> {
  const r = await gql<{ searchFreelancers: { edges: Edge[] } }>(
    `query($q: String!, $p: String, $n: Int, $f: FreelancerFilter) { searchFreelancers(query: $q, profile: $p, first: $n, filter: $f) { ${RANK_FIELDS} } }`,
    { q, p: profile, n: first, f: filter },
  );
  expect(r.errors).toBeUndefined();
  return r.data.searchFreelancers.edges;
}

async function recommendFreelancers(jobId: string, profile: string, first: number, filter?: Record<string, unknown>): Promise<Edge[]> {
  const r = await gql<{ recommendFreelancers: { edges: Edge[] } }>(
    `query($id: ID!, $p: String, $n: Int, $f: FreelancerFilter) { recommendFreelancers(jobId: $id, profile: $p, first: $n, filter: $f) { ${RANK_FIELDS} } }`,
    { id: jobId, p: profile, n: first, f: filter },
  );
  expect(r.errors).toBeUndefined();
  return r.data.recommendFreelancers.edges;
}

/** Script errors and CSP refusals in any page of the current test (checked after each test). */
let pageProblems: string[] = [];

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (error) => pageProblems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) pageProblems.push(`CSP: ${message.text()}`);
  });
  return page;
}

/** Opens the inspector (optionally at a shared URL) and waits until it has settled. */
async function open(page: Page, search = ""): Promise<void> {
  await page.goto(`${server.origin}/inspect${search}`);
  await page.locator("body[data-ready]").waitFor();
  await settled(page);
}

/** Waits for the run in flight (if any) to finish. */
async function settled(page: Page): Promise<void> {
  await page.locator('#status:not([data-state="loading"])').waitFor();
}

async function rank(page: Page): Promise<void> {
  await page.click("#run");
  await settled(page);
}

async function dataOf(loc: Locator, names: string[]): Promise<Array<Record<string, string | null>>> {
  const out: Array<Record<string, string | null>> = [];
  for (const el of await loc.all()) {
    const row: Record<string, string | null> = {};
    for (const n of names) row[n] = await el.getAttribute(`data-${n}`);
    out.push(row);
  }
  return out;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

/** What the page's graph drawing should hold: one node per skill, one edge per relationship walked. */
function expectedGraph(paths: Explanation["graphPaths"]): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const p of paths) {
    nodes.add(p.fromSkillId).add(p.toSkillId);
    for (const s of p.steps) {
      nodes.add(s.fromSkillId).add(s.toSkillId);
      const [from, to] = s.direction === "IN" ? [s.toSkillId, s.fromSkillId] : [s.fromSkillId, s.toSkillId];
      edges.add(`${from} ${s.type} ${to}`);
    }
  }
  return { nodes, edges };
}

/** Checks an open explanation panel against the API's explanation of the same hit. */
async function expectExplanation(panel: Locator, ex: Explanation): Promise<void> {
  await expect.poll(() => panel.isVisible()).toBe(true);
  const want = profileChannels(new RankProfiles().get(ex.profile)).map((c) => c.toUpperCase());
  const rows = panel.locator("tr.channel");
  const shown = await dataOf(rows, ["channel", "retrieved"]);
  expect(shown.map((r) => r.channel).sort(), "every channel of the profile is listed").toEqual([...want].sort());
  expect(shown).toEqual(ex.channels.map((c) => ({ channel: c.channel, retrieved: String(c.retrieved) })));
  for (const c of ex.channels) {
    const row = panel.locator(`tr.channel[data-channel="${c.channel}"]`);
    if (c.retrieved) {
      expect(await row.locator("td.rank").textContent()).toBe(`#${c.rank}`);
    } else {
      expect(await row.locator("td.status").textContent()).toBe("not retrieved");
      expect(c.note, `${c.channel} says why it did not retrieve`).toBeTruthy();
      expect(await panel.locator(`tr.channel-note[data-channel="${c.channel}"]`).textContent()).toBe(c.note);
    }
  }
  const reranker = panel.locator("section.reranker");
  expect(await reranker.getAttribute("data-applied")).toBe(String(ex.reranker.applied));
  if (!ex.reranker.applied) expect(await reranker.textContent()).toContain("Not applied");
  expect((await dataOf(panel.locator("ul.chips.matched li"), ["skill"])).map((r) => r.skill)).toEqual(ex.matchedSkills.map((m) => m.skillId));
  expect((await dataOf(panel.locator("ul.chips.missing li"), ["skill"])).map((r) => r.skill)).toEqual(ex.missingSkills.map((m) => m.skillId));
  if (ex.graphPaths.length === 0) {
    expect(await panel.locator("svg.graph-paths").count()).toBe(0);
    expect(await panel.locator("section.paths").textContent()).toContain("No skills-graph paths");
  } else {
    const g = expectedGraph(ex.graphPaths);
    const svg = panel.locator("svg.graph-paths");
    expect(await svg.count()).toBe(1);
    expect(new Set((await dataOf(svg.locator("g.node"), ["id"])).map((r) => r.id))).toEqual(g.nodes);
    const edges = await dataOf(svg.locator("g.edge"), ["from", "type", "to"]);
    expect(edges).toHaveLength(g.edges.size);
    expect(new Set(edges.map((e) => `${e.from} ${e.type} ${e.to}`))).toEqual(g.edges);
    for (const label of await svg.locator("g.edge > text").allTextContents()) expect(label).toMatch(/^(RELATED_TO|BROADER_THAN) /);
    expect(await panel.locator("ul.path-list li").count()).toBe(ex.graphPaths.length);
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`inspector e2e: ${CHROMIUM} is missing; install it with \`apt-get install -y chromium\` (CI installs it)`);
  }
  mkdirSync(SHOTS, { recursive: true });
  await generateDemo({ outDir: input, freelancers: 300, jobs: 100, seed: 11 });
  const config: Config = loadConfig({
    env: {},
    overrides: { dataDir, model: inject("tinyModelDir"), logLevel: "silent", port: 0, host: "127.0.0.1" },
  });
  await ingestInto(config, input);
  server = await startServer(config, { handleSignals: false });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
});

afterEach(() => {
  const problems = pageProblems;
  pageProblems = [];
  expect(problems, "the page ran without script errors or CSP refusals").toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("ranking inspector page", () => {
  it("is served by the API's app at /inspect with a strict CSP and its assets", async () => {
    const bare = await fetch(`${server.origin}/inspect?mode=searchJobs&q=x`, { redirect: "manual" });
    expect(bare.status).toBe(302);
    expect(bare.headers.get("location")).toBe("/inspect/?mode=searchJobs&q=x");
    const page = await fetch(`${server.origin}/inspect/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).toContain('<meta name="talentgraph-graphql" content="/graphql">');
    expect(html).not.toContain("%GRAPHQL_PATH%");
    const raw = await fetch(`${server.origin}/inspect/index.html`, { redirect: "manual" });
    expect(raw.status).toBe(302);
    for (const asset of ["main.js", "views.js", "inspector.css"]) {
      const r = await fetch(`${server.origin}/inspect/${asset}`);
      expect(r.status, asset).toBe(200);
      expect(r.headers.get("content-type"), asset).toMatch(asset.endsWith(".js") ? /javascript/ : /text\/css/);
    }
    expect((await fetch(`${server.origin}/inspect/nope.js`)).status).toBe(404);
  });

  it("ranks a query and explains a hit: every channel, fusion, reranker, skills and graph paths", async () => {
    const page = await newPage();
    await open(page);
    const profiles = await gql<{ rankProfiles: Array<{ name: string }> }>("{ rankProfiles { name } }");
    const offered: Array<string | null> = [];
    for (const option of await page.locator("#profile-a option").all()) offered.push(await option.getAttribute("value"));
    expect(offered).toEqual(profiles.data.rankProfiles.map((p) => p.name));

    const q = "senior react developer with typescript";
    await page.selectOption("#mode", "searchFreelancers");
    await page.fill("#q", q);
    await page.selectOption("#profile-a", "hybrid");
    await rank(page);
    const want = await searchFreelancers(q, "hybrid");
    expect(want).toHaveLength(10);
    expect(await page.locator("#status").getAttribute("data-state")).toBe("done");

    const hits = page.locator('.ranking[data-slot="a"] li.hit');
    const shown = await dataOf(hits, ["id", "rank", "score"]);
    expect(shown.map((h) => h.id)).toEqual(want.map((e) => e.node.id));
    expect(shown.map((h) => Number(h.rank))).toEqual(want.map((e) => e.rank));
    expect(shown.map((h) => Number(h.score))).toEqual(want.map((e) => e.score));
    expect(await hits.locator(".rank").allTextContents()).toEqual(want.map((e) => `#${e.rank}`));
    expect(await hits.locator(".score").allTextContents()).toEqual(want.map((e) => String(Number(e.score.toPrecision(4)))));
    expect(await hits.locator(".bar .fill").count()).toBe(10);
    expect(await page.locator(".panel:not([hidden])").count()).toBe(0);

    // Open the best hit with graph paths: text search never runs the collaborative channel, so its
    // explanation also has a "not retrieved" channel with a note.
    const withPaths = want.find((e) => e.explanation.graphPaths.some((p) => p.steps.length > 0));
    expect(withPaths, "some hit reaches its skills over the graph").toBeDefined();
    const hit = hits.nth(withPaths!.rank - 1);
    await hit.locator("button.toggle").click();
    expect(await hit.locator("button.toggle").getAttribute("aria-expanded")).toBe("true");
    expect(withPaths!.explanation.channels.some((c) => !c.retrieved)).toBe(true);
    await expectExplanation(hit.locator(".panel"), withPaths!.explanation);
    expect(new URL(page.url()).searchParams.getAll("open")).toEqual([withPaths!.node.id]);
    await shot(page, "01-search-explained.png");

    // A hit without paths says so instead of drawing an empty graph.
    const without = want.find((e) => e.explanation.graphPaths.length === 0);
    if (without) {
      await hits.nth(without.rank - 1).locator("button.toggle").click();
      await expectExplanation(hits.nth(without.rank - 1).locator(".panel"), without.explanation);
    }
    // Collapsing hides the panel and drops it from the URL.
    await hit.locator("button.toggle").click();
    expect(await hit.locator(".panel").isHidden()).toBe(true);
    expect(new URL(page.url()).searchParams.getAll("open")).not.toContain(withPaths!.node.id);
    await page.close();
  });

  it("draws the reranker's contributions as a waterfall from the base value to the final score", async () => {
    // The reranker is whatever the server runs; to check the drawing whatever it is, rewrite the
    // first hit's reranker part in the API's answer (and slip markup into it: it must stay text).
    const page = await newPage();
    const base = 0.25;
    const contributions = [
      { feature: "fused_score", value: 1.2, contribution: 0.8 },
      { feature: "<script>window.__xss = 1</script>", value: null, contribution: -0.3 },
      { feature: "rate_fit", value: 0.5, contribution: 0.1 },
    ];
    await page.route("**/graphql", async (route) => {
      const response = await route.fetch();
      if (!(route.request().postData() ?? "").includes("query Inspect(")) return route.fulfill({ response });
      const body = (await response.json()) as { data: { ranking: { edges: Array<{ explanation: Record<string, unknown> }> } } };
      const first = body.data.ranking.edges[0]!.explanation;
      first.reranker = { model: "lambdamart-test@1", applied: true, score: 0.85, base, note: null, contributions };
      first.summary = '<img src="x" onerror="window.__xss = 2">';
      return route.fulfill({ response, json: body });
    });
    await open(page, "/?mode=searchFreelancers&q=python+data+scientist&p=hybrid");
    const hit = page.locator("li.hit").first();
    await hit.locator("button.toggle").click();
    const section = hit.locator("section.reranker");
    expect(await section.getAttribute("data-applied")).toBe("true");
    const steps = await dataOf(section.locator("svg.waterfall g.step"), ["kind", "feature"]);
    expect(steps.map((s) => s.kind)).toEqual(["base", "pos", "neg", "pos", "total"]);
    expect(steps.slice(1, 4).map((s) => s.feature)).toEqual(contributions.map((c) => c.feature));
    expect(await section.locator("svg.waterfall .value").allTextContents()).toEqual(["0.25", "+0.8", "-0.3", "+0.1", "0.85"]);
    expect(await section.locator("svg.waterfall .label").nth(2).textContent()).toContain("<script>window.__xss = 1</script>");
    expect(await section.locator("svg.waterfall g.step > title").nth(2).textContent()).toBe("<script>window.__xss = 1</script>: value missing, contribution -0.3");
    expect(await hit.locator(".summary").textContent()).toBe('<img src="x" onerror="window.__xss = 2">');
    expect(await page.locator("#results img, #results script").count()).toBe(0);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    await shot(page, "02-reranker-waterfall.png");
    await page.close();
  });

  it("compares two profiles: side by side, with a diff matching both rankings fetched over GraphQL", async () => {
    const page = await newPage();
    await open(page);
    const q = "python data scientist";
    const [a, b] = ["hybrid", "keyword"];
    await page.fill("#q", q);
    await page.selectOption("#profile-a", a);
    await page.selectOption("#profile-b", b);
    await rank(page);
    const [wantA, wantB] = [await searchFreelancers(q, a), await searchFreelancers(q, b)];

    const col = (slot: string): Locator => page.locator(`.ranking[data-slot="${slot}"] li.hit`);
    expect((await dataOf(col("a"), ["id"])).map((r) => r.id)).toEqual(wantA.map((e) => e.node.id));
    expect((await dataOf(col("b"), ["id"])).map((r) => r.id)).toEqual(wantB.map((e) => e.node.id));

    // The diff, worked out here from the two rankings.
    const rankA = new Map(wantA.map((e) => [e.node.id, e.rank]));
    const inB = new Set(wantB.map((e) => e.node.id));
    const expected = [
      ...wantB.map((e) => {
        const ra = rankA.get(e.node.id);
        if (ra === undefined) return { id: e.node.id, change: "entered", "rank-a": "", "rank-b": String(e.rank), delta: "" };
        const d = ra - e.rank;
        return { id: e.node.id, change: d > 0 ? "up" : d < 0 ? "down" : "same", "rank-a": String(ra), "rank-b": String(e.rank), delta: String(d) };
      }),
      ...wantA.filter((e) => !inB.has(e.node.id)).map((e) => ({ id: e.node.id, change: "left", "rank-a": String(e.rank), "rank-b": "", delta: "" })),
    ];
    const changes = new Set(expected.map((r) => r.change));
    expect(changes.has("entered") && changes.has("left") && (changes.has("up") || changes.has("down")), "the two profiles disagree enough to test").toBe(true);
    expect(await dataOf(page.locator(".diff tbody tr"), ["id", "change", "rank-a", "rank-b", "delta"])).toEqual(expected);
    const count = (c: string): string => String(expected.filter((r) => r.change === c).length);
    const summary = page.locator(".diff-summary");
    for (const c of ["up", "down", "same", "entered", "left"]) expect(await summary.getAttribute(`data-${c}`), c).toBe(count(c));
    // B's column marks each hit with its move; A's marks those that left.
    expect((await dataOf(col("b"), ["change"])).map((r) => r.change)).toEqual(expected.filter((r) => r["rank-b"] !== "").map((r) => r.change));
    expect(await col("b").locator(".move").allTextContents()).toEqual(
      expected.filter((r) => r["rank-b"] !== "").map((r) => (r.change === "entered" ? "new" : r.change === "same" ? "=" : `${r.change === "up" ? "▲" : "▼"}${Math.abs(Number(r.delta))}`)),
    );
    expect(await page.locator('.ranking[data-slot="a"] li.hit.change-left').count()).toBe(Number(count("left")));

    // Opening a hit ranked by both opens its explanation under each profile.
    const both = wantB.find((e) => rankA.has(e.node.id))!;
    await page.locator(`.diff tr[data-id="${both.node.id}"] button`).click();
    const panels = page.locator(".panel:not([hidden])");
    expect(await panels.count()).toBe(2);
    await expectExplanation(panels.nth(0), wantA.find((e) => e.node.id === both.node.id)!.explanation);
    await expectExplanation(panels.nth(1), both.explanation);
    expect(await panels.nth(1).locator("tr.channel").count()).toBe(1);
    await shot(page, "03-compare-explained.png");
    await page.close();
  });

  it("restores mode, id, filters, profiles, page size and open hits from a shared URL, and runs it", async () => {
    const jobId = "job-003";
    const filter = { available: true, minRating: 4 };
    const want = await recommendFreelancers(jobId, "hybrid", 15, filter);
    const wantB = await recommendFreelancers(jobId, "hybrid-rrf", 15, filter);
    expect(want.length).toBeGreaterThan(3);
    const openId = want[2]!.node.id;
    const page = await newPage();
    await open(page, `/?mode=recommendFreelancers&q=${jobId}&p=hybrid&p=hybrid-rrf&n=15&available=true&minRating=4&open=${openId}`);

    expect(await page.inputValue("#mode")).toBe("recommendFreelancers");
    expect(await page.locator("#q-label").textContent()).toBe("Job id");
    expect(await page.inputValue("#q")).toBe(jobId);
    expect(await page.inputValue("#profile-a")).toBe("hybrid");
    expect(await page.inputValue("#profile-b")).toBe("hybrid-rrf");
    expect(await page.inputValue("#first")).toBe("15");
    expect(await page.inputValue("#f-freelancers-available")).toBe("true");
    expect(await page.inputValue("#f-freelancers-minRating")).toBe("4");
    expect(await page.locator("#filters-freelancers").isVisible()).toBe(true);
    expect(await page.locator("#filters-jobs").isHidden()).toBe(true);

    expect((await dataOf(page.locator('.ranking[data-slot="a"] li.hit'), ["id"])).map((r) => r.id)).toEqual(want.map((e) => e.node.id));
    expect((await dataOf(page.locator('.ranking[data-slot="b"] li.hit'), ["id"])).map((r) => r.id)).toEqual(wantB.map((e) => e.node.id));
    const opened = page.locator(`li.hit.open`);
    expect(new Set((await dataOf(opened, ["id"])).map((r) => r.id))).toEqual(new Set([openId]));
    await expectExplanation(page.locator('.ranking[data-slot="a"] li.hit.open .panel'), want[2]!.explanation);
    await shot(page, "04-restored-from-url.png");

    // The page's own URL round-trips: opening it elsewhere shows the same view.
    const shared = page.url();
    const again = await newPage();
    await again.goto(shared);
    await again.locator("body[data-ready]").waitFor();
    await settled(again);
    expect(await dataOf(again.locator("li.hit"), ["id", "rank"])).toEqual(await dataOf(page.locator("li.hit"), ["id", "rank"]));
    expect(await dataOf(again.locator("li.hit.open"), ["id"])).toEqual(await dataOf(opened, ["id"]));
    await again.close();

    // A new request is a history entry; Back restores the previous one and reruns it.
    await page.selectOption("#mode", "searchJobs");
    await page.fill("#q", "python django backend");
    await page.selectOption("#profile-b", "");
    await rank(page);
    expect(new URL(page.url()).searchParams.get("mode")).toBe("searchJobs");
    expect(await page.locator(".ranking").count()).toBe(1);
    await page.goBack();
    await expect.poll(() => page.inputValue("#q")).toBe(jobId);
    await settled(page);
    expect((await dataOf(page.locator('.ranking[data-slot="a"] li.hit'), ["id"])).map((r) => r.id)).toEqual(want.map((e) => e.node.id));
    await page.close();
  });

  it("shows the API's errors with their code, a loading state, and empty results", async () => {
    const page = await newPage();
    await open(page);

    // Unknown job id (with markup in it: the message quotes it, as text).
    const badId = "<img src=x onerror=window.__xss=3>job-nope";
    const api = await gql<unknown>(`query($id: ID!) { recommendFreelancers(jobId: $id) { profile } }`, { id: badId });
    await page.selectOption("#mode", "recommendFreelancers");
    await page.fill("#q", badId);
    await rank(page);
    expect(await page.locator("#status").getAttribute("data-state")).toBe("error");
    const error = page.locator("#errors .error");
    expect(await error.count()).toBe(1);
    expect(await error.locator(".code").textContent()).toBe("NOT_FOUND");
    expect(await error.locator(".message").textContent()).toBe(api.errors![0]!.message);
    expect(api.errors![0]!.message).toContain(badId);
    expect(await page.locator("#errors img").count()).toBe(0);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    expect(await page.locator(".ranking.failed").count()).toBe(1);
    await shot(page, "05-error.png");

    // A contradictory filter: the API's INVALID_INPUT, for each profile asked, shown once.
    await page.selectOption("#mode", "searchFreelancers");
    await page.fill("#q", "react");
    await page.click("#filters-box summary");
    await page.fill("#f-freelancers-minHourlyRate", "90");
    await page.fill("#f-freelancers-maxHourlyRate", "20");
    await page.selectOption("#profile-b", "vector");
    await rank(page);
    expect(await error.locator(".code").allTextContents()).toEqual(["INVALID_INPUT"]);
    expect(await error.locator(".where").textContent()).toContain("vector");

    // Loading: hold the API's answer and look at the page meanwhile.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/graphql", async (route) => {
      await held;
      await route.continue();
    });
    await page.fill("#f-freelancers-minHourlyRate", "");
    await page.fill("#f-freelancers-maxHourlyRate", "");
    await page.selectOption("#profile-b", "");
    await page.click("#run");
    expect(await page.locator("#status").getAttribute("data-state")).toBe("loading");
    expect(await page.locator("#results").getAttribute("aria-busy")).toBe("true");
    release();
    await settled(page);
    await page.unroute("**/graphql");
    expect(await page.locator("#status").getAttribute("data-state")).toBe("done");
    expect(await page.locator("#results").getAttribute("aria-busy")).toBe("false");
    expect(await page.locator("#errors .error").count()).toBe(0);

    // The server failing outright (not JSON) is shown too.
    await page.route("**/graphql", (route) => route.fulfill({ status: 502, contentType: "text/plain", body: "Bad gateway" }));
    await rank(page);
    expect(await error.locator(".code").textContent()).toBe("HTTP_502");
    await page.unroute("**/graphql");

    // Empty results: a budget no job has.
    const empty = await gql<{ searchJobs: { edges: unknown[] } }>(`{ searchJobs(query: "react", filter: { minBudget: 100000000 }) { edges { rank } } }`);
    expect(empty.data.searchJobs.edges).toHaveLength(0);
    await page.selectOption("#mode", "searchJobs");
    await page.fill("#f-jobs-minBudget", "100000000");
    await rank(page);
    expect(await page.locator("#status").getAttribute("data-state")).toBe("empty");
    expect(await page.locator(".ranking .empty").textContent()).toContain("No results");
    expect(await page.locator("li.hit").count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("minBudget")).toBe("100000000");
    await shot(page, "06-empty.png");
    await page.close();
  });
});
