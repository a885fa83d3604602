// Drug name -> SMILES for imported trials: the graph first (a Drug TOP already knows keeps its
// SMILES), then the bundled DrugBank table (case-insensitive), canonicalised by RDKit as the seed
// does. A name neither knows is kept as a Drug without SMILES and reported. Answers are cached
// for the run (one entry per distinct name, not per record).
import type { Executor } from "../../graph/executor.js";
import type { DrugBankTable } from "../../domain/drugbank.js";
import type { Canonical } from "../smiles.js";

export interface ResolvedDrug {
  name: string;
  smiles: string | null;
  canonicalSmiles: string | null;
  rawSmiles: string | null;
  smilesSource: "graph" | "drugbank" | null;
}

export class DrugResolver {
  private readonly cache = new Map<string, ResolvedDrug>();

  constructor(
    private readonly executor: Executor,
    private readonly drugBank: DrugBankTable,
    private readonly canonicalize: (smiles: string) => Canonical,
  ) {}

  async resolve(names: readonly string[]): Promise<Map<string, ResolvedDrug>> {
    const missing = [...new Set(names)].filter((n) => !this.cache.has(n));
    if (missing.length) {
      const rows = await this.executor.read<{
        name: string;
        smiles: string | null;
        canonical: string | null;
      }>(
        "UNWIND $names AS n MATCH (d:Drug {name: n}) RETURN d.name AS name, d.smiles AS smiles, d.canonicalSmiles AS canonical",
        { names: missing },
      );
      const inGraph = new Map(rows.filter((r) => r.smiles).map((r) => [r.name, r]));
      for (const name of missing) {
        const g = inGraph.get(name);
        if (g) {
          this.cache.set(name, {
            name,
            smiles: g.smiles,
            canonicalSmiles: g.canonical,
            rawSmiles: g.smiles,
            smilesSource: "graph",
          });
          continue;
        }
        const raw = this.drugBank.get(name)?.trim() || null;
        const canon = raw ? this.canonicalize(raw) : null;
        this.cache.set(name, {
          name,
          smiles: canon?.ok ? raw : null,
          canonicalSmiles: canon?.ok ? canon.canonical : null,
          rawSmiles: raw,
          smilesSource: canon?.ok ? "drugbank" : null,
        });
      }
    }
    return new Map(names.map((n) => [n, this.cache.get(n)!]));
  }
}
