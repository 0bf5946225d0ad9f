// The same tests on an older n8n line's engine: `node compat/install.mjs <line>` puts the engine
// packages of that line into compat/<line>/node_modules, and the mapper sends every require of
// them there (subpaths included): from the tests, from n8n-core itself, and from our built dist
// bundle, which keeps `n8n-workflow` external, as n8n provides it to community nodes at run time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const base = require('../jest.config.js');

const ENGINE_PACKAGES = [
	'n8n-core',
	'n8n-workflow',
	'@n8n/di',
	'@n8n/backend-common',
	'@n8n/config',
	'@n8n/constants',
	'@n8n/decorators',
	'@n8n/errors',
];

/** @returns {import('jest').Config} */
module.exports = function compatConfig(line, displayName) {
	if (!existsSync(join(__dirname, line, 'node_modules/n8n-core'))) {
		throw new Error(`${displayName} engine not installed: run \`node compat/install.mjs ${line}\` first`);
	}
	const modules = `<rootDir>/compat/${line}/node_modules`;
	const escape = (name) => name.replace(/[/.]/g, '\\$&');
	return {
		...base,
		rootDir: join(__dirname, '..'),
		displayName,
		moduleNameMapper: {
			...base.moduleNameMapper,
			...Object.fromEntries(ENGINE_PACKAGES.map((name) => [`^${escape(name)}(/.*)?$`, `${modules}/${name}$1`])),
		},
	};
};
