// The shape of an operation (depth, and how many fields it selects once every fragment is spread),
// computed in time linear in the document: each fragment's shape is computed once and reused at
// every spread. Re-walking fragments at each spread is exponential — fragments that each spread the
// next one twice made an 838-byte request cost seconds of validation (issue 14, class 1).
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";

export interface Shape {
  /** Nesting of fields; fragments and inline fragments add no level; introspection is not counted. */
  depth: number;
  /** Fields selected with every fragment spread expanded (what validators and estimators walk). */
  fields: number;
}

const EMPTY: Shape = { depth: 0, fields: 0 };

export class ShapeMeter {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<string, Shape>();
  private readonly keyMemo = new Map<string, Map<string, number>>();
  private readonly inProgress = new Set<string>();

  constructor(document: DocumentNode) {
    for (const def of document.definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(def.name.value, def);
    }
  }

  of(set: SelectionSetNode | undefined): Shape {
    if (!set) return EMPTY;
    let depth = 0;
    let fields = 0;
    for (const sel of set.selections) {
      let inner: Shape;
      if (sel.kind === Kind.FIELD) {
        const child = this.of(sel.selectionSet);
        // Introspection (the IDE's schema query) is deep by nature and cheap: no depth, but its
        // fields still count, since validators walk them like any other.
        const introspection = sel.name.value.startsWith("__");
        inner = {
          depth: introspection ? 0 : sel.selectionSet ? 1 + child.depth : 1,
          fields: 1 + child.fields,
        };
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        inner = this.of(sel.selectionSet);
      } else {
        inner = this.fragment(sel.name.value);
      }
      if (inner.depth > depth) depth = inner.depth;
      fields += inner.fields;
    }
    return { depth, fields };
  }

  private fragment(name: string): Shape {
    const known = this.memo.get(name);
    if (known) return known;
    const frag = this.fragments.get(name);
    // Unknown or cyclic fragments are graphql's own rules' business (KnownFragmentNames,
    // NoFragmentCycles); here they add nothing, so the walk always ends.
    if (!frag || this.inProgress.has(name)) return EMPTY;
    this.inProgress.add(name);
    const shape = this.of(frag.selectionSet);
    this.inProgress.delete(name);
    this.memo.set(name, shape);
    return shape;
  }

  /**
   * How often each response key appears in one selection set once inline fragments and fragment
   * spreads are merged into it. graphql-js's overlapping-fields rule compares every pair of fields
   * sharing a key, so 2,000 copies of one field cost about a second of validation.
   */
  responseKeys(set: SelectionSetNode): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) add(sel.alias?.value ?? sel.name.value, 1);
      else if (sel.kind === Kind.INLINE_FRAGMENT)
        for (const [k, n] of this.responseKeys(sel.selectionSet)) add(k, n);
      else for (const [k, n] of this.fragmentKeys(sel.name.value)) add(k, n);
    }
    return counts;
  }

  private fragmentKeys(name: string): Map<string, number> {
    const known = this.keyMemo.get(name);
    if (known) return known;
    const frag = this.fragments.get(name);
    if (!frag || this.inProgress.has(name)) return new Map();
    this.inProgress.add(name);
    const keys = this.responseKeys(frag.selectionSet);
    this.inProgress.delete(name);
    this.keyMemo.set(name, keys);
    return keys;
  }
}
