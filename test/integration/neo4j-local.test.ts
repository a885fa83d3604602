// The local Neo4j that globalSetup starts (or the server NEO4J_URI names) answers Bolt, accepts a
// write, returns it on a read, and is the 5.26 LTS line the project pins.
import neo4j, { type Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neo4jTestEnv } from "../support/neo4j-test-env.js";

describe("local Neo4j over Bolt", () => {
  const env = neo4jTestEnv();
  let driver: Driver;
  // A label unique to this run, so the test neither sees nor leaves data other suites care about.
  const label = `NeoLocalProbe_${process.pid}_${Date.now()}`;

  beforeAll(async () => {
    driver = neo4j.driver(env.uri, neo4j.auth.basic(env.user, env.password));
    await driver.verifyConnectivity();
  });

  afterAll(async () => {
    await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`);
    await driver.close();
  });

  it("runs the pinned 5.26.x release", async () => {
    const info = await driver.getServerInfo();
    expect(info.agent).toMatch(/^Neo4j\/5\.26\.\d+$/);
    const { records } = await driver.executeQuery("CALL dbms.components() YIELD name, versions RETURN *");
    const kernel = records.find((r) => r.get("name") === "Neo4j Kernel");
    expect(kernel?.get("versions")[0]).toMatch(/^5\.26\.\d+$/);
  });

  it("reads back what it wrote", async () => {
    const rows = [
      { id: "a", n: 1 },
      { id: "b", n: 2 },
      { id: "c", n: 3 },
    ];
    const write = await driver.executeQuery(
      `UNWIND $rows AS row MERGE (p:${label} {id: row.id}) SET p.n = row.n`,
      {
        rows,
      },
    );
    expect(write.summary.counters.updates().nodesCreated).toBe(3);

    const read = await driver.executeQuery(
      `MATCH (p:${label}) RETURN p.id AS id, p.n AS n ORDER BY id`,
      {},
      {
        routing: neo4j.routing.READ,
      },
    );
    expect(read.records.map((r) => [r.get("id"), neo4j.integer.toNumber(r.get("n"))])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
  });

  it("sees the env vars globalSetup set in this worker", () => {
    // vitest 3 workers inherit the environment globalSetup left; loadConfig() relies on that.
    expect(process.env.NEO4J_URI).toBe(env.uri);
  });
});
