// Installs n8n's 1.x engine packages (pinned in compat/n8n1/package.json and its lock file)
// into compat/n8n1/node_modules, for `jest -c jest.n8n1.config.js`. Skips the install when
// the installed versions already match the pins. No install scripts run (nothing needs them).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const prefix = join(dirname(fileURLToPath(import.meta.url)), 'n8n1');
const { dependencies } = JSON.parse(readFileSync(join(prefix, 'package.json'), 'utf8'));

const installedVersion = (name) => {
	const file = join(prefix, 'node_modules', name, 'package.json');
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
};
const missing = Object.entries(dependencies).filter(([name, version]) => installedVersion(name) !== version);

if (missing.length === 0) {
	console.log('compat/n8n1: n8n 1.x engine packages already installed');
} else {
	console.log(`compat/n8n1: installing ${missing.map(([name, version]) => `${name}@${version}`).join(', ')}`);
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const lock = existsSync(join(prefix, 'package-lock.json'));
	execFileSync(npm, [lock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix], {
		stdio: 'inherit',
		shell: process.platform === 'win32',
	});
}
