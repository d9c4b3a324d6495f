-- 1312 医保目录信息查询 (issue 15): catalogue rows carry their validity (begndate/enddate,
-- vali_flag), a version that grows on every change and the time of that change, so a HIS can
-- download the increments since its last updt_time.
--
-- Backfill: rows that predate versions are version 1, valid from the start of 2026 (the year
-- yibao's catalogue was first loaded) and last changed then; a HIS's first download is a full
-- one, so no row is missed.
ALTER TABLE catalogue_items ADD COLUMN begndate TEXT NOT NULL DEFAULT '2026-01-01';
ALTER TABLE catalogue_items ADD COLUMN enddate TEXT;
ALTER TABLE catalogue_items ADD COLUMN vali_flag TEXT NOT NULL DEFAULT '1';
ALTER TABLE catalogue_items ADD COLUMN updt_time TEXT NOT NULL DEFAULT '2026-01-01 00:00:00';
ALTER TABLE catalogue_items ADD COLUMN ver BIGINT NOT NULL DEFAULT 1;

-- Increment downloads page in updt_time order.
CREATE INDEX catalogue_items_by_updt_time ON catalogue_items (updt_time, admdvs, med_list_codg);
