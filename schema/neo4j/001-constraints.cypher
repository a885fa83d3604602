// Uniqueness constraint for every node key (each also backs a range index for MERGE/MATCH).
CREATE CONSTRAINT trial_nct_id IF NOT EXISTS FOR (t:Trial) REQUIRE t.nctId IS UNIQUE;
CREATE CONSTRAINT drug_name IF NOT EXISTS FOR (d:Drug) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT disease_name IF NOT EXISTS FOR (d:Disease) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT icd_code IF NOT EXISTS FOR (c:IcdCode) REQUIRE c.code IS UNIQUE;
CREATE CONSTRAINT phase_name IF NOT EXISTS FOR (p:Phase) REQUIRE p.name IS UNIQUE;
// The graph's bookkeeping: the data version (src/graph/data-version.ts) and materialised analytics.
CREATE CONSTRAINT graph_meta_key IF NOT EXISTS FOR (m:GraphMeta) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT analytics_view_name IF NOT EXISTS FOR (v:AnalyticsView) REQUIRE v.name IS UNIQUE;
