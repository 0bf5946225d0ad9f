// What the end-to-end test needs on the machine, installed when missing and cached between runs.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { postgresBinDir } from './postgres.mjs';
import { run } from './proc.mjs';

export const N8N_VERSION = '2.8.4';
export const PLAYWRIGHT_VERSION = '1.65.1';

function commandExists(name) {
	return ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin'].some((dir) => existsSync(join(dir, name)));
}

/** Debian packages: Dovecot's IMAP server, Chromium, and Redis + PostgreSQL for queue mode. */
export async function ensureAptPackages(log) {
	const wanted = [
		['dovecot', 'dovecot-imapd'],
		['chromium', 'chromium'],
		['redis-server', 'redis-server'],
		[postgresBinDir, 'postgresql'],
	].filter(([found]) => !(typeof found === 'function' ? found() : commandExists(found)));
	if (wanted.length === 0) return 'already installed';
	const packages = wanted.map(([, pkg]) => pkg);
	if (process.getuid?.() !== 0) throw new Error(`missing ${packages.join(', ')}: install them (apt-get install -y ${packages.join(' ')}) or run as root`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	log(`apt-get install ${packages.join(' ')}`);
	const update = await run('apt-get', ['update'], { env, timeoutMs: 600_000 });
	if (update.code !== 0) throw new Error(`apt-get update failed:\n${update.stderr.slice(-2000)}`);
	const install = await run('apt-get', ['install', '-y', ...packages], { env, timeoutMs: 1_200_000 });
	if (install.code !== 0) throw new Error(`apt-get install failed:\n${install.stderr.slice(-2000)}`);
	return `installed ${packages.join(', ')}`;
}

function writable(dir) {
	try {
		mkdirSync(dir, { recursive: true });
		accessSync(dir, constants.W_OK);
		return true;
	} catch {
		return false;
	}
}

/** A machine-wide cache (reused by later runs and CI on the same machine), else a folder in e2e/. */
export function cacheRoot(e2eDir) {
	if (process.env.WOLKVOX_E2E_CACHE) return process.env.WOLKVOX_E2E_CACHE;
	const machine = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-wolkvox');
	return writable(machine) ? machine : join(e2eDir, '.n8n-install');
}

/**
 * npm-installs `dependencies` into `<root>/<name>` once; a `.complete` marker with the same
 * package.json makes later runs reuse it. Installs into a temporary folder, renamed at the end,
 * so that an interrupted install is never taken for a finished one.
 */
async function cachedInstall(root, name, packageJson, log, timeoutMs) {
	const dir = join(root, name);
	const manifest = JSON.stringify(packageJson, null, 2) + '\n';
	const marker = join(dir, '.complete');
	if (existsSync(marker) && readFileSync(join(dir, 'package.json'), 'utf8') === manifest) return { dir, reused: true };
	const tmp = `${dir}.tmp-${process.pid}`;
	rmSync(tmp, { recursive: true, force: true });
	mkdirSync(tmp, { recursive: true });
	writeFileSync(join(tmp, 'package.json'), manifest);
	log(`npm install in ${tmp}`);
	// Under `npm run`, npm hands its settings down as npm_config_* variables, among them the
	// repo's ignore-scripts=true; n8n's sqlite3 must run its install script (it compiles here).
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
	const res = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts=false'], {
		cwd: tmp,
		env,
		timeoutMs,
		logFile: join(root, `${name}.install.log`),
	});
	if (res.code !== 0) throw new Error(`npm install of ${name} failed (see ${join(root, `${name}.install.log`)}):\n${res.stderr.slice(-3000)}`);
	if (packageJson.dependencies?.n8n) {
		const sqlite = await run(process.execPath, ['-e', "require('sqlite3')"], { cwd: tmp, timeoutMs: 60_000 });
		if (sqlite.code !== 0) throw new Error(`n8n was installed without a working sqlite3 (its install script did not run):\n${sqlite.stderr.slice(-2000)}`);
	}
	writeFileSync(join(tmp, '.complete'), new Date().toISOString() + '\n');
	rmSync(dir, { recursive: true, force: true });
	renameSync(tmp, dir);
	return { dir, reused: false };
}

/** The real n8n, pinned; `xlsx` is redirected to the npm registry (its own URL is outside it). */
export function ensureN8n(root, log) {
	return cachedInstall(
		root,
		`n8n-${N8N_VERSION}`,
		{
			name: 'n8n-nodes-wolkvox-e2e-n8n',
			private: true,
			description: "Test fixture: the real n8n used by n8n-nodes-wolkvox's end-to-end test (not published)",
			dependencies: { n8n: N8N_VERSION },
			overrides: { xlsx: 'npm:xlsx@0.18.5' },
		},
		log,
		1_800_000,
	);
}

export function ensurePlaywright(root, log) {
	return cachedInstall(
		root,
		`playwright-core-${PLAYWRIGHT_VERSION}`,
		{ name: 'n8n-nodes-wolkvox-e2e-playwright', private: true, dependencies: { 'playwright-core': PLAYWRIGHT_VERSION } },
		log,
		300_000,
	);
}

/** Builds when dist/ is missing, then packs the package exactly as it would be published. */
export async function packPackage(repo, destination, log) {
	if (!existsSync(join(repo, 'dist', 'nodes', 'WolkvoxCases', 'WolkvoxCases.node.js'))) {
		log('dist/ missing: npm run build');
		const build = await run('npm', ['run', 'build'], { cwd: repo, timeoutMs: 300_000 });
		if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout.slice(-2000)}${build.stderr.slice(-2000)}`);
	}
	mkdirSync(destination, { recursive: true });
	const pack = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: repo, timeoutMs: 120_000 });
	if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.stderr.slice(-2000)}`);
	const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
	return { tarball: join(destination, info.filename), files: info.files.map((f) => f.path), version: info.version };
}

/** Unpacks the tarball where n8n keeps community packages: <user folder>/.n8n/nodes/node_modules/<name>. */
export async function installCommunityPackage(tarball, userFolder, packageName) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', packageName);
	mkdirSync(target, { recursive: true });
	const res = await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { timeoutMs: 60_000 });
	if (res.code !== 0) throw new Error(`tar failed: ${res.stderr}`);
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [packageName]: `file:${tarball}` } }, null, 2),
	);
	return target;
}
