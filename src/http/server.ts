// The HTTP server: routing on a small node:http handler that adds what Apollo's standalone server
// lacks here — a request body limit (413), configurable CORS, health endpoints, the offline GraphiQL
// IDE at `/` and the dashboard at `/dashboard` — in front of the GraphQL layer (src/graphql/apollo.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "../config.js";
import type { Executor } from "../graph/executor.js";
import type { Repositories } from "../graph/repositories.js";
import { lazyDrugBank } from "../domain/drugbank.js";
import { sharedMoleculeWorker } from "../domain/molecule-worker.js";
import { allModelMetrics, type ModelCard } from "../model/model-card.js";
import type { Scorer } from "../model/types.js";
import { admittedScorer, AdmissionGate } from "../graphql/admission.js";
import { createGraphQL } from "../graphql/apollo.js";
import type { ServerServices } from "../graphql/context.js";
import { applyCors } from "./cors.js";
import { graphqlRoute } from "./graphql-route.js";
import { healthBody, readyBody } from "./health.js";
import { pageAssets } from "./assets.js";
import { errorBody, sendJson } from "./responses.js";
import { applySecurityHeaders } from "./security-headers.js";
import { isStaticPath, PAGES, staticRoute } from "./static-route.js";

export const GRAPHQL_PATH = "/graphql";

export interface CreateServerOptions {
  config: Config;
  /** Runs the health probes (the repositories run everything else). */
  executor: Executor;
  graph: Repositories;
  scorer: Scorer;
  /** Parses typed SMILES; default the process's RDKit worker. */
  molecules?: ServerServices["molecules"];
  /** The served model card (checked at start-up by model/); without one, analytics lists no metrics. */
  modelCard?: ModelCard | null;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4000/ (the IDE); GraphQL is at graphqlUrl. */
  url: string;
  graphqlUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function createServer({
  config,
  executor,
  graph,
  scorer,
  molecules,
  modelCard,
}: CreateServerOptions): Promise<RunningServer> {
  const limits = config.server;
  const admission = new AdmissionGate(limits.modelConcurrency, limits.modelQueue);
  const services: ServerServices = {
    graph,
    scorer: admittedScorer(scorer, admission),
    molecules: molecules ?? sharedMoleculeWorker(),
    limits,
    drugBankSmiles: lazyDrugBank(config.seedDataDir),
    modelCard: {
      modelVersion: modelCard?.modelVersion ?? null,
      metrics: modelCard ? allModelMetrics(modelCard) : [],
    },
  };
  const graphql = await createGraphQL(services, limits);
  // Bundle the pages' scripts now (once per process), not on a browser's first visit.
  void pageAssets().catch((error: unknown) => console.error("[http] page assets failed to build:", error));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    applySecurityHeaders(res, url.pathname in PAGES);
    applyCors(req, res, limits.corsOrigins);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === GRAPHQL_PATH) {
      await graphqlRoute(graphql, limits, req, res, url);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { error: "method not allowed" }, { allow: "GET" });
      return;
    }
    if (isStaticPath(url.pathname)) {
      await staticRoute(req, res, url);
      return;
    }
    switch (url.pathname) {
      case "/health":
        sendJson(res, 200, await healthBody(executor, scorer, admission.stats));
        return;
      case "/health/ready": {
        const ready = await readyBody(executor);
        sendJson(res, ready.status, ready.body);
        return;
      }
      default:
        sendJson(res, 404, { error: `no route ${url.pathname}` });
    }
  }

  const httpServer = http.createServer(
    {
      // A client that trickles its headers or body holds a connection: cut it (408) after these.
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // How often Node checks those deadlines (default 30 s, which would double them).
      connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs),
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        // A client cut for its request timeout (or gone) has nobody to answer; nothing to log.
        if (req.destroyed && error instanceof Error && error.message === "aborted") return;
        // Last resort: the request fails, the server stays up.
        console.error("request failed:", error);
        if (!res.headersSent) sendJson(res, 500, errorBody("internal server error", "INTERNAL_SERVER_ERROR"));
        else res.end();
      });
    },
  );
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
      await graphql.apollo.stop();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
