// Full-text search: criteria text of trials, and names of drugs and diseases.
CREATE FULLTEXT INDEX trial_criteria IF NOT EXISTS FOR (t:Trial) ON EACH [t.inclusionCriteria, t.exclusionCriteria];
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Drug|Disease) ON EACH [n.name];
// The vector index over Trial.embedding needs the model's embedding dimension; the scoring job
// creates it with ensureVectorIndex() (src/graph/vector-index.ts), not this file.
