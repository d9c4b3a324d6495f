-- Foundation: the state that lets several `yibao serve` processes share one database
-- (issue 2, "stateless instances"). Times are microseconds since the Unix epoch (UTC) in
-- BIGINT columns, which both SQLite and PostgreSQL store and compare exactly.

-- One-time keys: request nonces, consumed code tokens and similar "use once" values.
-- A key may be claimed again only after it expired.
CREATE TABLE one_time_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  expires_at_us BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX one_time_keys_expiry ON one_time_keys (expires_at_us);

-- Fixed-window counters for security rate limits (login, PIN attempts per source).
CREATE TABLE rate_limit_counters (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  window_start_us BIGINT NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
