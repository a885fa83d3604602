// The HTTP server: GraphQL (Apollo Server 5) on a small node:http handler that adds what the
// standalone server lacks here — a request body limit (413), configurable CORS, health endpoints
// and the offline IDE page at `/`.
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Driver } from "neo4j-driver";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { Config } from "./config.js";
import type { Scorer } from "./model/types.js";
import { buildSchema } from "./graphql/schema.js";
import { createContext, type GraphQLContext, type ServerServices } from "./graphql/context.js";
import { createGraphReader, type GraphReader } from "./graphql/graph-reader.js";
import { complexityLimitPlugin, depthLimitRule } from "./graphql/limits.js";
import { formatError } from "./graphql/errors.js";
import { idePage } from "./graphql/ide-page.js";
import { modelCardReader } from "./graphql/model-card.js";
import { drugBankCandidates, drugBankReader } from "./graphql/drugbank-smiles.js";
import { readRows } from "./graph/read-query.js";

export { buildSchema, printSchemaSDL } from "./graphql/schema.js";

export const GRAPHQL_PATH = "/graphql";

export interface CreateServerOptions {
  config: Config;
  driver: Driver;
  scorer: Scorer;
  /** Replaces the Neo4j-backed reader (unit tests hand in an in-memory fake). */
  graph?: GraphReader;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000/ (the IDE); GraphQL is at graphqlUrl. */
  url: string;
  graphqlUrl: string;
  port: number;
  stop(): Promise<void>;
}

class BodyTooLargeError extends Error {}

/** Reads the whole body up to `limit` bytes; beyond it keeps draining (so the client sees the 413) but stores nothing. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? NaN);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        // Stop draining a client that keeps sending far past the limit.
        if (size > limit * 16) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => (tooLarge ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
    req.on("close", () => {
      if (tooLarge) reject(new BodyTooLargeError());
    });
  });
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

function errorBody(message: string, code: string, extra: Record<string, unknown> = {}): unknown {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

/** CORS headers for an allowed origin; none (same-origin only) when TRIALGRAPH_CORS_ORIGINS is empty. */
function applyCors(req: http.IncomingMessage, res: http.ServerResponse, allowed: string[]): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader("vary", "Origin");
  if (allowed.includes("*") || allowed.includes(origin)) {
    res.setHeader("access-control-allow-origin", allowed.includes("*") ? "*" : origin);
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader(
      "access-control-allow-headers",
      "content-type, authorization, apollo-require-preflight, x-apollo-operation-name",
    );
    res.setHeader("access-control-max-age", "600");
  }
}

async function neo4jReachable(
  driver: Driver,
  database: string | undefined,
): Promise<{ reachable: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      readRows({ driver, database }, "RETURN 1 AS ok"),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timed out after 3 s")), 3000);
      }),
    ]);
    return { reachable: true };
  } catch (error) {
    return { reachable: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export async function createServer({
  config,
  driver,
  scorer,
  graph,
}: CreateServerOptions): Promise<RunningServer> {
  const limits = config.server;
  const schema = await buildSchema();
  const services: ServerServices = {
    graph: graph ?? createGraphReader(driver, config.neo4j.database),
    scorer,
    limits,
    drugBankSmiles: drugBankReader(drugBankCandidates(config.seedDataDir)),
    modelCard: modelCardReader(path.join(config.model.artifactsDir, "model-card.json")),
  };
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    csrfPrevention: true,
    // The owner of the process (serve command, tests) stops the server; Apollo's own signal
    // handlers would race it and re-raise the signal before the local Neo4j is shut down.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimitRule(limits.maxDepth)],
    // Apollo's landing page loads from a CDN; the offline IDE at `/` replaces it.
    plugins: [ApolloServerPluginLandingPageDisabled(), complexityLimitPlugin(schema, limits.maxComplexity)],
    formatError,
  });
  await apollo.start();

  async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    let body: unknown;
    if (req.method === "POST") {
      let raw: Buffer;
      try {
        raw = await readBody(req, limits.bodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendJson(
            res,
            413,
            errorBody(`request body exceeds ${limits.bodyLimitBytes} bytes`, "PAYLOAD_TOO_LARGE", {
              limit: limits.bodyLimitBytes,
            }),
            {
              connection: "close",
            },
          );
          return;
        }
        throw error;
      }
      const type = String(req.headers["content-type"] ?? "");
      if (/application\/(graphql-response\+)?json/i.test(type)) {
        try {
          body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
        } catch {
          sendJson(res, 400, errorBody("request body is not valid JSON", "BAD_REQUEST"));
          return;
        }
      } else {
        body = raw.toString("utf8");
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search: url.search, body },
      context: async () => createContext(services),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    applyCors(req, res, limits.corsOrigins);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === GRAPHQL_PATH) {
      await handleGraphQL(req, res, url);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { error: "method not allowed" }, { allow: "GET" });
      return;
    }
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(idePage(GRAPHQL_PATH));
      return;
    }
    if (url.pathname === "/health") {
      const neo4j = await neo4jReachable(driver, config.neo4j.database);
      sendJson(res, 200, {
        status: neo4j.reachable ? "ok" : "degraded",
        neo4j,
        model: {
          modelVersion: scorer.modelVersion,
          executionProvider: scorer.executionProvider,
          embeddingDim: scorer.embeddingDim,
        },
        scorer: scorer.stats(),
        uptimeSeconds: Math.round(process.uptime()),
      });
      return;
    }
    if (url.pathname === "/health/ready") {
      const neo4j = await neo4jReachable(driver, config.neo4j.database);
      sendJson(res, neo4j.reachable ? 200 : 503, { ready: neo4j.reachable, neo4j });
      return;
    }
    sendJson(res, 404, { error: `no route ${url.pathname}` });
  }

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Last resort: the request fails, the server stays up.
      console.error("request failed:", error);
      if (!res.headersSent) sendJson(res, 500, errorBody("internal server error", "INTERNAL_SERVER_ERROR"));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(limits.port, limits.host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const base = `http://${host}:${address.port}`;

  return {
    url: `${base}/`,
    graphqlUrl: `${base}${GRAPHQL_PATH}`,
    port: address.port,
    async stop() {
      await apollo.stop();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
