// Real trials as the model sees them, straight from the bundled seed files (no Neo4j needed): the
// same fields the scoring job reads back from the graph (Trial.drugSmiles / Trial.icdCodes).
import path from "node:path";
import { prepareSeed } from "../../src/seed/prepare-seed.js";
import { defaultSeedFiles } from "../../src/seed/source-files.js";
import { openSource } from "../../src/seed/open-source.js";
import { loadConfig } from "../../src/config.js";
import type { TrialModelInput } from "../../src/model/types.js";

/** A trial prepared by the seeder, as the scoring job reads it back from the graph. */
export function seededModelInput(t: SeededTrial): TrialModelInput {
  return {
    nctId: t.nctId,
    phase: t.phase,
    inclusionCriteria: t.inclusionCriteria,
    exclusionCriteria: t.exclusionCriteria,
    drugs: t.drugSmiles.map((s, i) => ({ name: `drug ${i + 1}`, smiles: s === "" ? null : s })),
    icdCodes: t.icdCodes,
  };
}

type SeededTrial = Awaited<ReturnType<typeof prepareSeed>>["rows"]["trials"][number];

/** The first n trials of the first bundled file that has enough (phase I train first: the biggest). */
export async function benchTrials(n: number, dataDir = loadConfig().seedDataDir): Promise<TrialModelInput[]> {
  const files = await defaultSeedFiles(dataDir);
  const ordered = [...files].sort(
    (a, b) =>
      Number(!/phase_I_train/.test(path.basename(a))) - Number(!/phase_I_train/.test(path.basename(b))),
  );
  const out: TrialModelInput[] = [];
  for (const file of ordered) {
    const prepared = await prepareSeed([await openSource(file, dataDir)], dataDir);
    for (const t of prepared.rows.trials) {
      out.push(seededModelInput(t));
      if (out.length >= n) return out;
    }
  }
  if (out.length < n) throw new Error(`only ${out.length} trials in ${dataDir}, wanted ${n}`);
  return out;
}
