// What the published package holds: every bundled package credited with its licence text
// (dist/THIRD_PARTY_NOTICES.txt, written by `npm run build`), readable code with source maps,
// one copy of mime-db, and no `main` pointing at a file that is not there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import { build, type BuildOptions, type Metafile } from 'esbuild';

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist');
const NOTICES = join(DIST, 'THIRD_PARTY_NOTICES.txt');
// The build's own esbuild options, so this test bundles exactly what `npm run build` bundles.
const load = createRequire(__filename);
const { bundleOptions } = load('../gulpfile') as { bundleOptions: BuildOptions };

interface Bundled {
	name: string;
	version: string;
	licence: string;
	licenceText: string;
}

/** Read straight from the metafile and node_modules, independently of the build's own code. */
function bundledPackages(metafile: Metafile): Bundled[] {
	const dirs = new Set<string>();
	for (const output of Object.values(metafile.outputs)) {
		for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
			const at = input.lastIndexOf('node_modules/');
			if (at < 0 || bytesInOutput === 0) continue;
			const rest = input.slice(at + 'node_modules/'.length).split('/');
			dirs.add(input.slice(0, at) + 'node_modules/' + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/'));
		}
	}
	return [...dirs].map((dir) => {
		const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
		const licenceFile = readdirSync(join(ROOT, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
		return {
			name: manifest.name,
			version: manifest.version,
			licence: manifest.license,
			licenceText: licenceFile ? readFileSync(join(ROOT, dir, licenceFile), 'utf8') : '',
		};
	});
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The packages the notices do not credit with name, version, licence and licence text. */
function uncredited(notices: string, packages: Bundled[]): string[] {
	const sections = notices.split(/^={20,}$/m).map(squash);
	return packages
		.filter((p) => {
			const section = sections.find((s) => s.startsWith(`${p.name}@${p.version} `));
			return !section || !p.licenceText || !section.includes(`Licence: ${p.licence}`) || !section.includes(squash(p.licenceText));
		})
		.map((p) => `${p.name}@${p.version}`);
}

let metafile: Metafile;
let packages: Bundled[];
let notices: string;

beforeAll(async () => {
	if (!existsSync(NOTICES)) throw new Error('dist/ has no THIRD_PARTY_NOTICES.txt: run `npm run build` first');
	notices = readFileSync(NOTICES, 'utf8');
	({ metafile } = await build({ ...bundleOptions, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent' }));
	packages = bundledPackages(metafile);
});

describe('third-party notices', () => {
	test('every bundled package is credited with its version, licence and licence text', () => {
		expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['form-data', 'mime-types', 'mime-db', 'combined-stream']));
		expect(uncredited(notices, packages)).toEqual([]);
		expect(notices).toContain(`bundle code from the ${packages.length} packages below`);
	});

	test('a bundled package left out of the notices is caught', () => {
		const [first] = packages;
		const sections = notices.split(/^(?==+$)/m);
		const without = sections.filter((s) => !s.includes(`\n${first.name}@${first.version}\n`)).join('');
		expect(without.length).toBeLessThan(notices.length);
		expect(uncredited(without, packages)).toEqual([`${first.name}@${first.version}`]);
	});

	test('every bundled licence is one that allows shipping the code inside this MIT package', () => {
		const permissive = ['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD'];
		expect(packages.filter((p) => !permissive.includes(p.licence)).map((p) => `${p.name}: ${p.licence}`)).toEqual([]);
	});

	test('one copy of mime-db is bundled (form-data\'s mime-types@2 uses ours)', () => {
		expect(packages.filter((p) => p.name === 'mime-db')).toHaveLength(1);
		expect(packages.filter((p) => p.name === 'mime-types').map((p) => p.version)).toEqual([load('mime-types/package.json').version]);
	});
});

describe('the published files', () => {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

	test('the package ships dist/ whole: the notices and a source map beside every bundle', () => {
		// npm packs `files` plus package.json, README and LICENSE; e2e/run.mjs checks the real tarball.
		expect(manifest.files).toEqual(['dist']);
		expect(existsSync(NOTICES)).toBe(true);
		const bundles = Object.keys(metafile.outputs).filter((f) => f.endsWith('.js'));
		expect(bundles.length).toBeGreaterThan(1);
		for (const js of bundles) expect(existsSync(join(ROOT, `${js}.map`))).toBe(true);
	});

	test('the code is readable (not minified) and each map points at sources in this repository', () => {
		for (const js of Object.keys(metafile.outputs).filter((f) => f.endsWith('.js'))) {
			const code = readFileSync(join(ROOT, js), 'utf8');
			const lines = code.split('\n');
			// Minified, the node bundle is a few lines of 100 KB; readable, no line comes near 1,000 characters.
			expect({ js, longLines: lines.filter((l) => l.length > 1000).length }).toEqual({ js, longLines: 0 });
			expect(lines.at(-1) || lines.at(-2)).toMatch(/^\/\/# sourceMappingURL=/);
			const map = JSON.parse(readFileSync(join(ROOT, `${js}.map`), 'utf8')) as { sources: string[] };
			const missing = map.sources.filter((s) => !existsSync(resolve(dirname(join(ROOT, js)), s)));
			expect({ js, missing }).toEqual({ js, missing: [] });
		}
	});

	test('package.json names no entry file that does not exist', () => {
		if ('main' in manifest) expect(existsSync(join(ROOT, manifest.main))).toBe(true);
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(existsSync(join(ROOT, file))).toBe(true);
	});
});
