import { openSqliteGraphStore } from "../../src/graph-store/sqlite-graph-store.js";
import { SqliteKeywordIndex } from "../../src/keyword/sqlite-keyword-index.js";
import { describeKeywordIndex } from "./keyword-index.contract.js";

describeKeywordIndex("SqliteKeywordIndex", () => {
  const store = openSqliteGraphStore({ path: ":memory:" });
  return Promise.resolve({ store, index: new SqliteKeywordIndex(store) });
});
