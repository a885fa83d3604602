// `score --shard i/n`: n workers (CPU processes or GPU machines) split the trials by a hash of the
// nctId, so every trial belongs to exactly one shard whatever order or time the workers read the
// graph in: no two workers score one trial, and none is left out. A worker killed half-way and
// started again with the same i/n finds its unscored trials again (what it wrote stays).

export interface Shard {
  /** 0-based: this worker's part. */
  index: number;
  /** How many parts the trials are split into. */
  count: number;
}

/** Parses `i/n` (0 <= i < n); throws a message naming the flag otherwise. */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) {
    throw new Error(`--shard must be i/n with 0 <= i < n (e.g. 0/2), got ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/** FNV-1a (32 bit) of the id: stable across processes, machines and Node versions. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The shard (0..count-1) a trial belongs to. */
export function shardOf(nctId: string, count: number): number {
  return fnv1a(nctId) % count;
}

export function inShard(nctId: string, shard: Shard): boolean {
  return shardOf(nctId, shard.count) === shard.index;
}
