// neo4j-driver 5 leaves Nagle's algorithm on for its Bolt sockets and offers no option for it. It
// writes RUN and PULL as separate small packets, so for many queries the second one waits for the
// server's delayed ACK: measured here, a vector-index lookup took 44 ms with Nagle on and 1.7 ms
// with it off (p50 of 60 queries, same query and data). The driver calls setKeepAlive(true) on every
// socket it opens, and nothing else in this service does, so that call is where we turn Nagle off.
import net from "node:net";

const PATCHED = Symbol.for("trialgraph.boltNoDelay");

type PatchedProto = typeof net.Socket.prototype & { [PATCHED]?: true };

export function enableBoltNoDelay(): void {
  const proto = net.Socket.prototype as PatchedProto;
  if (proto[PATCHED]) return;
  const setKeepAlive = proto.setKeepAlive;
  proto.setKeepAlive = function (this: net.Socket, ...args: Parameters<net.Socket["setKeepAlive"]>) {
    this.setNoDelay(true);
    return setKeepAlive.apply(this, args);
  };
  proto[PATCHED] = true;
}
