// The same tests on n8n's 1.x engine (the 1.123.x line): `node compat/install.mjs` puts the
// engine packages n8n 1.123.81 ships into compat/n8n1/node_modules, and the mapper sends every
// require of them there: from the tests, from n8n-core itself, and from our built dist bundle,
// which keeps `n8n-workflow` external, as n8n provides it to community nodes at run time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const base = require('./jest.config.js');

if (!existsSync(join(__dirname, 'compat/n8n1/node_modules/n8n-core'))) {
	throw new Error('n8n 1.x engine not installed: run `node compat/install.mjs` first');
}

const compat = '<rootDir>/compat/n8n1/node_modules';
const engine = ['n8n-core', 'n8n-workflow', '@n8n/di', '@n8n/backend-common', '@n8n/config', '@n8n/constants', '@n8n/decorators', '@n8n/errors'];

/** @type {import('jest').Config} */
module.exports = {
	...base,
	displayName: 'n8n 1.x',
	moduleNameMapper: {
		...base.moduleNameMapper,
		...Object.fromEntries(engine.map((name) => [`^${name.replace('/', '\\/')}$`, `${compat}/${name}`])),
	},
};
