// Third-party notices for the bundle, made from esbuild's metafile at build time: every package
// with code in dist/ is listed with its name, version, licence and the licence text shipped in
// its own folder. A bundled package without a licence file stops the build: we cannot credit it.
const fs = require('node:fs');
const path = require('node:path');

const NOTICES_FILE = 'THIRD_PARTY_NOTICES.txt';
const LICENCE_FILE = /^(licen[cs]e|copying)(\.(md|txt|markdown))?$/i;
const PACKAGE_DIR = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//;

/** Package folders with at least one byte in an output, and the outputs they are in. */
function bundledPackageDirs(metafile) {
	const dirs = new Map();
	for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
		for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
			const dir = input.replace(/\\/g, '/').match(PACKAGE_DIR)?.[1];
			if (!dir || bytesInOutput === 0) continue;
			if (!dirs.has(dir)) dirs.set(dir, new Set());
			dirs.get(dir).add(output.replace(/\\/g, '/'));
		}
	}
	return dirs;
}

/** One entry per bundled package: name, version, licence and its text, sorted by name. */
function bundledPackages(metafile, root = process.cwd()) {
	return [...bundledPackageDirs(metafile)]
		.map(([dir, outputs]) => {
			const folder = path.join(root, dir);
			const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
			const licenceFile = fs.readdirSync(folder).find((name) => LICENCE_FILE.test(name));
			if (!licenceFile) {
				throw new Error(`${manifest.name}@${manifest.version} is bundled but has no licence file in ${dir}: credit it by hand or stop bundling it`);
			}
			return {
				name: manifest.name,
				version: manifest.version,
				licence: typeof manifest.license === 'string' ? manifest.license : manifest.license?.type ?? 'UNKNOWN',
				licenceText: fs.readFileSync(path.join(folder, licenceFile), 'utf8').trim(),
				outputs: [...outputs].sort(),
			};
		})
		.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

function renderNotices(packages) {
	const rule = '='.repeat(78);
	const header = [
		'Third-party notices for n8n-nodes-wolkvox',
		'',
		`The files in dist/ bundle code from the ${packages.length} packages below (made from esbuild's`,
		'metafile by `npm run build`). Each keeps its own licence, whose text follows.',
		'',
		...packages.map((p) => `  ${p.name}@${p.version} (${p.licence})`),
	];
	const sections = packages.map((p) =>
		[
			rule,
			`${p.name}@${p.version}`,
			`Licence: ${p.licence}`,
			`Bundled into: ${p.outputs.join(', ')}`,
			'',
			p.licenceText,
		].join('\n'),
	);
	return `${[header.join('\n'), ...sections].join('\n\n')}\n`;
}

function writeNotices(metafile, outdir, root = process.cwd()) {
	const packages = bundledPackages(metafile, root);
	fs.writeFileSync(path.join(outdir, NOTICES_FILE), renderNotices(packages));
	return packages;
}

module.exports = { NOTICES_FILE, bundledPackages, renderNotices, writeNotices };
