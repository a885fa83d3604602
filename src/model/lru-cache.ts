// The model layer's one cache type: least recently used entries go first, bounded by entries and,
// when sizeOf is given, by bytes — an entry count alone let what-if results (~75 KB each with
// their keys and arrays) grow memory without a practical ceiling (issue 14, class 4). Built on
// `lru-cache` (maxSize + sizeCalculation); a capacity of 0 disables caching.
import { LRUCache } from "lru-cache";

export interface LruCacheBounds<K, V> {
  /** Most bytes held; needs sizeOf. */
  maxBytes?: number;
  /** Approximate bytes an entry holds (key and value). */
  sizeOf?: (value: V, key: K) => number;
}

// lru-cache keys and values are non-nullish ("undefined" means "absent").
export class LruCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly lru: LRUCache<K, V> | null;

  constructor(
    readonly capacity: number,
    bounds: LruCacheBounds<K, V> = {},
  ) {
    const { maxBytes, sizeOf } = bounds;
    this.lru =
      capacity > 0
        ? new LRUCache<K, V>({
            max: capacity,
            ...(maxBytes && sizeOf
              ? { maxSize: maxBytes, sizeCalculation: (v: V, k: K) => Math.max(1, Math.ceil(sizeOf(v, k))) }
              : {}),
          })
        : null;
  }

  get(key: K): V | undefined {
    return this.lru?.get(key);
  }

  set(key: K, value: V): void {
    // An entry larger than maxBytes is not stored (lru-cache refuses it).
    this.lru?.set(key, value);
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** Bytes held as sizeOf counts them (0 without a byte bound). */
  get bytes(): number {
    return this.lru?.calculatedSize ?? 0;
  }

  clear(): void {
    this.lru?.clear();
  }
}
