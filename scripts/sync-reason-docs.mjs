#!/usr/bin/env node
// Rewrites the ReasonCode schema of docs/api/openapi.yaml (its table and its enum) from
// src/core/reasons.inc, the one source of the reason catalog. Run after adding a reason:
//   node scripts/sync-reason-docs.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const incPath = join(root, 'src/core/reasons.inc');
const yamlPath = join(root, 'docs/api/openapi.yaml');

const reasons = [];
const pattern = /^YIBAO_REASON\((\w+),\s*(\d+),\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\)/;
for (const line of readFileSync(incPath, 'utf8').split('\n')) {
  const m = pattern.exec(line);
  if (m) reasons.push({ code: m[1], status: m[2], message: m[3], remedy: m[4] });
}
if (!reasons.length) throw new Error(`no YIBAO_REASON lines in ${incPath}`);

const lines = readFileSync(yamlPath, 'utf8').split('\n');
const start = lines.findIndex((l) => l === '    ReasonCode:');
if (start < 0) throw new Error('components.schemas.ReasonCode not found');
const cell = (text) => text.replaceAll('|', '\\|');

// The table: the rows after the |---| line, up to the first line that is not a row.
const sep = lines.findIndex((l, i) => i > start && l.trim() === '|---|---|---|---|');
let end = sep + 1;
while (lines[end]?.trimStart().startsWith('| `')) end++;
const rows = reasons.map((r) => `        | \`${r.code}\` | ${r.status} | ${cell(r.message)} | ${cell(r.remedy)} |`);
lines.splice(sep + 1, end - sep - 1, ...rows);

// The enum: the "- CODE" lines after "enum:".
const en = lines.findIndex((l, i) => i > start && l === '      enum:');
let stop = en + 1;
while (lines[stop]?.startsWith('        - ')) stop++;
lines.splice(en + 1, stop - en - 1, ...reasons.map((r) => `        - ${r.code}`));

writeFileSync(yamlPath, lines.join('\n'));
console.log(`ReasonCode: ${reasons.length} reasons written to docs/api/openapi.yaml`);
