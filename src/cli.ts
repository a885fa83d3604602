#!/usr/bin/env node
// `tsx src/cli.ts <command> [options]`: one small dispatcher; each command lives in its own
// module and is imported only when run (so `seed` does not load ONNX Runtime, for example).
// Commands register themselves in COMMANDS below: add a line per command.

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  seed: {
    summary: "apply the Neo4j schema and seed the graph (--files a,b --batch-size N --report path)",
    run: async (argv) => (await import("./commands/seed-command.js")).seedCommand(argv),
  },
  "import-ctgov": {
    summary:
      "import ClinicalTrials.gov records: PATH... bulk zip, folder, XML or API v2 JSON (--update-benchmark --batch-size N --report path)",
    run: async (argv) => (await import("./commands/import-ctgov-command.js")).importCtgovCommand(argv),
  },
  schema: {
    summary: "apply schema/neo4j/*.cypher (idempotent)",
    run: async (argv) => (await import("./commands/seed-command.js")).schemaCommand(argv),
  },
  serve: {
    summary:
      "start the platform: Neo4j (local unless NEO4J_URI), schema, seed if empty, scores, GraphQL (--skip-scoring)",
    run: async (argv) => (await import("./commands/serve-command.js")).serveCommand(argv),
  },
  score: {
    summary:
      "score trials lacking the loaded model version's score and rebuild the vector index (--force --chunk-size N)",
    run: async (argv) => (await import("./commands/score-command.js")).scoreCommand(argv),
  },
  neo4j: {
    summary: "the local Neo4j: start | stop | status | build [--force] (NEO4J_LOCAL_* settings)",
    run: async (argv) => (await import("./commands/neo4j-command.js")).neo4jCommand(argv),
  },
  "print-schema": {
    summary: "write the GraphQL SDL generated from the code to schema/schema.graphql (--stdout to print)",
    run: async (argv) => (await import("./commands/print-schema-command.js")).printSchemaCommand(argv),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return `usage: tsx src/cli.ts <command> [options]\n\ncommands:\n${lines.join("\n")}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command: ${name}\n\n${usage()}`);
    return 1;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
