// Names of the indexes the code queries by name. The full-text index is created by
// schema/neo4j/003-fulltext.cypher, the vector index by ensureVectorIndex() once the model's
// embedding dimension is known; the names here and there must agree (test/integration/seed-schema.test.ts).
export const TRIAL_CRITERIA_FULLTEXT_INDEX = "trial_criteria";
export const TRIAL_EMBEDDING_VECTOR_INDEX = "trial_embedding";
