// Property indexes for common filters.
CREATE INDEX trial_phase IF NOT EXISTS FOR (t:Trial) ON (t.phase);
CREATE INDEX trial_split IF NOT EXISTS FOR (t:Trial) ON (t.split);
CREATE INDEX trial_outcome IF NOT EXISTS FOR (t:Trial) ON (t.outcome);
// Probability ranges and the probability orders of the trials connection (keyset pages).
CREATE INDEX trial_success_probability IF NOT EXISTS FOR (t:Trial) ON (t.successProbability);
