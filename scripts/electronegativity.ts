// `npm run security`: runs Electronegativity (Doyensec's Electron security scanner) over the shell's
// sources (main/electron, preload, the renderer's index.html, package.json), reads its CSV and fails on
// any HIGH or MEDIUM finding that the code does not justify with a marked comment on or just above the
// reported line:   // electronegativity-justified <CHECK_NAME>: <why this is safe>
// Findings without a file (global checks) are justified by such a comment anywhere in the scanned files.
// Electronegativity itself always exits 0, hence this gate. It reads the Electron version from package.json's
// dependencies, where Electron is not (electron-runtime/README.md): the pinned one is handed to it, or it would
// judge the shell by an old Electron's defaults (the remote module on).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const SCANNED = ['main/electron', 'preload', 'renderer/index.html', 'package.json'];
/** How many lines above the reported one a justification may sit. */
const REACH = 4;
const MARKER = 'electronegativity-justified';
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(root, 'electron-runtime', 'package.json'), 'utf8')) as { dependencies: { electron: string } })
  .dependencies.electron;

interface Finding {
  issue: string;
  severity: string;
  file: string;
  line: number;
  sample: string;
}

/** One CSV record (quoted fields may hold commas and doubled quotes). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field.trim());
  return fields;
}

function parseFindings(csv: string): Finding[] {
  return csv
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [issue = '', severity = '', , file = '', location = '0:0', sample = ''] = parseCsvLine(l);
      return { issue, severity: severity.toUpperCase(), file, line: Number(location.split(':')[0]), sample };
    });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function isJustified(finding: Finding, scanRoot: string): boolean {
  const mark = new RegExp(`${MARKER}\\s+${finding.issue}\\b`);
  if (finding.file === 'N/A' || !finding.line) {
    return filesUnder(scanRoot).some((f) => mark.test(readFileSync(f, 'utf8')));
  }
  const lines = readFileSync(join(scanRoot, finding.file), 'utf8').split('\n');
  return lines.slice(Math.max(0, finding.line - 1 - REACH), finding.line).some((l) => mark.test(l));
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'fw-electronegativity-'));
  const scanRoot = join(work, 'scan');
  try {
    for (const path of SCANNED) cpSync(join(root, path), join(scanRoot, path), { recursive: true });
    const csv = join(work, 'report.csv');
    const bin = join(root, 'node_modules', '.bin', 'electronegativity');
    execFileSync(bin, ['-i', scanRoot, '-o', csv, '-r', '-e', ELECTRON_VERSION], { stdio: ['ignore', 'ignore', 'inherit'] });
    const findings = parseFindings(readFileSync(csv, 'utf8'));
    const gated = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
    const open = gated.filter((f) => !isJustified(f, scanRoot));
    for (const f of findings) {
      const state = !gated.includes(f) ? 'info' : open.includes(f) ? 'OPEN' : 'justified';
      console.log(`${state.padEnd(9)} ${f.severity.padEnd(6)} ${f.issue} ${f.file}:${f.line} ${f.sample}`);
    }
    console.log(`Electronegativity: ${findings.length} findings, ${gated.length} HIGH/MEDIUM, ${open.length} not justified (scanned ${SCANNED.join(', ')}; Electron ${ELECTRON_VERSION})`);
    if (open.length > 0) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
