// Build: type-check with tsc, bundle with esbuild, write the third-party notices, copy the icons,
// codex files and output schemas (nodes/*/__schema__/v<version>/<resource>/<operation>.json, where
// n8n's editor asks for them). form-data and mime-types are bundled into dist/, so the published
// package has no runtime `dependencies` (n8n's community lint forbids them); n8n-workflow stays
// external. The output is not minified, with source maps beside it, so the shipped code can be reviewed.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { series, src, dest } = require('gulp');
const esbuild = require('esbuild');
const { NOTICES_FILE, writeNotices } = require('./scripts/thirdPartyNotices');

const bundleOptions = {
	entryPoints: [
		'nodes/WolkvoxCases/WolkvoxCases.node.ts',
		'nodes/WolkvoxTrigger/WolkvoxTrigger.node.ts',
		'credentials/WolkvoxApi.credentials.ts',
	],
	outdir: 'dist',
	outbase: '.',
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	external: ['n8n-workflow'],
	// form-data brings mime-types@2 with its own mime-db: one copy (ours, v3) serves both.
	alias: { 'mime-types': path.dirname(require.resolve('mime-types/package.json')) },
	minify: false,
	keepNames: true,
	sourcemap: 'linked',
	sourcesContent: false,
	legalComments: 'inline',
	banner: { js: `// Bundled third-party code is listed with its licence in dist/${NOTICES_FILE}.` },
	metafile: true,
	logLevel: 'warning',
};

function clean(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
}

function typecheck(done) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
		stdio: 'inherit',
	});
	done();
}

async function bundle() {
	const { metafile } = await esbuild.build(bundleOptions);
	writeNotices(metafile, bundleOptions.outdir);
}

function assets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json', 'nodes/**/__schema__/**/*.json'], { base: '.' }).pipe(dest('dist'));
}

exports.build = series(clean, typecheck, bundle, assets);
exports.default = exports.build;
exports.bundleOptions = bundleOptions;
