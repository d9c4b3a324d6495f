-- Issue 19: facts about the deployment itself. `demo_store` marks a store seeded by
-- `yibao seed-demo` (only such a store may run `serve --demo-clock`); `demo_clock_offset_us`
-- is how far the demo clock has been moved, so a restart keeps the demo's date.
CREATE TABLE platform_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at_us BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);

-- Demo stores seeded before this migration are known by the demo hospital seed-demo creates.
INSERT INTO platform_settings (name, value, updated_at_us, updated_by)
SELECT 'demo_store', '1', 0, 'migration 0016' FROM institutions
WHERE code = 'H11010500001' AND name LIKE '%（演示）%';

-- 参保登记 (issue 19 §1): the household registration (户籍) region staff record with a person.
ALTER TABLE persons ADD COLUMN household_admdvs TEXT;
