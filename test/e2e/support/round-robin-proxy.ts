// A small HTTP round-robin balancer for tests: each request goes to the next upstream in turn (what
// nginx's default `upstream` block does), and the proxy counts what each upstream served.
import http from "node:http";
import type { AddressInfo } from "node:net";

export class RoundRobinProxy {
  readonly served: number[];
  private next = 0;
  private server: http.Server | undefined;
  url = "";

  constructor(private readonly upstreams: URL[]) {
    this.served = upstreams.map(() => 0);
  }

  async start(): Promise<void> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    this.server = http.createServer((req, res) => {
      const i = this.next;
      this.next = (this.next + 1) % this.upstreams.length;
      const target = this.upstreams[i]!;
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
          agent,
        },
        (up) => {
          this.served[i]! += 1;
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
