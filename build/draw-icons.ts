// Draws the app icons into build/ (electron-builder's resources folder) with the same PNG encoder the
// tray uses: `npx tsx build/draw-icons.ts`. Deterministic: running it again rewrites identical bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawBadge, encodePng, type Rgb } from '../main/electron/png';

const BRAND: Rgb = [37, 99, 235];
const here = import.meta.dirname;

mkdirSync(join(here, 'icons'), { recursive: true });
writeFileSync(join(here, 'icon.png'), encodePng(512, 512, drawBadge(512, BRAND, { dot: true })));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(join(here, 'icons', `${size}x${size}.png`), encodePng(size, size, drawBadge(size, BRAND, { dot: true })));
}
