import { openSqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { describeGraphStoreFilters } from "./graph-store-filters.contract.js";

describeGraphStoreFilters("SqliteGraphStore :memory:", () => Promise.resolve(openSqliteGraphStore({ path: ":memory:" })));
