// Regression: Bolt sockets ran with Nagle's algorithm on, adding ~40 ms to many queries.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enableBoltNoDelay } from "../../../src/graph/bolt-no-delay.js";

describe("enableBoltNoDelay", () => {
  let server: net.Server;
  let port = 0;
  beforeAll(async () => {
    server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("turns Nagle off on every socket the driver configures with setKeepAlive, once", async () => {
    enableBoltNoDelay();
    enableBoltNoDelay(); // idempotent: a second call must not wrap the wrapper
    const socket = net.connect(port, "127.0.0.1");
    const calls: boolean[] = [];
    const setNoDelay = socket.setNoDelay.bind(socket);
    socket.setNoDelay = (noDelay?: boolean) => {
      calls.push(noDelay ?? true);
      return setNoDelay(noDelay);
    };
    socket.setKeepAlive(true);
    expect(calls).toEqual([true]);
    socket.destroy();
  });
});
