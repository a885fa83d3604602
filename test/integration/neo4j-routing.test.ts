// neo4j:// routing URIs: the driver asks the server for its routing table and sends each
// transaction to a member of the role its access mode asks for (reads to secondaries / read
// replicas on a cluster or Aura, writes to the leader). On the single local instance every role is
// the one server, so this checks what can be checked here: the scheme is accepted end to end, the
// routing table is fetched, and the executor's reads really run in READ mode (the server refuses a
// write inside them) while its writes run in WRITE mode.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, neo4jUriScheme } from "../../src/config.js";
import { createExecutor, type Executor } from "../../src/graph/executor.js";
import { createRepositories } from "../../src/graph/repositories.js";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

let executor: Executor;
let routingUri: string;

beforeAll(async () => {
  const env = neo4jTestEnv();
  routingUri = env.uri.replace(/^bolt:/, "neo4j:");
  executor = createExecutor({
    ...loadConfig().neo4j,
    uri: routingUri,
    user: env.user,
    password: env.password,
  });
});

afterAll(async () => {
  await executor?.close();
});

describe("neo4j:// routing URIs", () => {
  it("accepts the bolt and neo4j schemes (with TLS variants) and refuses others at start-up", () => {
    expect(neo4jUriScheme("neo4j://db.example:7687")).toBe("neo4j");
    expect(neo4jUriScheme("neo4j+s://xxxx.databases.neo4j.io")).toBe("neo4j+s");
    expect(neo4jUriScheme("bolt://127.0.0.1:7687")).toBe("bolt");
    expect(() => loadConfig({ NEO4J_URI: "http://127.0.0.1:7474" })).toThrow(/NEO4J_URI/);
    expect(loadConfig({ NEO4J_URI: "neo4j+ssc://10.0.0.5:7687" }).neo4j.uri).toBe(
      "neo4j+ssc://10.0.0.5:7687",
    );
  });

  it("fetches a routing table from the local instance and answers reads and writes", async () => {
    await executor.driver.verifyConnectivity();
    const [row] = await executor.read<{ servers: { role: string; addresses: string[] }[] }>(
      "CALL dbms.routing.getRoutingTable({}) YIELD servers RETURN servers",
    );
    expect(row!.servers.map((s) => s.role).sort()).toEqual(["READ", "ROUTE", "WRITE"]);
    const { rows } = await executor.write<{ id: string }>(
      "MERGE (m:GraphMeta {key: 'routing-test'}) RETURN m.key AS id",
    );
    expect(rows).toEqual([{ id: "routing-test" }]);
    await executor.write("MATCH (m:GraphMeta {key: 'routing-test'}) DELETE m");
  });

  it("reads run in READ access mode: the server refuses a write inside them", async () => {
    await expect(executor.read("CREATE (:GraphMeta {key: 'must-not-exist'})")).rejects.toThrow(
      /read|access mode/i,
    );
    const [left] = await executor.read<{ n: number }>(
      "MATCH (m:GraphMeta {key: 'must-not-exist'}) RETURN count(m) AS n",
    );
    expect(left!.n).toBe(0);
  });

  it("the repositories' queries work through the routing driver (reads and the analytics view write)", async () => {
    const graph = createRepositories(executor);
    await graph.trials.page(null, "NCT_ID_ASC", null, 5);
    const groups = await graph.analytics.byPhase();
    expect(Array.isArray(groups)).toBe(true);
  });
});
