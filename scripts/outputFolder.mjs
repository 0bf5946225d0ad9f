// Where `npm run bench` and `npm run test:e2e` put what they make: `<folder>/output/`, which git
// ignores, so a plain run leaves the tree clean. With `--update-tracked` (or
// WOLKVOX_UPDATE_TRACKED=1) they write into `<folder>/` itself, refreshing the copies README
// shows (bench/results.md, e2e/screenshots/), to be committed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const UPDATE_TRACKED = process.argv.includes('--update-tracked') || process.env.WOLKVOX_UPDATE_TRACKED === '1';

export function outputFolder(folder) {
	const dir = UPDATE_TRACKED ? folder : join(folder, 'output');
	mkdirSync(dir, { recursive: true });
	return dir;
}
