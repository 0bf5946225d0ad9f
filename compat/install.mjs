// Installs the engine packages of one older n8n line, pinned in compat/<line>/package.json and
// its lock file, into compat/<line>/node_modules: `node compat/install.mjs n8n28` (n8n 2.8) or
// `node compat/install.mjs n8n1` (n8n 1.x), for the jest config of that line. Skips the install
// when the installed versions already match the pins. No install scripts run (nothing needs them).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lines = readdirSync(here, { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'package.json')))
	.map((entry) => entry.name);
const line = process.argv[2];
if (!lines.includes(line)) {
	process.stderr.write(`usage: node compat/install.mjs <${lines.join('|')}>\n`);
	process.exit(2);
}

const prefix = join(here, line);
const { dependencies } = JSON.parse(readFileSync(join(prefix, 'package.json'), 'utf8'));

const installedVersion = (name) => {
	const file = join(prefix, 'node_modules', name, 'package.json');
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
};
const missing = Object.entries(dependencies).filter(([name, version]) => installedVersion(name) !== version);

if (missing.length === 0) {
	process.stdout.write(`compat/${line}: engine packages already installed\n`);
} else {
	process.stdout.write(`compat/${line}: installing ${missing.map(([name, version]) => `${name}@${version}`).join(', ')}\n`);
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const lock = existsSync(join(prefix, 'package-lock.json'));
	execFileSync(npm, [lock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix], {
		stdio: 'inherit',
		shell: process.platform === 'win32',
	});
}
