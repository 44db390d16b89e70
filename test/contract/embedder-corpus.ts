import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentProgress } from "../../src/core/progress.js";
import { buildStaticModel } from "../../src/embed/build-static-model.js";

/** ~50 marketplace sentences: enough vocabulary for a tiny static model built in seconds in tests. */
export const MARKETPLACE_CORPUS: readonly string[] = [
  "Senior React developer needed to build a SaaS dashboard",
  "Frontend JavaScript engineer with TypeScript and React experience",
  "Looking for a frontend developer to fix our JavaScript single page app",
  "Full stack engineer: Node.js backend, React frontend, PostgreSQL database",
  "Vue and Angular frontend work for an e-commerce website",
  "Web developer to build a Shopify store for a small fashion brand",
  "WordPress developer to customise a theme and speed up the website",
  "Mobile game developer for a Unity puzzle game on iOS and Android",
  "iOS developer with Swift experience for a fitness app",
  "Android engineer with Kotlin to maintain our mobile app",
  "Python data scientist to build machine learning models for churn prediction",
  "Machine learning engineer with PyTorch and deep learning experience",
  "Data analyst to create dashboards in Tableau and SQL reports",
  "Data engineer to build ETL pipelines on AWS with Spark",
  "DevOps engineer for Kubernetes, Docker and CI/CD pipelines",
  "Cloud architect to migrate servers to Azure",
  "Backend developer with Java and Spring Boot for a payments API",
  "Go engineer to write a high performance REST API",
  "QA engineer to write automated tests with Cypress and Selenium",
  "Security consultant for a penetration test of our web application",
  "Tax accountant for small business bookkeeping and annual tax returns",
  "Accountant needed for payroll, invoices and tax filing",
  "Bookkeeping in QuickBooks and Xero, monthly reconciliation",
  "Financial analyst to build a forecast model in Excel",
  "Chartered accountant to prepare financial statements and audit support",
  "Lawyer to review a commercial contract and terms of service",
  "Paralegal for legal research and contract drafting",
  "Wedding photographer for a summer ceremony and portraits",
  "Product photographer for e-commerce photos with white background",
  "Videographer and video editor for a corporate event film",
  "Graphic designer to create a logo and brand identity",
  "UI UX designer for a mobile app redesign in Figma",
  "Illustrator for a children's book with watercolour illustrations",
  "Copywriter for website copy and marketing emails",
  "Content writer for SEO blog posts about personal finance",
  "Technical writer to document our API and developer guides",
  "Translator from German to English for legal documents",
  "Spanish translator for a marketing website localisation",
  "Social media manager for Instagram and TikTok campaigns",
  "SEO specialist to improve Google rankings and keyword research",
  "Digital marketing expert for Google Ads and Facebook ads",
  "Virtual assistant for email management and calendar scheduling",
  "Customer support agent for live chat and help desk tickets",
  "Project manager with Scrum and Agile experience for a software team",
  "Business analyst to gather requirements and write user stories",
  "Recruiter to source software engineers for a startup",
  "Voice over artist for an explainer video",
  "Music producer to mix and master a pop song",
  "Interior designer for a small apartment renovation",
  "Architect to draw floor plans in AutoCAD",
  "Electrical engineer for PCB design and embedded firmware in C",
  "3D artist for Blender modelling and product rendering",
];

let built: Promise<{ modelDir: string; dir: string }> | undefined;

/**
 * The tiny static model of {@link MARKETPLACE_CORPUS} (real USE-lite teacher, ~800 tokens), built once
 * per test file; `removeMarketplaceModel` deletes it in afterAll.
 */
export function marketplaceModelDir(): Promise<string> {
  built ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tg-embed-marketplace-"));
    const { modelDir } = await buildStaticModel({
      corpus: MARKETPLACE_CORPUS,
      outDir: path.join(dir, "tiny-static"),
      maxVocab: 800,
      minCount: 1,
      progress: () => silentProgress,
    });
    return { modelDir, dir };
  })();
  return built.then((b) => b.modelDir);
}

export async function removeMarketplaceModel(): Promise<void> {
  if (built) await rm((await built).dir, { recursive: true, force: true });
}
