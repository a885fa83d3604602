// Uniqueness constraint for every node key (each also backs a range index for MERGE/MATCH).
CREATE CONSTRAINT trial_nct_id IF NOT EXISTS FOR (t:Trial) REQUIRE t.nctId IS UNIQUE;
CREATE CONSTRAINT drug_name IF NOT EXISTS FOR (d:Drug) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT disease_name IF NOT EXISTS FOR (d:Disease) REQUIRE d.name IS UNIQUE;
CREATE CONSTRAINT icd_code IF NOT EXISTS FOR (c:IcdCode) REQUIRE c.code IS UNIQUE;
CREATE CONSTRAINT phase_name IF NOT EXISTS FOR (p:Phase) REQUIRE p.name IS UNIQUE;
