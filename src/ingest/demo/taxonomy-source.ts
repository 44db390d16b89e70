/**
 * Hand-curated source of the built-in demo taxonomy (`graph/taxonomy/`). `build-taxonomy.ts`
 * expands it into the committed JSONL; edit here, then re-run
 * `npx tsx src/ingest/demo/build-taxonomy.ts`.
 *
 * Skills are written one per line as `id | Name | alias, alias | description`, most popular first
 * within a category: the demo generator samples skills with a Zipf-like preference for the top of
 * the list, so the order matters.
 */

/** One freelance category: it becomes a `cat:<id>` skill that is BROADER_THAN each member. */
export interface CategorySource {
  /** Kebab slug; also the `category` field of every member skill. */
  id: string;
  /** Display name of the category. */
  name: string;
  /** Name of the category's root skill (e.g. "Frontend Development"). */
  root: string;
  rootAliases: string[];
  description: string;
  /** Categories whose freelancers and jobs commonly overlap with this one. */
  adjacent: string[];
  /** Skills from other categories that are everyday tools here (e.g. Python in data science). */
  common: string[];
  /** `id | Name | alias, alias | description` lines. */
  skills: string;
}

export const CATEGORY_SOURCES: readonly CategorySource[] = [
  {
    id: "web-frontend",
    name: "Web Frontend Development",
    root: "Frontend Development",
    rootAliases: ["Front-end Development", "Front End Development"],
    description: "Building the browser side of websites and web applications.",
    adjacent: ["web-backend", "ux-design", "ecommerce-cms", "mobile"],
    common: ["git", "rest-api", "graphql", "figma"],
    skills: `
javascript | JavaScript | JS, ECMAScript, ES6 | The programming language of the web, run in browsers and on servers.
react | React | ReactJS, React.js | Component-based JavaScript library for building user interfaces.
typescript | TypeScript | TS | Statically typed superset of JavaScript.
html | HTML | HTML5 | Markup language for structuring web pages.
css | CSS | CSS3 | Style sheet language for the presentation of web pages.
next-js | Next.js | NextJS, Next | React framework with server-side rendering and static generation.
vue-js | Vue.js | Vue, VueJS | Progressive JavaScript framework for building user interfaces.
angular | Angular | Angular 2+, Angular framework | TypeScript web application framework from Google.
redux | Redux | Redux Toolkit, RTK | Predictable state container for JavaScript apps.
tailwind-css | Tailwind CSS | Tailwind, TailwindCSS | Utility-first CSS framework.
responsive-design | Responsive Web Design | RWD, Mobile-first design | Layouts that adapt to any screen size.
sass | Sass | SCSS | CSS preprocessor with variables, nesting and mixins.
jquery | jQuery |  | Classic JavaScript library for DOM manipulation and AJAX.
bootstrap | Bootstrap | Twitter Bootstrap | Popular CSS framework with ready-made responsive components.
svelte | Svelte | SvelteKit, Svelte.js | Compiler-based UI framework with minimal runtime.
nuxt | Nuxt | Nuxt.js, NuxtJS | Vue framework with server-side rendering.
vite | Vite | ViteJS | Fast frontend build tool and dev server.
webpack | Webpack |  | JavaScript module bundler.
web-accessibility | Web Accessibility | a11y, WCAG | Making web content usable by people with disabilities.
three-js | Three.js | ThreeJS | 3D graphics in the browser on top of WebGL.
apollo-client | Apollo Client | Apollo | GraphQL client with caching for JavaScript apps.
`,
  },
  {
    id: "web-backend",
    name: "Web Backend Development",
    root: "Backend Development",
    rootAliases: ["Back-end Development", "Server-side Development"],
    description: "Server-side applications, APIs and business logic.",
    adjacent: ["web-frontend", "databases", "devops-cloud", "data-engineering"],
    common: ["postgresql", "mysql", "mongodb", "redis", "docker", "git", "sql", "aws"],
    skills: `
node-js | Node.js | NodeJS, Node | JavaScript runtime for building server-side applications.
python | Python | Python 3, py | General-purpose language popular for web, scripting and data work.
rest-api | REST API | RESTful API, REST | Designing and building resource-oriented HTTP APIs.
php | PHP |  | Server-side scripting language powering much of the web.
java | Java | Java SE, Java EE | Object-oriented language for enterprise back ends.
express | Express | Express.js, ExpressJS | Minimal web framework for Node.js.
django | Django | Django REST Framework, DRF | Batteries-included Python web framework.
laravel | Laravel |  | PHP web framework with expressive syntax.
c-sharp | C# | CSharp, C Sharp | Microsoft's object-oriented language for .NET.
dotnet | .NET | DotNet, .NET Core | Microsoft's cross-platform development platform.
spring-boot | Spring Boot | Spring, Spring Framework | Convention-over-configuration Java framework.
go | Go | Golang | Compiled language from Google built for concurrency.
graphql | GraphQL | GQL | Query language and runtime for APIs.
flask | Flask |  | Lightweight Python web framework.
fastapi | FastAPI |  | Modern async Python API framework with type hints.
ruby-on-rails | Ruby on Rails | Rails, RoR | Ruby web framework favouring convention over configuration.
ruby | Ruby |  | Dynamic language focused on developer happiness.
nestjs | NestJS | Nest.js | Structured TypeScript framework for Node.js servers.
asp-net | ASP.NET | ASP.NET Core, ASP.NET MVC | Web framework for .NET.
microservices | Microservices | Microservice architecture | Architecture of small independently deployable services.
api-integration | API Integration | Third-party API integration | Connecting applications to external APIs and webhooks.
rust | Rust |  | Memory-safe systems language without a garbage collector.
symfony | Symfony |  | PHP framework and reusable components.
websockets | WebSockets | WebSocket, Socket.IO | Real-time bidirectional communication over a single connection.
oauth | OAuth | OAuth 2.0, OpenID Connect | Delegated authorisation and single sign-on.
rabbitmq | RabbitMQ | AMQP | Message broker for asynchronous processing.
grpc | gRPC |  | High-performance RPC framework using Protocol Buffers.
elixir | Elixir | Phoenix Framework | Functional language on the Erlang VM.
`,
  },
  {
    id: "mobile",
    name: "Mobile App Development",
    root: "Mobile Development",
    rootAliases: ["Mobile App Development", "App Development"],
    description: "Native and cross-platform apps for iOS and Android.",
    adjacent: ["web-frontend", "ux-design", "web-backend", "game-dev"],
    common: ["git", "rest-api", "figma", "javascript", "typescript"],
    skills: `
react-native | React Native | RN | Cross-platform mobile apps with React.
flutter | Flutter |  | Google's cross-platform UI toolkit written in Dart.
ios-development | iOS Development | iOS, iPhone app development | Building apps for iPhone and iPad.
android-development | Android Development | Android, Android app development | Building apps for Android devices.
swift | Swift |  | Apple's language for iOS and macOS apps.
kotlin | Kotlin |  | Modern JVM language, the default for Android.
firebase | Firebase | Google Firebase | Backend-as-a-service: auth, database, hosting, messaging.
dart | Dart |  | Client-optimised language behind Flutter.
swiftui | SwiftUI |  | Declarative UI framework for Apple platforms.
jetpack-compose | Jetpack Compose | Compose | Declarative UI toolkit for Android.
objective-c | Objective-C | ObjC, Obj-C | Apple's original object-oriented language.
expo | Expo |  | Toolchain and services for React Native apps.
ionic | Ionic | Ionic Framework, Capacitor | Hybrid mobile apps with web technologies.
xamarin | Xamarin | Xamarin.Forms, .NET MAUI | Cross-platform mobile development with C#.
push-notifications | Push Notifications | FCM, APNs | Sending notifications to mobile devices.
in-app-purchases | In-App Purchases | IAP, In-app subscriptions | Monetising apps with store billing.
app-store-deployment | App Store Deployment | App Store submission, Google Play publishing | Releasing apps through Apple and Google stores.
`,
  },
  {
    id: "data-science",
    name: "Data Science & Machine Learning",
    root: "Data Science",
    rootAliases: ["Data Science and Machine Learning", "AI/ML"],
    description: "Statistics, machine learning and AI applied to business data.",
    adjacent: ["data-engineering", "web-backend", "databases"],
    common: ["python", "sql", "git", "aws", "docker", "postgresql"],
    skills: `
machine-learning | Machine Learning | ML | Algorithms that learn patterns from data.
data-analysis | Data Analysis | Data Analytics | Inspecting and modelling data to find insights.
pandas | pandas | Python pandas | Python library for tabular data manipulation.
deep-learning | Deep Learning | DL, Neural networks | Multi-layer neural networks for complex tasks.
nlp | Natural Language Processing | NLP, Text mining | Computational understanding of human language.
llm | Large Language Models | LLM, LLMs | Building applications on top of large language models.
statistics | Statistics | Statistical analysis | Inference, hypothesis testing and statistical modelling.
scikit-learn | scikit-learn | sklearn | Python machine-learning library.
pytorch | PyTorch | Torch | Deep-learning framework from Meta.
tensorflow | TensorFlow | TensorFlow 2 | Deep-learning framework from Google.
computer-vision | Computer Vision | Image recognition, Machine vision | Extracting information from images and video.
numpy | NumPy |  | Numerical computing with N-dimensional arrays.
data-visualization | Data Visualization | DataViz, Data visualisation | Presenting data in charts and dashboards.
generative-ai | Generative AI | GenAI | Models that generate text, images or audio.
power-bi | Power BI | PowerBI, Microsoft Power BI | Microsoft's business-intelligence dashboards.
tableau | Tableau |  | Interactive data visualisation and BI platform.
r | R | R language, RStudio | Language for statistical computing and graphics.
jupyter | Jupyter Notebook | Jupyter, JupyterLab | Interactive notebooks for analysis.
langchain | LangChain |  | Framework for composing LLM applications.
openai-api | OpenAI API | ChatGPT API, GPT API | Programmatic access to OpenAI models.
prompt-engineering | Prompt Engineering |  | Designing prompts that get reliable results from LLMs.
keras | Keras |  | High-level neural-network API.
hugging-face | Hugging Face Transformers | Hugging Face, Transformers | Library and hub of pretrained transformer models.
opencv | OpenCV |  | Open-source computer-vision library.
xgboost | XGBoost | Gradient boosting | Gradient-boosted decision trees.
time-series | Time Series Forecasting | Time series analysis | Modelling and predicting sequential data.
a-b-testing | A/B Testing | AB testing, Split testing | Controlled experiments to compare variants.
recommender-systems | Recommender Systems | Recommendation engines | Personalised ranking and recommendation.
matplotlib | Matplotlib | Seaborn | Python plotting libraries.
mlops | MLOps | ML engineering | Deploying, monitoring and maintaining ML models.
`,
  },
  {
    id: "data-engineering",
    name: "Data Engineering",
    root: "Data Engineering",
    rootAliases: ["Big Data Engineering"],
    description: "Pipelines, warehouses and the plumbing that moves data.",
    adjacent: ["data-science", "databases", "devops-cloud", "web-backend"],
    common: ["python", "postgresql", "aws", "google-cloud", "docker", "git"],
    skills: `
sql | SQL | Structured Query Language | Standard language for querying relational databases.
etl | ETL | ELT, Data pipelines | Extracting, transforming and loading data between systems.
web-scraping | Web Scraping | Data scraping, Web crawling | Extracting data from websites programmatically.
apache-spark | Apache Spark | Spark, PySpark | Distributed data processing engine.
data-warehousing | Data Warehousing | DWH, Data warehouse | Central analytical stores of integrated data.
apache-airflow | Apache Airflow | Airflow | Workflow orchestration for data pipelines.
snowflake | Snowflake |  | Cloud data warehouse.
bigquery | BigQuery | Google BigQuery | Google's serverless data warehouse.
dbt | dbt | data build tool | SQL-based transformation framework for analytics engineering.
apache-kafka | Apache Kafka | Kafka | Distributed event streaming platform.
databricks | Databricks |  | Lakehouse platform built on Spark.
data-modeling | Data Modeling | Dimensional modeling, Data modelling | Designing schemas for analytics and applications.
scrapy | Scrapy |  | Python framework for web crawling.
beautiful-soup | Beautiful Soup | BeautifulSoup, bs4 | Python library for parsing HTML.
amazon-redshift | Amazon Redshift | Redshift | AWS data warehouse.
hadoop | Apache Hadoop | Hadoop, HDFS | Distributed storage and batch processing.
scala | Scala |  | JVM language combining functional and object-oriented styles.
looker | Looker | LookML | BI platform with a semantic modelling layer.
apache-flink | Apache Flink | Flink | Stateful stream processing.
fivetran | Fivetran |  | Managed data ingestion connectors.
`,
  },
  {
    id: "devops-cloud",
    name: "DevOps & Cloud",
    root: "DevOps",
    rootAliases: ["DevOps Engineering", "Cloud Engineering"],
    description: "Infrastructure, deployment pipelines and cloud platforms.",
    adjacent: ["web-backend", "security", "data-engineering", "databases"],
    common: ["python", "go", "postgresql"],
    skills: `
aws | Amazon Web Services | AWS | Amazon's cloud computing platform.
docker | Docker | Dockerfile, Containerization | Packaging applications into containers.
linux | Linux | GNU/Linux, Linux administration | Open-source operating system and its administration.
kubernetes | Kubernetes | K8s, kube | Container orchestration platform.
git | Git | Version control | Distributed version control system.
ci-cd | CI/CD | CICD, Continuous integration, Continuous delivery | Automated build, test and deployment pipelines.
azure | Microsoft Azure | Azure | Microsoft's cloud platform.
google-cloud | Google Cloud Platform | GCP, Google Cloud | Google's cloud platform.
terraform | Terraform | HashiCorp Terraform | Infrastructure as code.
bash | Bash | Shell scripting, Shell | Unix shell and scripting language.
github-actions | GitHub Actions |  | CI/CD workflows built into GitHub.
nginx | Nginx | NGINX reverse proxy | Web server and reverse proxy.
ansible | Ansible |  | Agentless configuration management.
jenkins | Jenkins |  | Open-source automation server for CI.
aws-lambda | AWS Lambda | Lambda functions | Serverless compute on AWS.
serverless | Serverless | FaaS, Serverless Framework | Running code without managing servers.
gitlab-ci | GitLab CI | GitLab CI/CD | GitLab's built-in pipelines.
prometheus | Prometheus |  | Metrics collection and alerting.
grafana | Grafana |  | Dashboards for metrics and logs.
helm | Helm | Helm charts | Package manager for Kubernetes.
site-reliability | Site Reliability Engineering | SRE | Engineering practices for reliable production systems.
cloudflare | Cloudflare | Cloudflare Workers | CDN, DNS and edge platform.
vercel | Vercel |  | Frontend hosting and serverless platform.
amazon-s3 | Amazon S3 | S3 | AWS object storage.
amazon-ec2 | Amazon EC2 | EC2 | AWS virtual servers.
`,
  },
  {
    id: "databases",
    name: "Databases",
    root: "Database Administration",
    rootAliases: ["DBA", "Database Development"],
    description: "Designing, operating and tuning databases.",
    adjacent: ["web-backend", "data-engineering", "devops-cloud"],
    common: ["sql", "linux", "python"],
    skills: `
postgresql | PostgreSQL | Postgres, psql, PgSQL | Advanced open-source relational database.
mysql | MySQL |  | Widely used open-source relational database.
mongodb | MongoDB | Mongo | Document-oriented NoSQL database.
redis | Redis |  | In-memory key-value store and cache.
database-design | Database Design | Schema design | Structuring tables, keys and relationships.
microsoft-sql-server | Microsoft SQL Server | MSSQL, SQL Server, T-SQL | Microsoft's relational database.
sqlite | SQLite |  | Embedded relational database.
elasticsearch | Elasticsearch | Elastic Search, ELK Stack | Distributed search and analytics engine.
firestore | Cloud Firestore | Firestore | Firebase's document database.
dynamodb | Amazon DynamoDB | DynamoDB | AWS managed key-value and document database.
oracle-database | Oracle Database | Oracle DB, PL/SQL | Enterprise relational database.
query-optimization | Query Optimization | SQL tuning, Database performance tuning | Making slow queries fast.
supabase | Supabase |  | Open-source Firebase alternative built on Postgres.
mariadb | MariaDB |  | Community fork of MySQL.
prisma | Prisma | Prisma ORM | Type-safe ORM for Node.js and TypeScript.
neo4j | Neo4j | Cypher | Graph database with the Cypher query language.
cassandra | Apache Cassandra | Cassandra | Wide-column distributed database.
vector-databases | Vector Databases | Vector DB, Pinecone | Storing embeddings for similarity search.
`,
  },
  {
    id: "qa-testing",
    name: "QA & Testing",
    root: "Quality Assurance",
    rootAliases: ["QA", "Software Testing"],
    description: "Finding defects and automating checks before users do.",
    adjacent: ["web-frontend", "web-backend", "mobile"],
    common: ["javascript", "python", "java", "git", "jira"],
    skills: `
manual-testing | Manual Testing | Exploratory testing | Human-driven testing against test cases.
test-automation | Test Automation | Automated testing | Automating regression and functional tests.
selenium | Selenium | Selenium WebDriver | Browser automation for testing and scraping.
api-testing | API Testing |  | Verifying API behaviour and contracts.
cypress | Cypress | Cypress.io | End-to-end testing for web apps.
postman | Postman |  | API development and testing tool.
playwright | Playwright |  | Cross-browser automation and testing.
jest | Jest |  | JavaScript testing framework.
unit-testing | Unit Testing |  | Testing individual units of code in isolation.
performance-testing | Performance Testing | Load testing, Stress testing | Measuring behaviour under load.
jmeter | Apache JMeter | JMeter | Load-testing tool.
mobile-testing | Mobile App Testing | Mobile QA | Testing apps on devices and emulators.
appium | Appium |  | Mobile test automation framework.
pytest | pytest |  | Python testing framework.
tdd | Test-Driven Development | TDD | Writing tests before the code.
cucumber | Cucumber | BDD, Gherkin | Behaviour-driven development tool.
junit | JUnit |  | Java unit testing framework.
test-planning | Test Planning | Test plans, Test case design | Designing test strategy and cases.
`,
  },
  {
    id: "security",
    name: "Cybersecurity",
    root: "Cybersecurity",
    rootAliases: ["Information Security", "InfoSec"],
    description: "Protecting systems, networks and data.",
    adjacent: ["devops-cloud", "web-backend", "legal"],
    common: ["linux", "python", "bash", "aws"],
    skills: `
penetration-testing | Penetration Testing | Pentesting, Pen testing, Ethical hacking | Authorised simulated attacks.
network-security | Network Security | Firewall configuration | Protecting networks from intrusion.
vulnerability-assessment | Vulnerability Assessment | Vulnerability scanning | Finding and prioritising weaknesses.
application-security | Application Security | AppSec | Securing software through its lifecycle.
owasp | OWASP Top 10 | OWASP | The canonical list of web application risks.
cloud-security | Cloud Security |  | Securing cloud infrastructure and identities.
burp-suite | Burp Suite |  | Web application security testing toolkit.
identity-access-management | Identity and Access Management | IAM | Managing identities and permissions.
incident-response | Incident Response | DFIR, Digital forensics | Handling and investigating security incidents.
siem | SIEM | Security Information and Event Management | Centralised security monitoring.
iso-27001 | ISO 27001 | ISO/IEC 27001 | Information security management standard.
soc-2 | SOC 2 Compliance | SOC 2, SOC2 | Audit framework for service organisations.
wireshark | Wireshark |  | Network protocol analyser.
kali-linux | Kali Linux |  | Linux distribution for security testing.
metasploit | Metasploit |  | Exploitation framework.
nmap | Nmap |  | Network scanner.
splunk | Splunk |  | Log analytics and SIEM platform.
cryptography | Cryptography | Encryption | Securing data with cryptographic primitives.
malware-analysis | Malware Analysis | Reverse engineering | Dissecting malicious software.
`,
  },
  {
    id: "ux-design",
    name: "UX/UI Design",
    root: "Product Design",
    rootAliases: ["UX/UI Design", "UI/UX"],
    description: "Designing digital products people can use.",
    adjacent: ["web-frontend", "graphic-design", "mobile"],
    common: ["adobe-photoshop", "adobe-illustrator", "html", "css"],
    skills: `
ui-design | UI Design | User Interface Design | Visual design of screens and interactions.
figma | Figma |  | Collaborative interface design tool.
ux-design | UX Design | User Experience Design | Designing the end-to-end experience of a product.
web-design | Web Design | Website design | Designing websites and landing pages.
mobile-app-design | Mobile App Design | App UI design | Designing iOS and Android interfaces.
wireframing | Wireframing | Wireframes | Low-fidelity layouts of screens.
prototyping | Prototyping | Interactive prototypes | Clickable mock-ups to test ideas.
user-research | User Research | UX research | Interviews and studies to understand users.
adobe-xd | Adobe XD | XD | Adobe's UI design and prototyping tool.
design-systems | Design Systems | Component library design | Reusable components and design tokens.
landing-page-design | Landing Page Design |  | High-converting single-page designs.
usability-testing | Usability Testing | User testing | Watching users complete tasks with a design.
sketch | Sketch | Sketch App | macOS UI design tool.
interaction-design | Interaction Design | IxD | Designing behaviour and micro-interactions.
information-architecture | Information Architecture | Site mapping | Organising content and navigation.
framer | Framer |  | Design and publishing tool for interactive sites.
invision | InVision |  | Prototyping and collaboration tool.
`,
  },
  {
    id: "graphic-design",
    name: "Graphic Design",
    root: "Graphic Design",
    rootAliases: ["Visual Design"],
    description: "Logos, branding, print and visual communication.",
    adjacent: ["ux-design", "video-animation", "marketing"],
    common: ["figma"],
    skills: `
adobe-photoshop | Adobe Photoshop | Photoshop | Raster image editing and compositing.
logo-design | Logo Design | Logo creation | Designing marks and logotypes.
adobe-illustrator | Adobe Illustrator | Illustrator | Vector graphics editor.
canva | Canva |  | Browser-based design tool for quick graphics.
brand-identity | Brand Identity Design | Branding, Brand design | Visual identity systems and guidelines.
social-media-graphics | Social Media Graphics | Social media design | Posts, banners and ads for social platforms.
illustration | Illustration | Digital illustration | Drawn imagery for editorial and products.
photo-editing | Photo Editing | Photo retouching, Image editing | Retouching and correcting photographs.
adobe-indesign | Adobe InDesign | InDesign | Page layout for print and digital publishing.
presentation-design | Presentation Design | PowerPoint design, Pitch deck design | Designing slide decks.
print-design | Print Design | Print layout | Brochures, flyers and other printed matter.
infographics | Infographic Design | Infographics | Visualising information as graphics.
typography | Typography |  | Arranging type for legibility and style.
packaging-design | Packaging Design | Label design | Boxes, labels and product packaging.
vector-graphics | Vector Graphics | Vector art | Resolution-independent artwork.
book-cover-design | Book Cover Design |  | Covers for print and ebooks.
t-shirt-design | T-Shirt Design | Apparel design, Merch design | Artwork for printed apparel.
coreldraw | CorelDRAW | Corel | Vector graphics suite.
`,
  },
  {
    id: "video-animation",
    name: "Video & Animation",
    root: "Video Production",
    rootAliases: ["Video and Animation"],
    description: "Editing, motion graphics, animation and audio.",
    adjacent: ["graphic-design", "marketing", "game-dev"],
    common: ["adobe-photoshop", "adobe-illustrator"],
    skills: `
video-editing | Video Editing | Film editing | Cutting footage into a finished video.
adobe-premiere-pro | Adobe Premiere Pro | Premiere Pro, Premiere | Professional video editing software.
adobe-after-effects | Adobe After Effects | After Effects | Motion graphics and compositing.
motion-graphics | Motion Graphics | Motion design | Animated graphic design.
youtube-video-editing | YouTube Video Editing | YouTube editing | Editing for YouTube formats and retention.
2d-animation | 2D Animation | 2D animator | Frame-by-frame and rigged 2D animation.
3d-animation | 3D Animation | 3D animator | Animating 3D characters and scenes.
3d-modeling | 3D Modeling | 3D modelling | Creating 3D meshes for products, games and film.
blender | Blender | Blender 3D | Open-source 3D creation suite.
davinci-resolve | DaVinci Resolve | Resolve | Editing and colour grading suite.
explainer-video | Explainer Videos | Explainer video, Animated explainer | Short videos that explain a product.
final-cut-pro | Final Cut Pro | FCPX, Final Cut | Apple's video editor.
color-grading | Color Grading | Colour grading, Color correction | Adjusting colour and tone of footage.
voice-over | Voice Over | Voiceover, VO | Recorded narration.
audio-editing | Audio Editing | Sound editing, Audio production | Cleaning and mixing audio.
videography | Videography | Video shooting | Filming video on location.
cinema-4d | Cinema 4D | C4D | 3D motion graphics software.
autodesk-maya | Autodesk Maya | Maya | 3D animation and modelling software.
podcast-editing | Podcast Editing |  | Editing and mastering podcast episodes.
whiteboard-animation | Whiteboard Animation |  | Hand-drawn style explainer animation.
`,
  },
  {
    id: "writing",
    name: "Writing & Content",
    root: "Writing",
    rootAliases: ["Content Creation"],
    description: "Articles, copy, documentation and editing.",
    adjacent: ["marketing", "translation", "legal"],
    common: ["wordpress", "google-workspace", "seo"],
    skills: `
content-writing | Content Writing | Web content writing | Writing web pages and articles.
copywriting | Copywriting | Sales copy | Persuasive writing that sells.
blog-writing | Blog Writing | Blogging, Article writing | Blog posts and long-form articles.
proofreading | Proofreading |  | Catching typos, grammar and consistency errors.
seo-writing | SEO Writing | SEO content writing, SEO copywriting | Content optimised for search engines.
technical-writing | Technical Writing | Technical documentation | Manuals, guides and documentation.
copy-editing | Copy Editing | Copyediting, Line editing | Improving clarity, flow and correctness.
creative-writing | Creative Writing | Fiction writing | Stories, poems and narrative pieces.
ghostwriting | Ghostwriting | Ghost writing | Writing published under someone else's name.
product-descriptions | Product Description Writing | Product descriptions | Copy for e-commerce product pages.
email-copywriting | Email Copywriting | Email copy | Newsletters and email sequences.
resume-writing | Resume Writing | CV writing, Résumé writing | Resumes, cover letters and LinkedIn profiles.
scriptwriting | Scriptwriting | Script writing, Screenwriting | Scripts for video, film and podcasts.
academic-writing | Academic Writing | Research writing | Academic papers and research summaries.
grant-writing | Grant Writing | Grant proposals | Funding applications for nonprofits and research.
ux-writing | UX Writing | Microcopy | Interface text that guides users.
api-documentation | API Documentation | Developer documentation | Reference docs and guides for developers.
press-releases | Press Release Writing | Press releases, PR writing | News announcements for media.
white-papers | White Papers | Whitepaper writing | Authoritative long-form reports.
ebook-writing | eBook Writing | Book writing | Writing full-length ebooks.
`,
  },
  {
    id: "translation",
    name: "Translation & Localization",
    root: "Translation",
    rootAliases: ["Translation Services", "Translator"],
    description: "Translating, localising, transcribing and subtitling.",
    adjacent: ["writing", "customer-support", "video-animation"],
    common: ["proofreading", "copy-editing"],
    skills: `
en-es-translation | English to Spanish Translation | Spanish translation, EN-ES translation | Translating English into Spanish.
transcription | Transcription | Audio transcription | Converting audio and video to text.
en-fr-translation | English to French Translation | French translation, EN-FR translation | Translating English into French.
es-en-translation | Spanish to English Translation | ES-EN translation | Translating Spanish into English.
en-de-translation | English to German Translation | German translation, EN-DE translation | Translating English into German.
en-pt-translation | English to Portuguese Translation | Portuguese translation, Brazilian Portuguese translation | Translating English into Portuguese.
localization | Localization | L10n, Software localization | Adapting products for a locale.
subtitling | Subtitling | Subtitles, Captioning | Timed subtitles and captions.
en-zh-translation | English to Chinese Translation | Chinese translation, Mandarin translation | Translating English into Chinese.
en-ar-translation | English to Arabic Translation | Arabic translation | Translating English into Arabic.
en-ja-translation | English to Japanese Translation | Japanese translation | Translating English into Japanese.
en-it-translation | English to Italian Translation | Italian translation | Translating English into Italian.
en-ru-translation | English to Russian Translation | Russian translation | Translating English into Russian.
legal-translation | Legal Translation | Certified translation | Translating contracts and legal documents.
medical-translation | Medical Translation |  | Translating clinical and pharmaceutical content.
interpretation | Interpretation | Interpreting, Consecutive interpreting | Spoken-language interpreting.
sdl-trados | SDL Trados | Trados, Trados Studio | Computer-assisted translation tool.
mtpe | Machine Translation Post-Editing | MTPE, Post-editing | Correcting machine-translated text.
memoq | memoQ |  | Computer-assisted translation tool.
`,
  },
  {
    id: "marketing",
    name: "Digital Marketing & SEO",
    root: "Digital Marketing",
    rootAliases: ["Online Marketing", "Internet Marketing"],
    description: "Search, social, email and paid acquisition.",
    adjacent: ["writing", "sales", "graphic-design", "ecommerce-cms"],
    common: ["wordpress", "canva", "microsoft-excel", "a-b-testing"],
    skills: `
seo | Search Engine Optimization | SEO, Search engine optimisation | Ranking websites higher in organic search.
social-media-marketing | Social Media Marketing | SMM | Growing audiences on social platforms.
facebook-ads | Facebook Ads | Meta Ads, Facebook Advertising | Paid campaigns on Facebook and Instagram.
google-ads | Google Ads | AdWords, Google AdWords | Paid search and display campaigns.
email-marketing | Email Marketing | Email campaigns | Newsletters, automation and deliverability.
social-media-management | Social Media Management | Community management | Running brand accounts day to day.
content-marketing | Content Marketing |  | Attracting customers with useful content.
google-analytics | Google Analytics | GA4, Google Analytics 4 | Web analytics.
ppc | Pay-Per-Click Advertising | PPC, Paid search | Ads billed per click.
keyword-research | Keyword Research |  | Finding the search terms customers use.
marketing-strategy | Marketing Strategy | Digital marketing strategy | Planning channels, budgets and positioning.
link-building | Link Building | Backlinks, Backlink building | Earning links from other sites.
technical-seo | Technical SEO | SEO audit, Site audit | Crawlability, speed and structured data.
sem | Search Engine Marketing | SEM | Paid and organic search marketing.
mailchimp | Mailchimp |  | Email marketing platform.
klaviyo | Klaviyo |  | E-commerce email and SMS platform.
hubspot | HubSpot | HubSpot CRM | Marketing, sales and CRM platform.
conversion-rate-optimization | Conversion Rate Optimization | CRO | Increasing the share of visitors who convert.
google-tag-manager | Google Tag Manager | GTM | Managing tracking tags without code changes.
local-seo | Local SEO | Google Business Profile, Google My Business | Visibility in local search and maps.
influencer-marketing | Influencer Marketing |  | Campaigns with creators and influencers.
tiktok-marketing | TikTok Marketing | TikTok Ads | Organic and paid TikTok campaigns.
linkedin-marketing | LinkedIn Marketing | LinkedIn Ads | B2B marketing on LinkedIn.
affiliate-marketing | Affiliate Marketing | Affiliate programs | Commission-based partner marketing.
semrush | Semrush |  | SEO and competitive research suite.
ahrefs | Ahrefs |  | Backlink and keyword research tool.
app-store-optimization | App Store Optimization | ASO | Ranking apps higher in app stores.
`,
  },
  {
    id: "sales",
    name: "Sales & Business Development",
    root: "Sales",
    rootAliases: ["Sales and Business Development"],
    description: "Prospecting, outreach and closing deals.",
    adjacent: ["marketing", "admin", "customer-support"],
    common: ["microsoft-excel", "google-sheets", "hubspot"],
    skills: `
lead-generation | Lead Generation | Lead gen, B2B lead generation | Finding and qualifying prospects.
cold-calling | Cold Calling | Outbound calling | Phone prospecting.
b2b-sales | B2B Sales | Business-to-business sales | Selling to companies.
business-development | Business Development | BizDev | Finding partnerships and new markets.
cold-emailing | Cold Email Outreach | Cold emailing, Email outreach | Prospecting by email at scale.
appointment-setting | Appointment Setting |  | Booking qualified meetings for closers.
salesforce | Salesforce | Salesforce CRM, SFDC | Leading CRM platform.
crm-management | CRM Management | CRM, CRM administration | Keeping customer records and pipelines in order.
market-research | Market Research | Market analysis, Competitor analysis | Studying markets, customers and competitors.
linkedin-sales-navigator | LinkedIn Sales Navigator | Sales Navigator | LinkedIn prospecting tool.
sales-strategy | Sales Strategy | Sales planning | Designing targets, processes and playbooks.
telemarketing | Telemarketing | Telesales | Selling by phone.
account-management | Account Management | Key account management | Growing existing customer relationships.
pipedrive | Pipedrive |  | Pipeline-focused CRM.
zoho-crm | Zoho CRM | Zoho | CRM from Zoho.
apollo-io | Apollo.io | ApolloIO | Sales intelligence and outreach platform.
sales-presentations | Sales Presentations | Sales pitching | Pitching products to buyers.
`,
  },
  {
    id: "finance",
    name: "Accounting & Finance",
    root: "Accounting & Finance",
    rootAliases: ["Finance and Accounting"],
    description: "Bookkeeping, tax, financial analysis and modelling.",
    adjacent: ["admin", "legal", "data-science"],
    common: ["microsoft-excel", "google-sheets"],
    skills: `
bookkeeping | Bookkeeping |  | Recording day-to-day financial transactions.
quickbooks | QuickBooks | QuickBooks Online, QBO | Small-business accounting software.
accounting | Accounting | Financial accounting | Preparing and analysing financial records.
financial-modeling | Financial Modeling | Financial modelling, Financial models | Spreadsheet models of a business's finances.
financial-analysis | Financial Analysis |  | Assessing performance and viability.
xero | Xero |  | Cloud accounting software.
tax-preparation | Tax Preparation | Tax returns, Tax filing | Preparing and filing tax returns.
accounts-payable | Accounts Payable | A/P | Managing bills and supplier payments.
accounts-receivable | Accounts Receivable | A/R | Invoicing and collecting payments.
payroll | Payroll | Payroll processing | Paying employees and withholding taxes.
financial-reporting | Financial Reporting |  | Producing statements and management reports.
budgeting | Budgeting & Forecasting | Financial forecasting, Budgeting | Planning revenue and spending.
valuation | Business Valuation | Valuation, DCF | Estimating what a business is worth.
fractional-cfo | Fractional CFO | Virtual CFO, CFO services | Part-time senior finance leadership.
gaap | GAAP | US GAAP | US accounting standards.
ifrs | IFRS |  | International financial reporting standards.
auditing | Auditing | Financial audit | Independent examination of financial records.
sage | Sage Accounting | Sage, Sage 50 | Accounting software.
investment-research | Investment Research | Equity research | Researching securities and markets.
`,
  },
  {
    id: "legal",
    name: "Legal",
    root: "Legal Services",
    rootAliases: ["Law"],
    description: "Contracts, compliance, intellectual property and research.",
    adjacent: ["writing", "finance", "security"],
    common: ["microsoft-word"],
    skills: `
contract-drafting | Contract Drafting | Contract writing | Writing agreements and contracts.
contract-review | Contract Review |  | Reviewing agreements for risks.
legal-research | Legal Research |  | Researching statutes and case law.
legal-writing | Legal Writing | Legal drafting | Memos, briefs and legal documents.
intellectual-property | Intellectual Property Law | IP law | Protecting creations and inventions.
trademark-registration | Trademark Registration | Trademarks, Trademark filing | Filing and defending trademarks.
gdpr | GDPR Compliance | GDPR, General Data Protection Regulation | EU data protection compliance.
privacy-policy | Privacy Policy Drafting | Privacy policy, Terms of service | Website privacy and terms documents.
corporate-law | Corporate Law | Business law | Company formation, governance and transactions.
compliance | Regulatory Compliance | Compliance | Meeting laws and regulations.
employment-law | Employment Law | Labor law, Labour law | Employment contracts and disputes.
patent-drafting | Patent Drafting | Patent applications | Writing patent claims and specifications.
immigration-law | Immigration Law | Visa applications | Visas, residence and citizenship.
real-estate-law | Real Estate Law | Property law | Property transactions and leases.
litigation-support | Litigation Support | eDiscovery | Supporting lawyers in disputes.
paralegal | Paralegal Services | Paralegal | Legal assistance under lawyer supervision.
`,
  },
  {
    id: "admin",
    name: "Admin & Virtual Assistance",
    root: "Administrative Support",
    rootAliases: ["Admin Support", "Virtual Assistance Services"],
    description: "Virtual assistants, data entry and office tooling.",
    adjacent: ["customer-support", "sales", "finance", "project-management"],
    common: ["canva", "social-media-management"],
    skills: `
virtual-assistant | Virtual Assistance | Virtual Assistant, VA | Remote administrative help.
data-entry | Data Entry |  | Entering and cleaning data accurately.
microsoft-excel | Microsoft Excel | Excel, MS Excel | Spreadsheets, formulas and pivot tables.
google-sheets | Google Sheets | GSheets | Google's online spreadsheets.
internet-research | Internet Research | Online research, Web research | Finding and compiling information online.
email-management | Email Management | Inbox management | Keeping inboxes triaged and answered.
calendar-management | Calendar Management | Scheduling | Managing calendars and meetings.
microsoft-office | Microsoft Office | MS Office, Office 365, Microsoft 365 | Word, Excel, PowerPoint and Outlook.
google-workspace | Google Workspace | G Suite, GSuite | Gmail, Docs, Drive and Calendar.
executive-assistance | Executive Assistance | Executive assistant | Supporting executives with admin.
microsoft-word | Microsoft Word | MS Word | Word processing.
excel-vba | Excel VBA | VBA, Excel macros | Automating Excel with macros.
notion | Notion |  | All-in-one workspace for notes and wikis.
zapier | Zapier | Zapier automation, Workflow automation | No-code automation between apps.
airtable | Airtable |  | Spreadsheet-database hybrid.
travel-planning | Travel Planning | Travel booking | Researching and booking trips.
typing | Typing | Fast typing | Accurate high-speed typing.
`,
  },
  {
    id: "customer-support",
    name: "Customer Service & Support",
    root: "Customer Service",
    rootAliases: ["Customer Care Services"],
    description: "Helping customers by chat, email and phone.",
    adjacent: ["admin", "sales", "translation"],
    common: ["google-workspace", "data-entry", "email-management"],
    skills: `
customer-support | Customer Support | Customer care | Answering customer questions and solving problems.
email-support | Email Support |  | Resolving tickets by email.
live-chat-support | Live Chat Support | Chat support | Real-time chat with customers.
technical-support | Technical Support | Tech support, IT support, Help desk | Troubleshooting technical problems.
zendesk | Zendesk |  | Customer service ticketing platform.
phone-support | Phone Support | Call center, Inbound calls | Handling customer calls.
customer-success | Customer Success | CSM | Onboarding and retaining customers.
order-processing | Order Processing | Order management | Handling orders, returns and refunds.
complaint-resolution | Complaint Resolution | Complaint handling, Conflict resolution | De-escalating and resolving complaints.
freshdesk | Freshdesk |  | Help desk software.
intercom | Intercom |  | Customer messaging platform.
gorgias | Gorgias |  | Help desk for e-commerce stores.
knowledge-base | Knowledge Base Writing | Help center articles, FAQ writing | Writing self-service help content.
multilingual-support | Multilingual Support | Bilingual support | Supporting customers in several languages.
ticketing-systems | Ticketing Systems | Support ticketing | Running support queues and SLAs.
`,
  },
  {
    id: "game-dev",
    name: "Game Development",
    root: "Game Development",
    rootAliases: ["Game Dev", "Video Game Development"],
    description: "Engines, gameplay programming, game art and XR.",
    adjacent: ["video-animation", "mobile", "graphic-design"],
    common: ["git", "blender", "3d-modeling", "c-sharp"],
    skills: `
unity | Unity | Unity3D, Unity 3D | Cross-platform game engine scripted in C#.
unreal-engine | Unreal Engine | UE5, UE4, Unreal | High-end game engine from Epic Games.
c-plus-plus | C++ | CPP, C plus plus | Systems language used in engines and performance-critical code.
game-design | Game Design |  | Mechanics, systems and player experience.
ar-vr | AR/VR Development | Virtual Reality, Augmented Reality, XR, VR | Immersive applications for headsets and phones.
godot | Godot | Godot Engine | Open-source game engine.
game-art | Game Art | 2D game art | Sprites, environments and UI for games.
pixel-art | Pixel Art |  | Low-resolution retro-style artwork.
level-design | Level Design |  | Building game levels and encounters.
roblox | Roblox Studio | Roblox, Luau | Building experiences on Roblox.
lua | Lua |  | Lightweight embeddable scripting language.
shader-programming | Shader Programming | HLSL, GLSL, Shaders | GPU programs for rendering effects.
multiplayer-networking | Multiplayer Networking | Netcode, Photon Engine | Synchronising game state over networks.
opengl | OpenGL |  | Cross-platform graphics API.
webgl | WebGL |  | Browser graphics API.
phaser | Phaser | Phaser.js | HTML5 game framework.
vulkan | Vulkan |  | Low-overhead graphics API.
game-testing | Game Testing | Playtesting, Game QA | Finding bugs and balance issues in games.
`,
  },
  {
    id: "blockchain",
    name: "Blockchain & Web3",
    root: "Blockchain Development",
    rootAliases: ["Web3 Development", "Blockchain"],
    description: "Smart contracts, DeFi and decentralised applications.",
    adjacent: ["web-backend", "web-frontend", "security", "finance"],
    common: ["javascript", "typescript", "react", "rust", "go", "node-js"],
    skills: `
solidity | Solidity |  | Language for Ethereum smart contracts.
smart-contracts | Smart Contracts | Smart contract development | Self-executing programs on a blockchain.
ethereum | Ethereum | ETH, EVM | Programmable blockchain.
web3-js | Web3.js | Web3JS | JavaScript library for Ethereum.
ethers-js | ethers.js | Ethers | Compact JavaScript library for Ethereum.
defi | DeFi | Decentralized finance | Financial protocols on blockchains.
nft | NFT Development | NFT, NFTs, Non-fungible tokens | Minting and marketplaces for NFTs.
hardhat | Hardhat |  | Ethereum development environment.
solana | Solana | Solana Anchor | High-throughput blockchain programmed in Rust.
dapp | dApp Development | DApp, Decentralized applications | Frontends and back ends for decentralised apps.
smart-contract-audit | Smart Contract Auditing | Smart contract audit | Security review of smart contracts.
foundry | Foundry | Forge | Rust-based Ethereum toolkit.
polygon | Polygon | MATIC | Ethereum scaling network.
tokenomics | Tokenomics | Token economics | Designing token supply and incentives.
bitcoin | Bitcoin | BTC | The original cryptocurrency.
ipfs | IPFS | InterPlanetary File System | Content-addressed distributed storage.
hyperledger | Hyperledger Fabric | Hyperledger | Permissioned enterprise blockchain.
trading-bots | Crypto Trading Bots | Trading bots, Algorithmic trading | Automated trading strategies.
`,
  },
  {
    id: "embedded-iot",
    name: "Embedded Systems & IoT",
    root: "Embedded Systems",
    rootAliases: ["Embedded Development", "Embedded Engineering"],
    description: "Firmware, electronics, microcontrollers and connected devices.",
    adjacent: ["devops-cloud", "game-dev", "data-science"],
    common: ["c-plus-plus", "python", "linux", "git"],
    skills: `
arduino | Arduino |  | Open-source microcontroller boards and IDE.
c | C | C language, ANSI C | Low-level systems programming language.
embedded-c | Embedded C |  | C for resource-constrained devices.
raspberry-pi | Raspberry Pi | RPi | Single-board Linux computer.
iot | Internet of Things | IoT | Networks of connected devices and sensors.
firmware-development | Firmware Development | Firmware | Software that runs directly on hardware.
esp32 | ESP32 | ESP8266, ESP-IDF | Wi-Fi and Bluetooth microcontrollers.
pcb-design | PCB Design | PCB layout, Printed circuit board design | Laying out circuit boards.
microcontrollers | Microcontroller Programming | MCU programming, Microcontrollers | Programming microcontrollers.
stm32 | STM32 | STM32Cube | ARM Cortex-M microcontrollers from ST.
rtos | RTOS | FreeRTOS, Real-time operating system | Real-time operating systems.
embedded-linux | Embedded Linux | Yocto, Buildroot | Linux on embedded hardware.
mqtt | MQTT |  | Lightweight publish-subscribe protocol for IoT.
matlab | MATLAB | Simulink | Numerical computing environment.
electronics-design | Electronics Design | Circuit design | Designing analogue and digital circuits.
altium-designer | Altium Designer | Altium | PCB design software.
kicad | KiCad |  | Open-source PCB design suite.
fpga | FPGA | Verilog, VHDL | Programmable logic design.
bluetooth-low-energy | Bluetooth Low Energy | BLE, Bluetooth LE | Low-power wireless protocol.
plc-programming | PLC Programming | PLC, Ladder logic | Industrial controller programming.
micropython | MicroPython |  | Python for microcontrollers.
`,
  },
  {
    id: "ecommerce-cms",
    name: "E-commerce & CMS",
    root: "E-commerce Development",
    rootAliases: ["Ecommerce Development", "CMS Development"],
    description: "Online stores, marketplaces and content management systems.",
    adjacent: ["web-frontend", "marketing", "admin", "graphic-design"],
    common: ["html", "css", "javascript", "php", "seo"],
    skills: `
wordpress | WordPress | WP | The most popular content management system.
shopify | Shopify |  | Hosted e-commerce platform.
woocommerce | WooCommerce | Woo | E-commerce plugin for WordPress.
elementor | Elementor |  | Visual page builder for WordPress.
webflow | Webflow |  | Visual website builder and CMS.
amazon-seller-central | Amazon Seller Central | Amazon FBA, Amazon seller | Selling on the Amazon marketplace.
shopify-liquid | Liquid | Shopify Liquid, Shopify theme development | Shopify's template language.
product-listing | Product Listing | Listing optimization | Creating and optimising product listings.
wix | Wix |  | Website builder.
squarespace | Squarespace |  | Website builder with hosting.
magento | Magento | Adobe Commerce | Enterprise e-commerce platform.
wordpress-plugins | WordPress Plugin Development | WP plugin development | Building custom WordPress plugins.
etsy | Etsy | Etsy shop management | Marketplace for handmade and vintage goods.
dropshipping | Dropshipping | Dropship store | Selling without holding inventory.
drupal | Drupal |  | Enterprise open-source CMS.
bigcommerce | BigCommerce |  | Hosted e-commerce platform.
headless-cms | Headless CMS | Contentful, Strapi, Sanity | API-first content management.
prestashop | PrestaShop |  | Open-source e-commerce platform.
ebay | eBay | eBay listing | Online auction and shopping marketplace.
`,
  },
  {
    id: "project-management",
    name: "Project & Product Management",
    root: "Project Management",
    rootAliases: ["Project and Product Management"],
    description: "Planning, delivery and product ownership.",
    adjacent: ["admin", "web-backend", "qa-testing", "sales"],
    common: ["microsoft-excel", "google-sheets", "notion"],
    skills: `
agile | Agile | Agile methodology, Agile project management | Iterative delivery with short feedback loops.
scrum | Scrum | Scrum Master | Agile framework of sprints and roles.
jira | Jira | Atlassian Jira | Issue and project tracking.
product-management | Product Management | Product owner | Deciding what to build and why.
project-coordination | Project Coordination | Project coordinator | Keeping tasks, people and timelines on track.
asana | Asana |  | Work management platform.
trello | Trello |  | Kanban boards for tasks.
business-analysis | Business Analysis | Business analyst, Requirements gathering | Eliciting and documenting requirements.
kanban | Kanban |  | Visual flow-based work management.
confluence | Confluence |  | Team wiki from Atlassian.
stakeholder-management | Stakeholder Management |  | Aligning people with a stake in a project.
product-roadmap | Product Roadmapping | Roadmap planning | Planning product direction over time.
monday-com | monday.com | Monday | Work operating system.
clickup | ClickUp |  | Productivity and project platform.
pmp | PMP | Project Management Professional | PMI project management certification.
risk-management | Risk Management | Risk assessment | Identifying and mitigating project risks.
ms-project | Microsoft Project | MS Project | Scheduling and resource management software.
`,
  },
];

/**
 * Finer BROADER_THAN edges inside the category trees (`parent child child …`), on top of the
 * category-root edges that `build-taxonomy.ts` adds for every member.
 */
export const BROADER_SOURCE = `
machine-learning deep-learning nlp computer-vision recommender-systems time-series xgboost scikit-learn
deep-learning pytorch tensorflow keras
nlp llm hugging-face
generative-ai llm prompt-engineering
llm langchain openai-api
ios-development swift swiftui objective-c
android-development kotlin jetpack-compose
test-automation selenium cypress playwright appium
unit-testing jest pytest junit
performance-testing jmeter
seo keyword-research link-building technical-seo local-seo seo-writing
ppc google-ads
social-media-marketing facebook-ads tiktok-marketing linkedin-marketing influencer-marketing
email-marketing mailchimp klaviyo email-copywriting
aws aws-lambda amazon-s3 amazon-ec2 amazon-redshift dynamodb
ci-cd github-actions gitlab-ci jenkins
penetration-testing burp-suite metasploit kali-linux
data-warehousing snowflake bigquery amazon-redshift
web-scraping scrapy beautiful-soup
ux-design user-research usability-testing information-architecture wireframing
ui-design design-systems
smart-contracts solidity
accounting bookkeeping accounts-payable accounts-receivable payroll
intellectual-property trademark-registration patent-drafting
agile scrum kanban
microsoft-office microsoft-excel microsoft-word
video-editing youtube-video-editing color-grading
`;

/**
 * RELATED_TO edges, read as undirected. Lines are `a b weight`, or `~ weight a b c …` for a clique
 * where every pair is related with that weight. Weights: 0.9 near-inseparable, 0.7–0.8 usually used
 * together, 0.5–0.6 often together or substitutes, 0.3–0.4 loosely adjacent.
 */
export const RELATED_SOURCE = `
# frontend
react redux 0.8
react next-js 0.9
react typescript 0.7
react javascript 0.8
react react-native 0.7
react tailwind-css 0.5
react vite 0.5
react apollo-client 0.5
javascript typescript 0.9
javascript html 0.7
javascript css 0.6
javascript node-js 0.7
javascript jquery 0.5
html css 0.9
css sass 0.7
css tailwind-css 0.7
css bootstrap 0.6
css responsive-design 0.7
html responsive-design 0.6
html web-accessibility 0.5
vue-js nuxt 0.9
vue-js javascript 0.7
vue-js typescript 0.5
vue-js vite 0.6
angular typescript 0.8
angular javascript 0.5
svelte javascript 0.6
svelte vite 0.5
next-js vercel 0.7
next-js typescript 0.6
typescript node-js 0.6
webpack vite 0.6
webpack javascript 0.5
jquery bootstrap 0.5
three-js webgl 0.8
three-js javascript 0.5
apollo-client graphql 0.8
~ 0.5 react vue-js angular svelte
responsive-design web-design 0.6
web-accessibility ui-design 0.4
# backend
node-js express 0.9
node-js nestjs 0.7
node-js rest-api 0.6
node-js mongodb 0.6
node-js websockets 0.5
express rest-api 0.6
express mongodb 0.5
nestjs typescript 0.7
python django 0.7
python flask 0.7
python fastapi 0.7
python pandas 0.6
python numpy 0.5
python data-analysis 0.5
python machine-learning 0.6
python web-scraping 0.6
python pytest 0.5
python bash 0.4
django postgresql 0.6
django rest-api 0.6
flask rest-api 0.5
fastapi rest-api 0.7
fastapi postgresql 0.4
java spring-boot 0.9
java kotlin 0.6
java junit 0.6
spring-boot microservices 0.6
php laravel 0.9
php symfony 0.8
php mysql 0.7
php wordpress 0.7
laravel mysql 0.6
ruby ruby-on-rails 0.9
ruby-on-rails postgresql 0.6
c-sharp dotnet 0.9
c-sharp asp-net 0.8
dotnet asp-net 0.9
dotnet microsoft-sql-server 0.6
dotnet azure 0.6
c-sharp unity 0.6
go microservices 0.6
go kubernetes 0.5
go grpc 0.5
rust c-plus-plus 0.5
rust solana 0.6
graphql rest-api 0.6
graphql node-js 0.5
grpc microservices 0.6
microservices docker 0.6
microservices kubernetes 0.6
microservices rabbitmq 0.5
microservices apache-kafka 0.5
rest-api api-integration 0.8
rest-api postman 0.6
rest-api api-testing 0.5
rest-api api-documentation 0.5
oauth rest-api 0.5
oauth identity-access-management 0.6
websockets node-js 0.5
rabbitmq apache-kafka 0.5
elixir ruby 0.4
~ 0.4 django ruby-on-rails laravel spring-boot asp-net express
# mobile
react-native javascript 0.6
react-native expo 0.8
react-native typescript 0.5
react-native ios-development 0.5
react-native android-development 0.5
react-native firebase 0.5
flutter dart 0.9
flutter firebase 0.6
flutter ios-development 0.5
flutter android-development 0.5
~ 0.5 react-native flutter ionic xamarin
ios-development swift 0.9
ios-development swiftui 0.7
ios-development objective-c 0.6
ios-development app-store-deployment 0.6
swift swiftui 0.8
swift objective-c 0.6
android-development kotlin 0.9
android-development java 0.6
android-development jetpack-compose 0.7
android-development app-store-deployment 0.5
kotlin jetpack-compose 0.8
ios-development android-development 0.5
firebase push-notifications 0.6
firebase firestore 0.9
firebase google-cloud 0.5
push-notifications in-app-purchases 0.4
in-app-purchases app-store-deployment 0.6
ionic javascript 0.5
ionic angular 0.6
xamarin c-sharp 0.8
app-store-deployment app-store-optimization 0.5
mobile-app-design react-native 0.3
mobile-app-design flutter 0.3
mobile-testing appium 0.8
mobile-testing ios-development 0.4
mobile-testing android-development 0.4
# data science
machine-learning deep-learning 0.8
machine-learning scikit-learn 0.8
machine-learning statistics 0.6
machine-learning xgboost 0.6
machine-learning data-analysis 0.5
machine-learning mlops 0.6
deep-learning pytorch 0.8
deep-learning tensorflow 0.8
deep-learning keras 0.7
deep-learning computer-vision 0.7
deep-learning nlp 0.7
tensorflow keras 0.9
~ 0.6 pytorch tensorflow
pandas numpy 0.9
pandas data-analysis 0.8
pandas jupyter 0.7
pandas matplotlib 0.7
numpy scikit-learn 0.6
data-analysis statistics 0.7
data-analysis sql 0.6
data-analysis microsoft-excel 0.6
data-analysis data-visualization 0.7
data-visualization tableau 0.8
data-visualization power-bi 0.8
data-visualization matplotlib 0.6
~ 0.6 tableau power-bi looker
power-bi microsoft-excel 0.5
statistics r 0.8
r data-analysis 0.6
nlp llm 0.8
nlp hugging-face 0.7
llm generative-ai 0.9
llm langchain 0.8
llm openai-api 0.8
llm prompt-engineering 0.7
llm vector-databases 0.6
generative-ai openai-api 0.7
generative-ai prompt-engineering 0.7
langchain openai-api 0.7
langchain vector-databases 0.6
hugging-face pytorch 0.7
computer-vision opencv 0.9
computer-vision pytorch 0.5
opencv python 0.5
time-series statistics 0.6
time-series machine-learning 0.5
a-b-testing statistics 0.6
a-b-testing conversion-rate-optimization 0.6
recommender-systems machine-learning 0.6
mlops docker 0.5
mlops kubernetes 0.4
jupyter python 0.6
xgboost scikit-learn 0.6
# data engineering
sql postgresql 0.7
sql mysql 0.7
sql microsoft-sql-server 0.7
sql bigquery 0.6
sql snowflake 0.6
sql dbt 0.6
sql database-design 0.5
etl apache-airflow 0.7
etl data-warehousing 0.7
etl dbt 0.6
etl apache-spark 0.6
etl fivetran 0.6
etl python 0.5
apache-spark databricks 0.9
apache-spark scala 0.6
apache-spark hadoop 0.6
apache-spark python 0.5
apache-kafka apache-flink 0.6
apache-kafka apache-spark 0.5
apache-airflow dbt 0.6
apache-airflow python 0.5
data-warehousing data-modeling 0.7
data-warehousing snowflake 0.8
data-warehousing bigquery 0.7
data-warehousing amazon-redshift 0.7
~ 0.6 snowflake bigquery amazon-redshift databricks
dbt snowflake 0.7
looker bigquery 0.6
data-modeling database-design 0.7
web-scraping scrapy 0.8
web-scraping beautiful-soup 0.8
web-scraping selenium 0.6
web-scraping data-entry 0.4
scrapy beautiful-soup 0.6
scala java 0.5
bigquery google-cloud 0.7
amazon-redshift aws 0.7
# devops & cloud
~ 0.5 aws azure google-cloud
aws aws-lambda 0.8
aws amazon-s3 0.8
aws amazon-ec2 0.8
aws terraform 0.6
aws dynamodb 0.6
aws serverless 0.6
docker kubernetes 0.8
docker linux 0.6
docker ci-cd 0.6
kubernetes helm 0.8
kubernetes terraform 0.5
kubernetes prometheus 0.5
kubernetes google-cloud 0.4
terraform ansible 0.6
terraform ci-cd 0.5
ansible linux 0.6
linux bash 0.9
linux nginx 0.6
git github-actions 0.6
git gitlab-ci 0.5
ci-cd github-actions 0.8
ci-cd gitlab-ci 0.8
ci-cd jenkins 0.8
~ 0.5 github-actions gitlab-ci jenkins
prometheus grafana 0.9
grafana site-reliability 0.5
site-reliability kubernetes 0.6
site-reliability incident-response 0.4
serverless aws-lambda 0.9
serverless vercel 0.4
cloudflare nginx 0.4
cloudflare vercel 0.4
azure microsoft-sql-server 0.4
# databases
~ 0.5 postgresql mysql mariadb microsoft-sql-server oracle-database
mysql mariadb 0.9
postgresql supabase 0.7
postgresql database-design 0.6
postgresql query-optimization 0.6
postgresql prisma 0.5
mysql query-optimization 0.5
mongodb redis 0.4
mongodb firestore 0.5
mongodb dynamodb 0.5
redis node-js 0.4
elasticsearch apache-kafka 0.3
elasticsearch vector-databases 0.4
elasticsearch splunk 0.4
prisma typescript 0.6
prisma node-js 0.5
neo4j database-design 0.4
cassandra dynamodb 0.5
sqlite postgresql 0.4
supabase firebase 0.6
oracle-database microsoft-sql-server 0.5
query-optimization database-design 0.6
# QA
~ 0.6 selenium cypress playwright
test-automation selenium 0.8
test-automation cypress 0.7
test-automation playwright 0.7
test-automation api-testing 0.5
test-automation ci-cd 0.4
manual-testing test-planning 0.7
manual-testing mobile-testing 0.5
manual-testing usability-testing 0.3
api-testing postman 0.8
unit-testing tdd 0.7
unit-testing jest 0.7
unit-testing pytest 0.7
unit-testing junit 0.7
jest javascript 0.6
jest react 0.4
cypress javascript 0.5
playwright typescript 0.5
performance-testing jmeter 0.8
tdd cucumber 0.5
selenium java 0.5
selenium python 0.5
game-testing manual-testing 0.6
# security
penetration-testing vulnerability-assessment 0.8
penetration-testing burp-suite 0.7
penetration-testing kali-linux 0.7
penetration-testing metasploit 0.7
penetration-testing nmap 0.6
penetration-testing owasp 0.6
application-security owasp 0.8
application-security penetration-testing 0.6
network-security wireshark 0.7
network-security nmap 0.6
network-security linux 0.4
cloud-security aws 0.6
cloud-security identity-access-management 0.6
siem splunk 0.8
siem incident-response 0.6
iso-27001 soc-2 0.8
iso-27001 gdpr 0.5
soc-2 compliance 0.6
cryptography application-security 0.4
malware-analysis incident-response 0.6
smart-contract-audit application-security 0.5
# UX
ui-design ux-design 0.8
ui-design figma 0.8
ui-design web-design 0.7
ui-design mobile-app-design 0.7
ux-design user-research 0.7
ux-design wireframing 0.7
ux-design prototyping 0.7
ux-design usability-testing 0.6
ux-design information-architecture 0.6
~ 0.6 figma sketch adobe-xd
figma prototyping 0.6
figma design-systems 0.6
figma wireframing 0.6
prototyping framer 0.6
prototyping invision 0.6
interaction-design prototyping 0.6
web-design landing-page-design 0.7
web-design webflow 0.5
web-design wordpress 0.4
design-systems react 0.3
ux-writing ux-design 0.5
# graphic design
adobe-photoshop adobe-illustrator 0.8
adobe-photoshop photo-editing 0.9
adobe-illustrator logo-design 0.8
adobe-illustrator vector-graphics 0.8
adobe-illustrator adobe-indesign 0.6
logo-design brand-identity 0.8
brand-identity typography 0.6
canva social-media-graphics 0.7
canva presentation-design 0.5
social-media-graphics adobe-photoshop 0.5
adobe-indesign print-design 0.8
print-design packaging-design 0.6
adobe-indesign book-cover-design 0.5
illustration vector-graphics 0.6
illustration adobe-illustrator 0.6
illustration t-shirt-design 0.5
illustration 2d-animation 0.4
infographics data-visualization 0.4
infographics adobe-illustrator 0.5
coreldraw adobe-illustrator 0.6
pixel-art illustration 0.4
# video & audio
video-editing adobe-premiere-pro 0.9
video-editing final-cut-pro 0.7
video-editing davinci-resolve 0.7
video-editing youtube-video-editing 0.8
~ 0.6 adobe-premiere-pro final-cut-pro davinci-resolve
adobe-premiere-pro adobe-after-effects 0.7
adobe-after-effects motion-graphics 0.9
motion-graphics 2d-animation 0.6
motion-graphics cinema-4d 0.6
motion-graphics explainer-video 0.6
explainer-video whiteboard-animation 0.7
explainer-video scriptwriting 0.5
3d-animation 3d-modeling 0.8
3d-animation blender 0.7
3d-animation autodesk-maya 0.8
3d-modeling blender 0.8
3d-modeling autodesk-maya 0.7
3d-modeling cinema-4d 0.6
color-grading davinci-resolve 0.9
videography video-editing 0.6
voice-over audio-editing 0.6
podcast-editing audio-editing 0.9
audio-editing video-editing 0.4
scriptwriting youtube-video-editing 0.4
# writing
content-writing blog-writing 0.8
content-writing seo-writing 0.8
content-writing copywriting 0.6
content-writing content-marketing 0.6
copywriting email-copywriting 0.7
copywriting product-descriptions 0.6
copywriting landing-page-design 0.3
blog-writing seo-writing 0.7
blog-writing wordpress 0.4
proofreading copy-editing 0.9
technical-writing api-documentation 0.8
technical-writing white-papers 0.6
creative-writing ghostwriting 0.6
creative-writing scriptwriting 0.6
ghostwriting ebook-writing 0.8
academic-writing grant-writing 0.5
academic-writing proofreading 0.4
press-releases copywriting 0.5
ux-writing copywriting 0.4
resume-writing copy-editing 0.3
product-descriptions amazon-seller-central 0.5
product-descriptions shopify 0.4
knowledge-base technical-writing 0.6
# translation
~ 0.3 en-es-translation en-fr-translation en-de-translation en-pt-translation en-it-translation
en-es-translation es-en-translation 0.9
en-es-translation localization 0.5
en-fr-translation localization 0.5
en-de-translation localization 0.5
en-ja-translation localization 0.5
en-zh-translation localization 0.5
localization subtitling 0.4
transcription subtitling 0.7
transcription data-entry 0.4
transcription typing 0.5
legal-translation legal-writing 0.4
legal-translation en-es-translation 0.4
medical-translation en-es-translation 0.4
sdl-trados memoq 0.8
sdl-trados localization 0.5
mtpe sdl-trados 0.5
mtpe proofreading 0.5
interpretation en-es-translation 0.4
multilingual-support en-es-translation 0.4
multilingual-support en-fr-translation 0.3
# marketing
seo keyword-research 0.8
seo link-building 0.7
seo technical-seo 0.8
seo seo-writing 0.7
seo content-marketing 0.6
seo google-analytics 0.6
seo semrush 0.7
seo ahrefs 0.7
seo local-seo 0.6
seo wordpress 0.4
~ 0.7 semrush ahrefs keyword-research
sem google-ads 0.8
sem ppc 0.9
ppc google-ads 0.9
ppc facebook-ads 0.6
google-ads google-analytics 0.6
google-analytics google-tag-manager 0.8
google-analytics conversion-rate-optimization 0.5
facebook-ads social-media-marketing 0.8
facebook-ads tiktok-marketing 0.5
social-media-marketing social-media-management 0.9
social-media-marketing influencer-marketing 0.6
social-media-marketing content-marketing 0.6
social-media-management canva 0.5
social-media-management social-media-graphics 0.5
email-marketing mailchimp 0.8
email-marketing klaviyo 0.8
email-marketing email-copywriting 0.8
email-marketing hubspot 0.5
~ 0.6 mailchimp klaviyo
klaviyo shopify 0.6
marketing-strategy content-marketing 0.6
marketing-strategy social-media-marketing 0.5
marketing-strategy market-research 0.6
conversion-rate-optimization landing-page-design 0.6
linkedin-marketing lead-generation 0.5
affiliate-marketing content-marketing 0.4
app-store-optimization keyword-research 0.5
# sales
lead-generation cold-emailing 0.7
lead-generation linkedin-sales-navigator 0.7
lead-generation apollo-io 0.6
lead-generation appointment-setting 0.7
lead-generation internet-research 0.5
lead-generation b2b-sales 0.6
cold-calling appointment-setting 0.7
cold-calling telemarketing 0.9
b2b-sales business-development 0.8
b2b-sales sales-strategy 0.6
b2b-sales account-management 0.5
business-development sales-strategy 0.6
~ 0.6 salesforce hubspot pipedrive zoho-crm
crm-management salesforce 0.8
crm-management hubspot 0.7
crm-management pipedrive 0.6
crm-management zoho-crm 0.6
crm-management data-entry 0.4
market-research internet-research 0.6
sales-presentations presentation-design 0.5
account-management customer-success 0.6
# finance
bookkeeping quickbooks 0.8
bookkeeping xero 0.8
bookkeeping accounts-payable 0.7
bookkeeping accounts-receivable 0.7
bookkeeping accounting 0.8
~ 0.6 quickbooks xero sage
accounting financial-reporting 0.7
accounting gaap 0.6
accounting ifrs 0.6
accounting tax-preparation 0.6
accounting auditing 0.6
financial-modeling financial-analysis 0.8
financial-modeling microsoft-excel 0.7
financial-modeling valuation 0.7
financial-modeling budgeting 0.7
financial-analysis investment-research 0.6
financial-analysis fractional-cfo 0.5
budgeting fractional-cfo 0.6
gaap ifrs 0.7
payroll bookkeeping 0.6
payroll employment-law 0.3
auditing iso-27001 0.2
tax-preparation bookkeeping 0.6
valuation investment-research 0.5
# legal
contract-drafting contract-review 0.9
contract-drafting legal-writing 0.8
contract-drafting corporate-law 0.6
legal-research legal-writing 0.7
legal-research litigation-support 0.6
intellectual-property trademark-registration 0.8
intellectual-property patent-drafting 0.8
gdpr privacy-policy 0.8
gdpr compliance 0.7
privacy-policy contract-drafting 0.5
corporate-law compliance 0.5
employment-law contract-drafting 0.5
real-estate-law contract-review 0.5
paralegal legal-research 0.7
paralegal litigation-support 0.6
immigration-law legal-research 0.4
# admin
virtual-assistant email-management 0.8
virtual-assistant calendar-management 0.8
virtual-assistant data-entry 0.6
virtual-assistant internet-research 0.6
virtual-assistant executive-assistance 0.7
virtual-assistant google-workspace 0.5
virtual-assistant travel-planning 0.5
executive-assistance calendar-management 0.7
executive-assistance travel-planning 0.6
data-entry microsoft-excel 0.7
data-entry google-sheets 0.6
data-entry typing 0.8
~ 0.7 microsoft-excel google-sheets
microsoft-excel excel-vba 0.8
microsoft-excel microsoft-office 0.7
microsoft-word microsoft-office 0.8
google-workspace google-sheets 0.7
google-workspace email-management 0.5
~ 0.5 notion airtable clickup asana trello monday-com
zapier airtable 0.6
zapier api-integration 0.4
zapier hubspot 0.4
# support
customer-support email-support 0.8
customer-support live-chat-support 0.8
customer-support phone-support 0.7
customer-support complaint-resolution 0.7
customer-support zendesk 0.6
customer-support customer-success 0.5
customer-support order-processing 0.5
customer-support technical-support 0.6
~ 0.6 zendesk freshdesk intercom gorgias
zendesk ticketing-systems 0.8
freshdesk ticketing-systems 0.7
gorgias shopify 0.6
order-processing shopify 0.5
technical-support linux 0.3
technical-support ticketing-systems 0.6
phone-support cold-calling 0.4
knowledge-base zendesk 0.5
# game dev
unity c-sharp 0.9
unreal-engine c-plus-plus 0.9
~ 0.5 unity unreal-engine godot
unity ar-vr 0.6
unity game-design 0.5
unity multiplayer-networking 0.5
unity shader-programming 0.5
unity blender 0.4
unreal-engine ar-vr 0.5
unreal-engine shader-programming 0.6
unreal-engine 3d-modeling 0.4
game-design level-design 0.8
game-art pixel-art 0.7
game-art illustration 0.5
game-art 3d-modeling 0.5
roblox lua 0.9
lua game-design 0.3
shader-programming opengl 0.7
shader-programming vulkan 0.6
opengl vulkan 0.6
opengl c-plus-plus 0.6
webgl opengl 0.6
phaser javascript 0.6
phaser webgl 0.4
godot game-design 0.4
# blockchain
solidity smart-contracts 0.9
solidity ethereum 0.9
solidity hardhat 0.8
solidity foundry 0.7
~ 0.7 hardhat foundry
smart-contracts ethereum 0.8
smart-contracts smart-contract-audit 0.7
~ 0.7 web3-js ethers-js
web3-js ethereum 0.7
ethers-js ethereum 0.7
dapp web3-js 0.7
dapp ethers-js 0.7
dapp react 0.5
dapp smart-contracts 0.7
defi ethereum 0.6
defi smart-contracts 0.7
defi tokenomics 0.6
nft ethereum 0.6
nft ipfs 0.6
nft smart-contracts 0.6
solana smart-contracts 0.5
polygon ethereum 0.8
bitcoin trading-bots 0.4
trading-bots python 0.5
hyperledger smart-contracts 0.4
smart-contract-audit solidity 0.7
# embedded & iot
c embedded-c 0.9
c c-plus-plus 0.7
c linux 0.4
embedded-c microcontrollers 0.8
embedded-c firmware-development 0.8
embedded-c stm32 0.7
embedded-c rtos 0.7
arduino microcontrollers 0.7
arduino esp32 0.6
arduino c-plus-plus 0.5
arduino electronics-design 0.5
raspberry-pi python 0.6
raspberry-pi linux 0.6
raspberry-pi iot 0.6
iot mqtt 0.8
iot esp32 0.7
iot aws 0.3
iot bluetooth-low-energy 0.6
firmware-development microcontrollers 0.8
firmware-development rtos 0.7
firmware-development stm32 0.7
esp32 micropython 0.5
esp32 bluetooth-low-energy 0.6
pcb-design altium-designer 0.8
pcb-design kicad 0.8
pcb-design electronics-design 0.8
~ 0.6 altium-designer kicad
embedded-linux linux 0.8
embedded-linux c 0.6
fpga electronics-design 0.5
matlab statistics 0.3
matlab electronics-design 0.4
plc-programming electronics-design 0.4
micropython python 0.7
# e-commerce & CMS
wordpress woocommerce 0.8
wordpress elementor 0.8
wordpress wordpress-plugins 0.8
wordpress php 0.6
woocommerce shopify 0.5
~ 0.5 shopify bigcommerce woocommerce magento prestashop
shopify shopify-liquid 0.9
shopify dropshipping 0.6
shopify product-listing 0.5
~ 0.5 wix squarespace webflow
magento php 0.7
drupal php 0.7
drupal wordpress 0.5
amazon-seller-central product-listing 0.8
etsy product-listing 0.7
ebay product-listing 0.7
~ 0.4 amazon-seller-central etsy ebay
dropshipping amazon-seller-central 0.4
headless-cms next-js 0.5
headless-cms react 0.4
webflow landing-page-design 0.5
# project management
agile scrum 0.9
agile kanban 0.7
agile jira 0.6
scrum jira 0.7
jira confluence 0.8
product-management product-roadmap 0.8
product-management agile 0.6
product-management user-research 0.4
product-management business-analysis 0.5
project-coordination stakeholder-management 0.6
project-coordination asana 0.5
project-coordination trello 0.5
business-analysis stakeholder-management 0.5
business-analysis sql 0.3
pmp risk-management 0.6
pmp ms-project 0.6
kanban trello 0.6
`;
