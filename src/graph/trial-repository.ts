// Trials: lookups by id, filtered pages, counts, and each trial's drugs and diseases. Ids are
// batched with UNWIND; every value travels as a parameter.
import { int, type Executor } from "./executor.js";
import { relevanceOnlyQuery, relevanceWindowQuery, settledRelevancePage } from "./relevance-page.js";
import {
  trialMatchClause,
  trialOrderBy,
  trialOrderValue,
  type TrialFilter,
  type TrialKey,
  type TrialOrder,
} from "./trial-filter.js";
import {
  toTrialRow,
  trialFields,
  type TrialDiseaseRow,
  type TrialDrugRow,
  type TrialRow,
} from "./trial-row.js";

export class TrialRepository {
  constructor(private readonly executor: Executor) {}

  async byIds(ids: readonly string[]): Promise<Map<string, TrialRow>> {
    const rows = await this.executor.read<{ trial: Record<string, unknown> }>(
      `UNWIND $ids AS id MATCH (t:Trial {nctId: id}) RETURN ${trialFields("t")} AS trial`,
      { ids: [...ids] },
    );
    return new Map(rows.map((r) => [String(r.trial.nctId), toTrialRow(r.trial)]));
  }

  async list(
    filter: TrialFilter | null | undefined,
    order: TrialOrder,
    offset: number,
    limit: number,
  ): Promise<TrialRow[]> {
    const ftQuery = order === "RELEVANCE" ? relevanceOnlyQuery(filter) : null;
    if (ftQuery) return (await this.relevancePage(ftQuery, null, offset, limit)).map((r) => r.row);
    const match = trialMatchClause(filter);
    const rows = await this.executor.read<{ trial: Record<string, unknown> }>(
      `${match.cypher} RETURN ${trialFields("t")} AS trial, score ${trialOrderBy(order)} SKIP $offset LIMIT $limit`,
      { ...match.params, offset: int(offset), limit: int(limit) },
    );
    return rows.map((r) => toTrialRow(r.trial));
  }

  /**
   * A keyset page: the first `limit` trials after `after` (null: from the start) in `order`, each
   * with its sort key for the next cursor. The cost depends on the page, not on how deep it is.
   */
  async page(
    filter: TrialFilter | null | undefined,
    order: TrialOrder,
    after: TrialKey | null,
    limit: number,
  ): Promise<{ row: TrialRow; key: TrialKey }[]> {
    // A text search ranked by relevance reads only the index's top hits; any other order, or other
    // conditions with the text, need every hit (the first rows in nctId or probability order, or
    // the first that pass a filter, can sit anywhere in Lucene's ranking): a sort of all hits.
    const ftQuery = order === "RELEVANCE" ? relevanceOnlyQuery(filter) : null;
    if (ftQuery) return this.relevancePage(ftQuery, after, 0, limit);
    const match = trialMatchClause(filter, after ? { order, key: after } : null);
    const rows = await this.executor.read<{ trial: Record<string, unknown>; value: number | null }>(
      `${match.cypher} WITH t, score ${trialOrderBy(order)} LIMIT $limit
       RETURN ${trialFields("t")} AS trial, ${trialOrderValue(order)} AS value`,
      { ...match.params, limit: int(limit) },
    );
    return rows.map((r) => {
      const row = toTrialRow(r.trial);
      return { row, key: { nctId: row.nctId, value: r.value ?? null } };
    });
  }

  /** A RELEVANCE page of a text-only search from the index's top hits (relevance-page.ts). */
  private async relevancePage(
    ftQuery: string,
    after: TrialKey | null,
    skip: number,
    limit: number,
  ): Promise<{ row: TrialRow; key: TrialKey }[]> {
    const before = (after?.rank ?? 0) + skip;
    const rows = await settledRelevancePage(before, limit, async (window) => {
      const q = relevanceWindowQuery(ftQuery, window, after, skip, limit);
      const [res] = await this.executor.read<{
        hitCount: number;
        floor: number | null;
        rows: { trial: Record<string, unknown>; value: number }[];
      }>(q.cypher, q.params);
      const page = res?.rows ?? [];
      return {
        hitCount: res?.hitCount ?? 0,
        floor: res?.floor ?? null,
        scores: page.map((r) => r.value),
        rows: page,
      };
    });
    return rows.map((r, i) => {
      const row = toTrialRow(r.trial);
      return { row, key: { nctId: row.nctId, value: r.value, rank: before + i + 1 } };
    });
  }

  async count(filter: TrialFilter | null | undefined): Promise<number> {
    const match = trialMatchClause(filter);
    const rows = await this.executor.read<{ n: number }>(
      `${match.cypher} RETURN count(t) AS n`,
      match.params,
    );
    return rows[0]?.n ?? 0;
  }

  /** Drugs per trial, in the order of the trial's drug list (TESTS.position, written by the seed). */
  async drugsOf(ids: readonly string[]): Promise<Map<string, TrialDrugRow[]>> {
    const rows = await this.executor.read<{ id: string; drug: TrialDrugRow }>(
      `UNWIND $ids AS id MATCH (:Trial {nctId: id})-[r:TESTS]->(d:Drug)
       WITH id, r, d ORDER BY r.position
       RETURN id, d { .name, .smiles, .canonicalSmiles } AS drug`,
      { ids: [...ids] },
    );
    const out = new Map<string, TrialDrugRow[]>(ids.map((id) => [id, []]));
    for (const r of rows) {
      out.get(r.id)?.push({
        name: r.drug.name,
        smiles: r.drug.smiles ?? null,
        canonicalSmiles: r.drug.canonicalSmiles ?? null,
      });
    }
    return out;
  }

  /** Diseases per trial (STUDIES.position order), each with its ICD codes. */
  async diseasesOf(ids: readonly string[]): Promise<Map<string, TrialDiseaseRow[]>> {
    const rows = await this.executor.read<{
      id: string;
      name: string;
      codes: { code: string; description: string | null }[];
    }>(
      `UNWIND $ids AS id MATCH (:Trial {nctId: id})-[r:STUDIES]->(s:Disease)
       WITH id, r, s ORDER BY r.position
       RETURN id, s.name AS name,
         COLLECT { MATCH (s)-[:CODED_AS]->(c:IcdCode) RETURN { code: c.code, description: c.description } } AS codes`,
      { ids: [...ids] },
    );
    const out = new Map<string, TrialDiseaseRow[]>(ids.map((id) => [id, []]));
    for (const r of rows) {
      const codes = r.codes.map((c) => ({ code: c.code, description: c.description ?? null }));
      out.get(r.id)?.push({ name: r.name, icdCodes: codes });
    }
    return out;
  }

  /** Stored embeddings (with the model version that wrote them) for the given trials. */
  async storedEmbeddings(
    ids: readonly string[],
  ): Promise<Map<string, { embedding: number[]; modelVersion: string | null }>> {
    const rows = await this.executor.read<{ id: string; embedding: number[]; modelVersion: string | null }>(
      `UNWIND $ids AS id MATCH (t:Trial {nctId: id}) WHERE t.embedding IS NOT NULL
       RETURN id, t.embedding AS embedding, t.modelVersion AS modelVersion`,
      { ids: [...ids] },
    );
    return new Map(rows.map((r) => [r.id, { embedding: r.embedding, modelVersion: r.modelVersion }]));
  }

  /** SMILES stored on Drug nodes for the given names (case-insensitive), keyed by lower-case name. */
  async drugSmilesByNames(names: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await this.executor.read<{ key: string; smiles: string | null }>(
      `UNWIND $names AS key MATCH (d:Drug) WHERE toLower(d.name) = key
       RETURN key, head(collect(d.smiles)) AS smiles`,
      { names: names.map((n) => n.toLowerCase()) },
    );
    return new Map(rows.map((r) => [r.key, r.smiles ?? null]));
  }
}
