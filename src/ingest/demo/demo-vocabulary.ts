/**
 * Flavour text and market parameters for the demo marketplace: countries, names, business domains
 * and per-category wording. Pure data; `generate-demo.ts` draws from it with the seeded RNG.
 */

/** A country freelancers and clients come from. */
export interface Country {
  name: string;
  /** IANA zones; the first is the most common. */
  timezones: readonly string[];
  /** Multiplier on a category's base hourly rate (US = 1). */
  rateFactor: number;
  /** Relative share of freelancers. */
  freelancerWeight: number;
  /** Relative share of clients. */
  clientWeight: number;
  /** Languages besides English a freelancer from here usually lists. */
  languages: readonly string[];
  names: NameRegion;
}

type NameRegion = "anglo" | "hispanic" | "lusophone" | "german" | "french" | "slavic" | "south-asian" | "filipino" | "east-asian" | "vietnamese" | "african" | "arabic" | "turkish" | "italian" | "dutch" | "romanian";

/** First and last names per region (real, common names). */
export const NAMES: Record<NameRegion, { first: readonly string[]; last: readonly string[] }> = {
  anglo: {
    first: ["James", "Emily", "Michael", "Sarah", "David", "Jessica", "Daniel", "Ashley", "Ryan", "Hannah", "Matthew", "Olivia", "Chris", "Megan", "Andrew", "Laura"],
    last: ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Clark", "Walker", "Hall", "Wright"],
  },
  hispanic: {
    first: ["Carlos", "María", "José", "Lucía", "Juan", "Valentina", "Diego", "Camila", "Andrés", "Sofía", "Luis", "Daniela", "Javier", "Paula", "Mateo", "Gabriela"],
    last: ["García", "Rodríguez", "Martínez", "López", "González", "Hernández", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Castro"],
  },
  lusophone: {
    first: ["João", "Ana", "Pedro", "Beatriz", "Lucas", "Mariana", "Gabriel", "Juliana", "Rafael", "Larissa", "Thiago", "Fernanda", "Bruno", "Camila", "Felipe", "Letícia"],
    last: ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Costa", "Ferreira", "Almeida", "Carvalho", "Ribeiro", "Gomes", "Martins", "Rocha", "Barbosa", "Araújo"],
  },
  german: {
    first: ["Lukas", "Anna", "Jonas", "Lena", "Felix", "Laura", "Maximilian", "Julia", "Leon", "Sophie", "Paul", "Katharina", "Tobias", "Miriam", "Florian", "Sarah"],
    last: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Braun"],
  },
  french: {
    first: ["Louis", "Camille", "Hugo", "Léa", "Julien", "Manon", "Antoine", "Chloé", "Thomas", "Inès", "Nicolas", "Sarah", "Maxime", "Clara", "Romain", "Élodie"],
    last: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Fontaine"],
  },
  slavic: {
    first: ["Oleksandr", "Olena", "Dmytro", "Iryna", "Andrii", "Kateryna", "Piotr", "Agnieszka", "Tomasz", "Katarzyna", "Marko", "Jelena", "Nikola", "Milica", "Maksym", "Anastasiia"],
    last: ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Jovanović", "Petrović", "Nikolić", "Marković", "Melnyk", "Kravchenko", "Lewandowski", "Popović"],
  },
  "south-asian": {
    first: ["Rahul", "Priya", "Amit", "Sneha", "Arjun", "Ananya", "Vikram", "Pooja", "Rohan", "Neha", "Imran", "Ayesha", "Sanjay", "Kavya", "Faisal", "Nusrat"],
    last: ["Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Khan", "Ahmed", "Hossain", "Chowdhury", "Das", "Mehta", "Joshi", "Malik"],
  },
  filipino: {
    first: ["Mark", "Maria", "John Paul", "Kristine", "Jerome", "Angelica", "Christian", "Joy", "Carlo", "Mae", "Paolo", "Rhea", "Miguel", "Jasmine", "Ramon", "Liza"],
    last: ["Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Villanueva", "Ramos", "Aquino", "Castillo", "Dela Cruz", "Navarro", "Soriano", "Pascual"],
  },
  "east-asian": {
    first: ["Wei", "Li", "Jun", "Mei", "Hao", "Xin", "Yuki", "Haruto", "Sakura", "Kenji", "Min-jun", "Ji-woo", "Seo-yeon", "Hiroshi", "Yan", "Lin"],
    last: ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Sato", "Suzuki", "Takahashi", "Tanaka", "Kim", "Lee", "Park", "Choi"],
  },
  vietnamese: {
    first: ["Minh", "Linh", "Huy", "Trang", "Duc", "Thao", "Quang", "Lan", "Tuan", "Hoa", "Khoa", "Mai", "Nam", "Ngoc", "Phuc", "Vy"],
    last: ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ho", "Ngo", "Duong", "Ly", "Truong", "Vo"],
  },
  african: {
    first: ["Chinedu", "Ngozi", "Emeka", "Aisha", "Tunde", "Amaka", "Kwame", "Wanjiru", "Kofi", "Achieng", "Oluwaseun", "Zainab", "Brian", "Faith", "Samuel", "Grace"],
    last: ["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Mensah", "Otieno", "Kamau", "Mwangi", "Njoroge", "Abubakar", "Nwosu", "Ochieng", "Boateng", "Dlamini", "Nkosi"],
  },
  arabic: {
    first: ["Ahmed", "Fatima", "Mohamed", "Mariam", "Omar", "Nour", "Youssef", "Salma", "Khaled", "Hana", "Mostafa", "Layla", "Karim", "Yasmin", "Tarek", "Dina"],
    last: ["Hassan", "Ali", "Mahmoud", "Ibrahim", "Mostafa", "Abdelrahman", "Saleh", "Fathy", "Nasser", "Youssef", "Kamal", "Fouad", "Sayed", "Amin", "Farouk", "Gamal"],
  },
  turkish: {
    first: ["Mehmet", "Ayşe", "Emre", "Zeynep", "Burak", "Elif", "Can", "Selin", "Murat", "Deniz", "Oğuz", "Ece", "Kerem", "Büşra", "Serkan", "Merve"],
    last: ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara"],
  },
  italian: {
    first: ["Marco", "Giulia", "Luca", "Francesca", "Alessandro", "Chiara", "Matteo", "Sara", "Andrea", "Martina", "Davide", "Elena", "Simone", "Valentina", "Federico", "Silvia"],
    last: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano"],
  },
  dutch: {
    first: ["Daan", "Emma", "Sem", "Sanne", "Thijs", "Lotte", "Bram", "Fleur", "Jesse", "Anouk", "Ruben", "Iris", "Lars", "Eva", "Niels", "Femke"],
    last: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks"],
  },
  romanian: {
    first: ["Andrei", "Ioana", "Alexandru", "Elena", "Mihai", "Andreea", "Ionuț", "Maria", "Cristian", "Alina", "Bogdan", "Raluca", "Vlad", "Diana", "Radu", "Bianca"],
    last: ["Popescu", "Ionescu", "Popa", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei", "Constantin", "Marin", "Tudor", "Dobre", "Barbu", "Nistor", "Florea", "Munteanu"],
  },
};

/** Countries with realistic zones, rate levels and marketplace shares (rough, for a plausible mix). */
export const COUNTRIES: readonly Country[] = [
  { name: "United States", timezones: ["America/New_York", "America/Chicago", "America/Los_Angeles", "America/Denver"], rateFactor: 1.0, freelancerWeight: 12, clientWeight: 45, languages: [], names: "anglo" },
  { name: "United Kingdom", timezones: ["Europe/London"], rateFactor: 0.9, freelancerWeight: 4, clientWeight: 10, languages: [], names: "anglo" },
  { name: "Canada", timezones: ["America/Toronto", "America/Vancouver"], rateFactor: 0.9, freelancerWeight: 3, clientWeight: 6, languages: ["French"], names: "anglo" },
  { name: "Australia", timezones: ["Australia/Sydney", "Australia/Melbourne"], rateFactor: 0.9, freelancerWeight: 2, clientWeight: 5, languages: [], names: "anglo" },
  { name: "Germany", timezones: ["Europe/Berlin"], rateFactor: 0.85, freelancerWeight: 2, clientWeight: 5, languages: ["German"], names: "german" },
  { name: "France", timezones: ["Europe/Paris"], rateFactor: 0.8, freelancerWeight: 2, clientWeight: 3, languages: ["French"], names: "french" },
  { name: "Netherlands", timezones: ["Europe/Amsterdam"], rateFactor: 0.85, freelancerWeight: 1, clientWeight: 3, languages: ["Dutch", "German"], names: "dutch" },
  { name: "Spain", timezones: ["Europe/Madrid"], rateFactor: 0.6, freelancerWeight: 2, clientWeight: 2, languages: ["Spanish"], names: "hispanic" },
  { name: "Italy", timezones: ["Europe/Rome"], rateFactor: 0.6, freelancerWeight: 1, clientWeight: 2, languages: ["Italian"], names: "italian" },
  { name: "Poland", timezones: ["Europe/Warsaw"], rateFactor: 0.55, freelancerWeight: 3, clientWeight: 1, languages: ["Polish"], names: "slavic" },
  { name: "Ukraine", timezones: ["Europe/Kyiv"], rateFactor: 0.45, freelancerWeight: 5, clientWeight: 1, languages: ["Ukrainian"], names: "slavic" },
  { name: "Serbia", timezones: ["Europe/Belgrade"], rateFactor: 0.45, freelancerWeight: 2, clientWeight: 0.5, languages: ["Serbian"], names: "slavic" },
  { name: "Romania", timezones: ["Europe/Bucharest"], rateFactor: 0.45, freelancerWeight: 2, clientWeight: 0.5, languages: ["Romanian"], names: "romanian" },
  { name: "Turkey", timezones: ["Europe/Istanbul"], rateFactor: 0.35, freelancerWeight: 2, clientWeight: 0.5, languages: ["Turkish"], names: "turkish" },
  { name: "India", timezones: ["Asia/Kolkata"], rateFactor: 0.3, freelancerWeight: 18, clientWeight: 3, languages: ["Hindi"], names: "south-asian" },
  { name: "Pakistan", timezones: ["Asia/Karachi"], rateFactor: 0.25, freelancerWeight: 7, clientWeight: 0.5, languages: ["Urdu"], names: "south-asian" },
  { name: "Bangladesh", timezones: ["Asia/Dhaka"], rateFactor: 0.22, freelancerWeight: 5, clientWeight: 0.3, languages: ["Bengali"], names: "south-asian" },
  { name: "Philippines", timezones: ["Asia/Manila"], rateFactor: 0.25, freelancerWeight: 9, clientWeight: 0.5, languages: ["Filipino"], names: "filipino" },
  { name: "Vietnam", timezones: ["Asia/Ho_Chi_Minh"], rateFactor: 0.3, freelancerWeight: 2, clientWeight: 0.3, languages: ["Vietnamese"], names: "vietnamese" },
  { name: "China", timezones: ["Asia/Shanghai"], rateFactor: 0.4, freelancerWeight: 2, clientWeight: 1, languages: ["Mandarin Chinese"], names: "east-asian" },
  { name: "Japan", timezones: ["Asia/Tokyo"], rateFactor: 0.8, freelancerWeight: 0.5, clientWeight: 1, languages: ["Japanese"], names: "east-asian" },
  { name: "Nigeria", timezones: ["Africa/Lagos"], rateFactor: 0.25, freelancerWeight: 4, clientWeight: 0.3, languages: ["Yoruba"], names: "african" },
  { name: "Kenya", timezones: ["Africa/Nairobi"], rateFactor: 0.25, freelancerWeight: 3, clientWeight: 0.3, languages: ["Swahili"], names: "african" },
  { name: "Egypt", timezones: ["Africa/Cairo"], rateFactor: 0.3, freelancerWeight: 3, clientWeight: 0.5, languages: ["Arabic"], names: "arabic" },
  { name: "South Africa", timezones: ["Africa/Johannesburg"], rateFactor: 0.45, freelancerWeight: 1, clientWeight: 0.5, languages: ["Afrikaans"], names: "african" },
  { name: "Brazil", timezones: ["America/Sao_Paulo"], rateFactor: 0.4, freelancerWeight: 4, clientWeight: 1, languages: ["Portuguese"], names: "lusophone" },
  { name: "Argentina", timezones: ["America/Argentina/Buenos_Aires"], rateFactor: 0.4, freelancerWeight: 3, clientWeight: 0.5, languages: ["Spanish"], names: "hispanic" },
  { name: "Mexico", timezones: ["America/Mexico_City"], rateFactor: 0.45, freelancerWeight: 2, clientWeight: 1, languages: ["Spanish"], names: "hispanic" },
  { name: "Colombia", timezones: ["America/Bogota"], rateFactor: 0.4, freelancerWeight: 2, clientWeight: 0.5, languages: ["Spanish"], names: "hispanic" },
];

/** Business domains clients work in. */
export const DOMAINS: readonly string[] = [
  "fintech", "healthcare", "e-commerce", "edtech", "SaaS", "real estate", "logistics", "travel", "media",
  "gaming", "nonprofit", "legal tech", "insurance", "automotive", "renewable energy", "retail", "hospitality",
  "marketing agency", "biotech", "food delivery", "fitness", "HR tech", "cybersecurity", "construction",
];

/** Company-name parts for clients. */
export const COMPANY_PREFIXES: readonly string[] = [
  "Blue", "North", "Bright", "Summit", "Apex", "Silver", "Green", "Nova", "Urban", "Pacific", "Harbor", "Iron",
  "Clear", "Red", "Golden", "Atlas", "Swift", "Maple", "Cedar", "Quantum", "Lumen", "Vertex", "Orbit", "Pixel",
];
export const COMPANY_SUFFIXES: readonly string[] = [
  "Labs", "Digital", "Health", "Logistics", "Ventures", "Studio", "Systems", "Group", "Partners", "Analytics",
  "Media", "Commerce", "Solutions", "Works", "Capital", "Foods", "Learning", "Realty", "Travel", "Networks",
];

/** How a category reads in titles and texts, and what its work costs. */
export interface CategoryFlavour {
  /** Relative share of freelancers and jobs. */
  share: number;
  /** Typical US hourly rate of a mid-level freelancer, USD. */
  baseRate: number;
  /** Noun after skill names in titles: "React & TypeScript Developer". */
  noun: string;
  /** Standalone role titles: "Full-Stack Engineer". */
  roles: readonly string[];
  /** Project noun phrases without article: "admin dashboard". */
  projects: readonly string[];
  /** Deliverable phrases for job descriptions. */
  deliverables: readonly string[];
}

/** Used for categories of a custom taxonomy the generator has no wording for. */
export const GENERIC_FLAVOUR: CategoryFlavour = {
  share: 2,
  baseRate: 35,
  noun: "Specialist",
  roles: ["Consultant", "Specialist", "Freelancer"],
  projects: ["project", "engagement", "initiative"],
  deliverables: ["a written summary of the work", "regular progress updates", "final files in an agreed format"],
};

export const CATEGORY_FLAVOURS: Readonly<Record<string, CategoryFlavour>> = {
  "web-frontend": {
    share: 12, baseRate: 55, noun: "Developer",
    roles: ["Frontend Developer", "Front-End Engineer", "Web Developer", "UI Engineer"],
    projects: ["admin dashboard", "customer portal", "marketing website", "single-page app", "booking widget", "analytics dashboard", "component library"],
    deliverables: ["a responsive UI that matches our Figma designs", "reusable, well-documented components", "unit and end-to-end tests", "a Lighthouse score above 90", "clean code in our GitHub repository"],
  },
  "web-backend": {
    share: 11, baseRate: 60, noun: "Developer",
    roles: ["Backend Developer", "Back-End Engineer", "Full-Stack Developer", "Software Engineer", "API Developer"],
    projects: ["REST API", "payments integration", "multi-tenant SaaS backend", "order management service", "internal tooling", "authentication service", "webhook platform"],
    deliverables: ["documented API endpoints", "automated tests with good coverage", "a deployment guide", "database migrations", "clean, reviewed pull requests"],
  },
  mobile: {
    share: 7, baseRate: 60, noun: "Developer",
    roles: ["Mobile Developer", "Mobile App Developer", "iOS Engineer", "Android Engineer"],
    projects: ["mobile app", "iOS and Android app", "fitness tracking app", "delivery app", "MVP app", "companion app"],
    deliverables: ["an app published to the App Store and Google Play", "source code and build instructions", "crash-free release builds", "push notification setup", "a handover call"],
  },
  "data-science": {
    share: 6, baseRate: 75, noun: "Data Scientist",
    roles: ["Data Scientist", "Machine Learning Engineer", "AI Engineer", "Data Analyst"],
    projects: ["churn prediction model", "demand forecast", "recommendation engine", "LLM chatbot", "document classification pipeline", "customer segmentation", "RAG assistant"],
    deliverables: ["a reproducible notebook", "a trained model with evaluation metrics", "a short report of findings", "a deployable inference API", "clear documentation of assumptions"],
  },
  "data-engineering": {
    share: 4, baseRate: 70, noun: "Data Engineer",
    roles: ["Data Engineer", "Analytics Engineer", "ETL Developer", "Web Scraping Specialist"],
    projects: ["data pipeline", "data warehouse", "ETL migration", "web scraper", "streaming pipeline", "reporting layer"],
    deliverables: ["scheduled, monitored pipelines", "documented data models", "data quality checks", "a clean dataset in CSV or our warehouse", "runbooks for operations"],
  },
  "devops-cloud": {
    share: 5, baseRate: 70, noun: "Engineer",
    roles: ["DevOps Engineer", "Cloud Engineer", "Site Reliability Engineer", "Cloud Architect"],
    projects: ["Kubernetes migration", "CI/CD pipeline", "cloud cost optimisation", "infrastructure as code setup", "monitoring stack", "AWS landing zone"],
    deliverables: ["infrastructure as code in our repository", "automated deployments", "dashboards and alerts", "a written architecture overview", "a security hardening checklist"],
  },
  databases: {
    share: 2, baseRate: 65, noun: "Database Specialist",
    roles: ["Database Administrator", "Database Engineer", "DBA", "Database Developer"],
    projects: ["database migration", "performance tuning engagement", "schema redesign", "replication setup", "backup and recovery plan"],
    deliverables: ["faster queries with before/after measurements", "a migration plan with rollback", "documented schema", "automated backups", "index recommendations"],
  },
  "qa-testing": {
    share: 3, baseRate: 40, noun: "QA Engineer",
    roles: ["QA Engineer", "Test Automation Engineer", "QA Tester", "SDET"],
    projects: ["regression test suite", "test automation framework", "release testing", "API test suite", "mobile app testing round"],
    deliverables: ["test plans and test cases", "an automated suite running in CI", "detailed bug reports", "a test coverage report", "a release sign-off"],
  },
  security: {
    share: 2, baseRate: 85, noun: "Security Specialist",
    roles: ["Security Engineer", "Penetration Tester", "Security Consultant", "Cybersecurity Analyst"],
    projects: ["penetration test", "security audit", "SOC 2 readiness review", "cloud security review", "incident investigation"],
    deliverables: ["a findings report ranked by severity", "remediation guidance", "a retest of fixed issues", "an executive summary", "policy templates"],
  },
  "ux-design": {
    share: 5, baseRate: 55, noun: "Designer",
    roles: ["Product Designer", "UX/UI Designer", "UX Designer", "UI Designer"],
    projects: ["app redesign", "SaaS dashboard design", "onboarding flow", "design system", "landing page", "mobile app UI"],
    deliverables: ["high-fidelity mockups in Figma", "a clickable prototype", "a component library", "user flows and wireframes", "a usability test report"],
  },
  "graphic-design": {
    share: 6, baseRate: 35, noun: "Designer",
    roles: ["Graphic Designer", "Brand Designer", "Illustrator", "Visual Designer"],
    projects: ["logo and brand identity", "pitch deck", "social media kit", "product packaging", "book cover", "brochure"],
    deliverables: ["source files (AI, PSD, Figma)", "a brand style guide", "print-ready PDFs", "three initial concepts and two revision rounds", "exports for web and social"],
  },
  "video-animation": {
    share: 5, baseRate: 40, noun: "Video Editor",
    roles: ["Video Editor", "Motion Designer", "Animator", "3D Artist"],
    projects: ["YouTube channel", "explainer video", "product launch video", "animated ad", "podcast series", "3D product render"],
    deliverables: ["edited videos in 4K and vertical formats", "motion graphics and captions", "colour-graded final cut", "project files", "thumbnails"],
  },
  writing: {
    share: 7, baseRate: 35, noun: "Writer",
    roles: ["Content Writer", "Copywriter", "Technical Writer", "Editor"],
    projects: ["blog", "website copy", "email sequence", "product documentation", "ebook", "case study series"],
    deliverables: ["original, plagiarism-free articles", "SEO-optimised drafts with meta descriptions", "two rounds of edits", "a content calendar", "copy delivered in Google Docs"],
  },
  translation: {
    share: 4, baseRate: 30, noun: "Translator",
    roles: ["Translator", "Localization Specialist", "Transcriptionist", "Subtitler"],
    projects: ["website localization", "app localization", "contract translation", "video subtitles", "interview transcription", "marketing materials translation"],
    deliverables: ["accurate translations reviewed by a native speaker", "a glossary of key terms", "SRT subtitle files", "files in the original format", "a consistent terminology base"],
  },
  marketing: {
    share: 7, baseRate: 45, noun: "Marketer",
    roles: ["Digital Marketer", "SEO Specialist", "PPC Specialist", "Social Media Manager", "Growth Marketer"],
    projects: ["SEO strategy", "Google Ads campaign", "social media growth plan", "email automation", "product launch campaign", "content strategy"],
    deliverables: ["a monthly performance report", "keyword and competitor research", "campaign setup and tracking", "A/B test results", "a 90-day plan"],
  },
  sales: {
    share: 3, baseRate: 30, noun: "Sales Specialist",
    roles: ["Lead Generation Specialist", "Sales Development Representative", "Business Development Manager", "Appointment Setter"],
    projects: ["B2B lead list", "outbound campaign", "CRM cleanup", "sales pipeline", "appointment setting program"],
    deliverables: ["verified leads in a spreadsheet", "booked qualified meetings", "an updated CRM", "outreach templates", "weekly pipeline reports"],
  },
  finance: {
    share: 3, baseRate: 50, noun: "Accountant",
    roles: ["Bookkeeper", "Accountant", "Financial Analyst", "CPA", "Finance Consultant"],
    projects: ["monthly bookkeeping", "financial model", "tax return", "investor-ready financials", "budget forecast", "accounting cleanup"],
    deliverables: ["reconciled accounts", "monthly P&L and balance sheet", "a three-statement financial model", "filed tax returns", "a variance analysis"],
  },
  legal: {
    share: 2, baseRate: 80, noun: "Legal Consultant",
    roles: ["Lawyer", "Attorney", "Legal Consultant", "Paralegal", "Contract Specialist"],
    projects: ["SaaS terms of service", "contract review", "trademark filing", "privacy policy", "shareholder agreement", "employment contracts"],
    deliverables: ["a drafted agreement", "a redlined contract with comments", "a legal memo", "filed applications", "a compliance checklist"],
  },
  admin: {
    share: 6, baseRate: 15, noun: "Assistant",
    roles: ["Virtual Assistant", "Executive Assistant", "Data Entry Specialist", "Administrative Assistant"],
    projects: ["inbox and calendar management", "data entry project", "CRM data cleanup", "research project", "spreadsheet automation"],
    deliverables: ["a tidy inbox and calendar", "accurate data in our spreadsheet", "a daily task report", "documented processes", "research summaries"],
  },
  "customer-support": {
    share: 4, baseRate: 15, noun: "Support Specialist",
    roles: ["Customer Support Agent", "Customer Service Representative", "Technical Support Specialist", "Customer Success Manager"],
    projects: ["customer support coverage", "help desk setup", "live chat support", "returns handling", "knowledge base"],
    deliverables: ["tickets answered within our SLA", "a weekly support summary", "updated help center articles", "escalation notes", "high CSAT scores"],
  },
  "game-dev": {
    share: 3, baseRate: 50, noun: "Game Developer",
    roles: ["Game Developer", "Gameplay Programmer", "Unity Developer", "Game Designer", "Technical Artist"],
    projects: ["mobile game", "VR experience", "multiplayer prototype", "Roblox game", "2D platformer", "game level pack"],
    deliverables: ["a playable build", "source project and assets", "documented gameplay systems", "a performance pass on target devices", "bug fixes from playtesting"],
  },
  blockchain: {
    share: 2, baseRate: 80, noun: "Blockchain Developer",
    roles: ["Blockchain Developer", "Smart Contract Engineer", "Web3 Developer", "Solidity Developer"],
    projects: ["NFT marketplace", "token launch", "DeFi protocol", "smart contract audit", "dApp frontend", "staking platform"],
    deliverables: ["audited, tested smart contracts", "deployment scripts", "a web3 frontend", "a security report", "contract documentation"],
  },
  "embedded-iot": {
    share: 2, baseRate: 65, noun: "Embedded Engineer",
    roles: ["Embedded Systems Engineer", "Firmware Engineer", "IoT Developer", "Hardware Engineer", "Electronics Engineer"],
    projects: ["IoT sensor device", "firmware update", "PCB prototype", "smart home device", "industrial controller", "BLE wearable"],
    deliverables: ["working firmware with source", "schematics and PCB files", "a bill of materials", "a test report on hardware", "over-the-air update support"],
  },
  "ecommerce-cms": {
    share: 7, baseRate: 35, noun: "Developer",
    roles: ["WordPress Developer", "Shopify Expert", "E-commerce Specialist", "Webflow Developer", "Amazon Seller Consultant"],
    projects: ["Shopify store", "WordPress website", "WooCommerce shop", "Webflow site", "Amazon listing optimisation", "store migration"],
    deliverables: ["a fast, mobile-friendly store", "configured payments and shipping", "product pages imported", "a training video for our team", "basic on-page SEO"],
  },
  "project-management": {
    share: 3, baseRate: 55, noun: "Project Manager",
    roles: ["Project Manager", "Product Manager", "Scrum Master", "Business Analyst", "Product Owner"],
    projects: ["product launch", "agile transformation", "software delivery project", "requirements specification", "roadmap planning"],
    deliverables: ["a project plan and timeline", "groomed backlog in Jira", "weekly status reports", "a requirements document", "retrospective notes"],
  },
};
