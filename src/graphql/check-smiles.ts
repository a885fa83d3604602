// SMILES a user typed into predictOutcome, checked before anything is scored: bounds first (text
// only, src/domain/molecule-bounds.ts), then a parse in the RDKit worker. A rejected what-if is
// never scored, so it neither costs a model run nor leaves a cache entry (issue 14, classes 2, 4).
import { checkMoleculeBounds } from "../domain/molecule-bounds.js";
import { MoleculeBusyError, type MoleculeWorker } from "../domain/molecule-worker.js";
import { badInput, unavailable } from "./errors.js";

export type MoleculeParser = Pick<MoleculeWorker, "parse">;

export async function checkTypedSmiles(
  drugs: { name: string; smiles?: string | null }[],
  molecules: MoleculeParser,
): Promise<void> {
  const typed = drugs
    .map((d, i) => ({ name: d.name, smiles: d.smiles?.trim() ?? "", argument: `input.drugs[${i}].smiles` }))
    .filter((d) => d.smiles !== "");
  for (const d of typed) {
    const broken = checkMoleculeBounds(d.smiles);
    if (broken) {
      throw badInput(`${broken.message} (drug ${d.name})`, {
        argument: d.argument,
        value: d.smiles.length > 80 ? `${d.smiles.slice(0, 80)}…` : d.smiles,
        bound: broken.bound,
        limit: broken.limit,
      });
    }
  }
  for (const d of typed) {
    let reply;
    try {
      reply = await molecules.parse(d.smiles);
    } catch (error) {
      if (error instanceof MoleculeBusyError) throw unavailable(error.message, { service: "rdkit" });
      throw error;
    }
    if (reply.ok) continue;
    const message =
      reply.reason === "UNPARSABLE_SMILES"
        ? `invalid SMILES for drug ${d.name}`
        : `RDKit could not read the SMILES of drug ${d.name} within its limits`;
    throw badInput(message, { argument: d.argument, value: d.smiles, drug: d.name, reason: reply.reason });
  }
}
