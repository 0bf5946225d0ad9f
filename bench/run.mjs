// npm run bench  (= npm run build && node bench/run.mjs)
//
// Side by side, on one emulator process and the same files, in n8n's filesystem binary mode:
//   (a) this node, (b) n8n's own HTTP Request node doing the same uploads, (c) a bare Node client.
// Every measured case runs in a fresh child process (bench/scenario.ts for n8n, bench/raw.mjs for
// the bare client); the emulator (bench/emulator.ts) runs in its own process.
// Prints a markdown table and writes it to bench/output/results.md (bench/results.md, the copy
// README shows, with `npm run bench -- --update-tracked`).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	cpSync,
	createWriteStream,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	unlinkSync,
	writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { outputFolder } from '../scripts/outputFolder.mjs';
import { openCase } from '../scripts/openCase.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);

// n8n 2.8.4 (the newest n8n that runs on Node 20) ships n8n-nodes-base 2.8.1, on n8n-core 2.8.1:
// checked with `npm view n8n@2.8.4 dependencies`.
const N8N_VERSION = '2.8.4';
const NODES_BASE_VERSION = '2.8.1';
const CACHE = join(BENCH, '.cache', `n8n-nodes-base-${NODES_BASE_VERSION}`);
const NODES_BASE_DIR = join(CACHE, 'node_modules', 'n8n-nodes-base');

const MB = 1024 * 1024;
const ITEMS = 500;
const ITEM_SIZE = 50 * 1024;
const LATENCY_MS = 50;
const EMULATOR_ALONE = { items: 2000, concurrency: 16 };
const LARGE = [
	{ operation: 'create', sizes: [200 * MB, 50 * MB] },
	{ operation: 'update', sizes: [100 * MB, 25 * MB] },
];
/** Throughput cases run this often, interleaved; the fastest round counts. */
const THROUGHPUT_ROUNDS = 2;
/** Our node and the bare client run this often on each large file, interleaved; the fastest counts. */
const LARGE_REPEATS = 2;
const RSS_LIMIT = 64 * MB;
/** "Not growing with file size": the full size may use at most this share of its extra bytes more. */
const GROWTH_SHARE = 0.1;

const log = (line) => process.stderr.write(`${line}\n`);

/** n8n-nodes-base, installed once into bench/.cache (never into the repo's package.json). */
function ensureNodesBase() {
	if (!existsSync(join(NODES_BASE_DIR, 'package.json'))) {
		mkdirSync(CACHE, { recursive: true });
		writeFileSync(
			join(CACHE, 'package.json'),
			`${JSON.stringify(
				{
					name: 'wolkvox-bench-n8n-nodes-base',
					private: true,
					description: `n8n-nodes-base as shipped with n8n ${N8N_VERSION}, for bench/ only`,
					dependencies: { 'n8n-nodes-base': NODES_BASE_VERSION },
					// n8n-nodes-base pins xlsx to a tarball outside the npm registry.
					overrides: { xlsx: 'npm:xlsx@0.18.5' },
				},
				null,
				2,
			)}\n`,
		);
		log(`Installing n8n-nodes-base@${NODES_BASE_VERSION} into ${CACHE} (once, about a minute)…`);
		const npm = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: CACHE,
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		if (npm.status !== 0) throw new Error('npm install of n8n-nodes-base failed');
	}
	// A real n8n install has one copy of these, shared by n8n-core and n8n-nodes-base; n8n-core
	// recognises a multipart body by `instanceof` its own form-data. Removing the cache's copies
	// makes n8n-nodes-base resolve the repo's (same versions of n8n-workflow and @n8n/di).
	for (const name of ['form-data', 'n8n-workflow', join('@n8n', 'di')]) {
		if (existsSync(join(ROOT, 'node_modules', name))) rmSync(join(CACHE, 'node_modules', name), { recursive: true, force: true });
	}
}

/**
 * A copy of the package as just built (package.json + dist/), with the repo's node_modules
 * linked in: every case loads this one build even if the working tree is rebuilt meanwhile.
 */
async function snapshotPackage(dir) {
	const built = ['package.json', 'dist/nodes/WolkvoxCases/WolkvoxCases.node.js', 'dist/credentials/WolkvoxApi.credentials.js'];
	for (let waited = 0; !built.every((file) => existsSync(join(ROOT, file))); waited += 500) {
		if (waited > 60_000) throw new Error('dist/ is missing: run npm run build first');
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const packageDir = join(dir, 'package');
	mkdirSync(packageDir);
	cpSync(join(ROOT, 'package.json'), join(packageDir, 'package.json'));
	cpSync(join(ROOT, 'dist'), join(packageDir, 'dist'), { recursive: true });
	symlinkSync(join(ROOT, 'node_modules'), join(packageDir, 'node_modules'), 'dir');
	return packageDir;
}

async function writeRandomFile(path, size) {
	const out = createWriteStream(path);
	for (let left = size; left > 0; left -= MB) {
		if (!out.write(randomBytes(Math.min(MB, left)))) await new Promise((resolve) => out.once('drain', resolve));
	}
	await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
}

async function makeFiles(dir) {
	const small = [];
	mkdirSync(join(dir, 'small'));
	for (let i = 0; i < ITEMS; i++) {
		const path = join(dir, 'small', `item-${String(i).padStart(3, '0')}.pdf`);
		writeFileSync(path, randomBytes(ITEM_SIZE));
		small.push(path);
	}
	const warmup = [1, 2].map((i) => {
		const path = join(dir, `warmup-${i}.pdf`);
		writeFileSync(path, randomBytes(1024));
		return path;
	});
	const large = {};
	for (const { operation, sizes } of LARGE) {
		for (const size of sizes) {
			const path = join(dir, `${operation}-${size / MB}MB.zip`);
			await writeRandomFile(path, size);
			large[`${operation}-${size}`] = path;
		}
	}
	return { small, warmup, large };
}

function startEmulator(env) {
	const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'emulator.ts'), '--latency', String(LATENCY_MS)], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout });
		lines.once('line', (line) => {
			child.stdout.resume();
			resolve({ child, info: JSON.parse(line) });
		});
		child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it started`)));
	});
}

/** CPU seconds the emulator process has used so far (user + system), from /proc. */
function cpuSeconds(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return NaN;
	}
}

/** One measured case in a fresh process; resolves with its JSON result and the emulator's CPU use. */
async function measure(spec, ctx) {
	const result = await measureOnce(spec, ctx);
	if (!result.fatal) return result;
	log('  …once more');
	return await measureOnce(spec, ctx);
}

function measureOnce(spec, ctx) {
	const script = spec.client === 'raw' ? [join(BENCH, 'raw.mjs')] : ['--import', 'tsx', join(BENCH, 'scenario.ts')];
	const args = ['--expose-gc', ...script, JSON.stringify({ ...spec, nodesBaseDir: NODES_BASE_DIR, packageDir: ctx.packageDir, warmupFiles: ctx.warmup })];
	const cpuBefore = cpuSeconds(ctx.emulatorPid);
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, { cwd: ROOT, env: ctx.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('exit', (code) => {
			const last = stdout.trim().split('\n').pop() ?? '';
			let result;
			try {
				result = JSON.parse(last);
			} catch {
				result = { fatal: `exit ${code}: ${(stderr || stdout).slice(-800)}` };
			}
			result.emulatorCpuSeconds = cpuSeconds(ctx.emulatorPid) - cpuBefore;
			if (result.fatal) log(`  FAILED: ${result.fatal.split('\n')[0]}`);
			else if (result.succeeded !== result.items) log(`  ${result.items - result.succeeded} of ${result.items} items failed: ${result.error}`);
			resolve(result);
		});
	});
}

/** The fastest of repeated runs (all must have succeeded), with the highest peak RSS growth of them. */
function fastest(runs) {
	if (!runs.every(ok)) return runs.find((x) => !ok(x));
	const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
	return { ...best, peakGrowth: Math.max(...runs.map((x) => x.peakGrowth)), walls: runs.map((x) => x.wallMs), growths: runs.map((x) => x.peakGrowth) };
}
const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const mb = (bytes) => (Number.isFinite(bytes) ? (bytes / MB).toFixed(1) : 'n/a');
const ok = (result) => result && !result.fatal && result.succeeded === result.items;
const rate = (result) => (ok(result) ? result.items / (result.wallMs / 1000) : NaN);
const met = (condition) => (condition ? '**met**' : '**not met**');

const CLIENTS = { ours: '(a) Wolkvox Cases node', httpRequest: '(b) HTTP Request node', raw: '(c) raw Node client' };

function throughputRow(label, concurrency, result, raw) {
	const emuCpu = result.emulatorCpuSeconds / (result.wallMs / 1000);
	const status = ok(result) ? `${result.succeeded}/${result.items}` : `FAILED (${result.succeeded ?? 0}/${result.items ?? '?'}): ${(result.fatal ?? result.error ?? '').split('\n')[0].slice(0, 120)}`;
	return `| ${label} | ${concurrency} | ${fmt(result.wallMs / 1000)} | ${fmt(rate(result), 1)} | ${fmt(rate(result) / rate(raw))} | ${status} | ${fmt(emuCpu * 100, 0)}% |`;
}

async function main() {
	const started = performance.now();
	const loadStart = loadavg();
	ensureNodesBase();
	const dir = mkdtempSync(join(tmpdir(), 'wolkvox-bench-'));
	// The children's n8n user folders (with their binary stores) go under the same temp dir.
	const env = { ...process.env, TMPDIR: dir, N8N_DIAGNOSTICS_ENABLED: 'false' };
	let emulator;
	try {
		log(`Writing ${ITEMS} × ${ITEM_SIZE / 1024} KB and the large files under ${dir}…`);
		const packageDir = await snapshotPackage(dir);
		const files = await makeFiles(dir);
		emulator = await startEmulator(env);
		const { paced, open } = emulator.info;
		const ctx = { env, warmup: files.warmup, emulatorPid: emulator.child.pid, packageDir };
		const results = {};
		const run = async (key, spec) => {
			log(`- ${key}`);
			results[key] = await measure(spec, ctx);
			return results[key];
		};

		// Throughput: Create, 500 items × 50 KB, emulator answering after 50 ms, at most 2 in flight.
		// Other work on a shared machine only ever adds time: the cases run interleaved, in
		// THROUGHPUT_ROUNDS rounds, and the fastest round of each counts.
		const items = { operation: 'create', files: files.small, emulator: paced };
		const throughput = {
			'ours-1': { ...items, client: 'ours', concurrency: 1 },
			'http-1': { ...items, client: 'httpRequest', httpLimit: 'loop', concurrency: 1 },
			'ours-2': { ...items, client: 'ours', concurrency: 2 },
			'http-2': { ...items, client: 'httpRequest', httpLimit: 'loop', concurrency: 2 },
			'raw-2': { ...items, client: 'raw', concurrency: 2 },
		};
		for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
			for (const [key, spec] of Object.entries(throughput)) await run(`${key}#${round}`, spec);
		}
		for (const key of Object.keys(throughput)) {
			results[key] = fastest(Array.from({ length: THROUGHPUT_ROUNDS }, (_, round) => results[`${key}#${round}`]));
		}
		// The same without latency: what each route costs per item in CPU.
		const fast = { ...items, emulator: open };
		await run('fast-ours-2', { ...fast, client: 'ours', concurrency: 2 });
		await run('fast-http-2', { ...fast, client: 'httpRequest', httpLimit: 'loop', concurrency: 2 });
		await run('fast-raw-2', { ...fast, client: 'raw', concurrency: 2 });
		// The emulator alone: raw client, high concurrency, no latency.
		const many = Array.from({ length: EMULATOR_ALONE.items }, (_, i) => files.small[i % files.small.length]);
		await run('emulator-alone', { ...fast, files: many, client: 'raw', concurrency: EMULATOR_ALONE.concurrency });

		// Large files, one item, each in its own process.
		const wolkvoxId = await openCase(open, { description: 'Case for the Update Attachments benchmark' });
		for (const { operation, sizes } of LARGE) {
			for (const size of sizes) {
				const spec = { operation, files: [files.large[`${operation}-${size}`]], emulator: open, wolkvoxId, concurrency: 1 };
				for (let round = 0; round < LARGE_REPEATS; round++) {
					for (const client of ['ours', 'raw']) await run(`${operation}-${size}-${client}#${round}`, { ...spec, client });
				}
				for (const client of ['ours', 'raw']) {
					results[`${operation}-${size}-${client}`] = fastest(
						Array.from({ length: LARGE_REPEATS }, (_, round) => results[`${operation}-${size}-${client}#${round}`]),
					);
				}
				await run(`${operation}-${size}-httpRequest`, { ...spec, client: 'httpRequest' });
			}
		}

		const lines = report(results);
		const load = `load average ${loadStart.map((x) => x.toFixed(1)).join('/')} at the start, ${loadavg().map((x) => x.toFixed(1)).join('/')} at the end`;
		const text = `${lines.join('\n')}\n\n_Run ${new Date().toISOString()} on Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model?.trim()}, ${load}; whole benchmark ${fmt((performance.now() - started) / 1000, 0)} s._\n`;
		process.stdout.write(`\n${text}`);
		const output = outputFolder(BENCH);
		writeFileSync(join(output, 'results.md'), `# Benchmark: Wolkvox Cases node vs HTTP Request vs raw client\n\nMade by \`npm run bench\` (bench/run.mjs).\n\n${text}`);
		writeFileSync(join(output, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	} finally {
		emulator?.child.kill('SIGTERM');
		// The link first, so that nothing can ever follow it into the repo's node_modules.
		if (existsSync(join(dir, 'package', 'node_modules'))) unlinkSync(join(dir, 'package', 'node_modules'));
		rmSync(dir, { recursive: true, force: true });
	}
}

function report(r) {
	const out = [];
	out.push(`### Throughput: Create, ${ITEMS} items × ${ITEM_SIZE / 1024} KB, emulator latency ${LATENCY_MS} ms (max 2 simultaneous per token), filesystem binary mode`);
	out.push('');
	out.push(`Fastest of ${THROUGHPUT_ROUNDS} interleaved rounds. Emulator CPU: the emulator process's CPU time over the run's wall time (100% = one core).`);
	out.push('');
	out.push('| Client | Concurrency | Wall (s) | Items/s | vs raw @2 | Items OK | Emulator CPU |');
	out.push('|---|---:|---:|---:|---:|---|---:|');
	out.push(throughputRow(CLIENTS.ours, 1, r['ours-1'], r['raw-2']));
	out.push(throughputRow(CLIENTS.ours, 2, r['ours-2'], r['raw-2']));
	out.push(throughputRow(`${CLIENTS.httpRequest} in Loop Over Items (batch 1)`, 1, r['http-1'], r['raw-2']));
	out.push(throughputRow(`${CLIENTS.httpRequest} in Loop Over Items (batch 2)`, 2, r['http-2'], r['raw-2']));
	out.push(throughputRow(CLIENTS.raw, 2, r['raw-2'], r['raw-2']));
	out.push('');
	out.push(`Same ${ITEMS} items, emulator latency 0 (per-item CPU cost of each route):`);
	out.push('');
	out.push('| Client | Concurrency | Wall (s) | Items/s | vs raw @2 | Items OK | Emulator CPU |');
	out.push('|---|---:|---:|---:|---:|---|---:|');
	out.push(throughputRow(CLIENTS.ours, 2, r['fast-ours-2'], r['fast-raw-2']));
	out.push(throughputRow(`${CLIENTS.httpRequest} in Loop Over Items (batch 2)`, 2, r['fast-http-2'], r['fast-raw-2']));
	out.push(throughputRow(CLIENTS.raw, 2, r['fast-raw-2'], r['fast-raw-2']));
	out.push(throughputRow(`Emulator alone: ${CLIENTS.raw}, ${EMULATOR_ALONE.items} items`, EMULATOR_ALONE.concurrency, r['emulator-alone'], r['fast-raw-2']));
	out.push('');

	out.push('### Large files: one item, emulator latency 0, each run in a fresh process');
	out.push('');
	out.push(`Wall time of the workflow run (our node and raw: fastest of ${LARGE_REPEATS} interleaved runs); peak RSS growth of the measuring process over its baseline after a warm-up (kernel VmHWM, reset before the run, and 20 ms samples; our node and raw: the highest of the runs).`);
	out.push('');
	out.push('| Operation | File | Client | Wall (s) | vs raw | Peak RSS growth (MB) | Baseline RSS (MB) | OK |');
	out.push('|---|---:|---|---:|---:|---:|---:|---|');
	for (const { operation, sizes } of LARGE) {
		for (const size of sizes) {
			const raw = r[`${operation}-${size}-raw`];
			for (const client of ['ours', 'httpRequest', 'raw']) {
				const x = r[`${operation}-${size}-${client}`];
				const name = operation === 'create' ? 'Create (multipart)' : 'Update Attachments (base64 JSON)';
				const label = client === 'httpRequest' && operation === 'update' ? `${CLIENTS.httpRequest} + Extract From File` : CLIENTS[client];
				const status = ok(x) ? 'yes' : `FAILED: ${(x.fatal ?? x.error ?? '').split('\n')[0].slice(0, 120)}`;
				out.push(`| ${name} | ${size / MB} MB | ${label} | ${ok(x) ? fmt(x.wallMs / 1000) : 'n/a'} | ${ok(x) && ok(raw) ? fmt(x.wallMs / raw.wallMs) : 'n/a'} | ${ok(x) ? mb(x.peakGrowth) : 'n/a'} | ${mb(x.baselineRss)} | ${status} |`);
			}
		}
	}
	out.push('');

	out.push('### Targets');
	out.push('');
	out.push('| Target | Measured | Result |');
	out.push('|---|---|---|');
	const o1 = rate(r['ours-1']);
	const o2 = rate(r['ours-2']);
	const h1 = rate(r['http-1']);
	const h2 = rate(r['http-2']);
	out.push(`| Items/s ≥ HTTP Request's at concurrency 1 | ${fmt(o1, 1)} vs ${fmt(h1, 1)} items/s (×${fmt(o1 / h1)}) | ${met(o1 >= h1)} |`);
	out.push(`| Items/s ≥ HTTP Request's at concurrency 2 | ${fmt(o2, 1)} vs ${fmt(h2, 1)} items/s (×${fmt(o2 / h2)}) | ${met(o2 >= h2)} |`);
	out.push(`| Ours at 2 lanes ≥ 1.8 × ours sequential | ${fmt(o2, 1)} vs ${fmt(o1, 1)} items/s (×${fmt(o2 / o1)}) | ${met(o2 >= 1.8 * o1)} |`);
	for (const { operation, sizes } of LARGE) {
		for (const size of sizes) {
			const ours = r[`${operation}-${size}-ours`];
			const raw = r[`${operation}-${size}-raw`];
			const ratio = ok(ours) && ok(raw) ? ours.wallMs / raw.wallMs : NaN;
			out.push(`| ${operation === 'create' ? 'Create' : 'Update Attachments'} ${size / MB} MB within 1.25 × raw client's wall time | ${ok(ours) ? fmt(ours.wallMs / 1000) : 'n/a'} s vs ${ok(raw) ? fmt(raw.wallMs / 1000) : 'n/a'} s (×${fmt(ratio)}) | ${met(ratio <= 1.25)} |`);
		}
	}
	for (const { operation, sizes } of LARGE) {
		const [full, quarter] = sizes;
		const big = r[`${operation}-${full}-ours`];
		const small = r[`${operation}-${quarter}-ours`];
		const name = operation === 'create' ? 'Create' : 'Update Attachments';
		out.push(`| ${name} ${full / MB} MB: peak RSS growth ≤ ${RSS_LIMIT / MB} MB | ${ok(big) ? mb(big.peakGrowth) : 'n/a'} MB | ${met(ok(big) && big.peakGrowth <= RSS_LIMIT)} |`);
		const allowed = GROWTH_SHARE * (full - quarter);
		const extra = ok(big) && ok(small) ? big.peakGrowth - small.peakGrowth : NaN;
		out.push(`| ${name}: peak RSS growth not growing with file size (${quarter / MB} → ${full / MB} MB adds ≤ ${GROWTH_SHARE * 100}% of the ${(full - quarter) / MB} MB, i.e. ≤ ${mb(allowed)} MB) | ${ok(small) ? mb(small.peakGrowth) : 'n/a'} → ${ok(big) ? mb(big.peakGrowth) : 'n/a'} MB (${extra >= 0 ? '+' : ''}${mb(extra)} MB) | ${met(extra <= allowed)} |`);
	}
	const allOk = Object.entries(r).every(([, x]) => ok(x));
	out.push(`| Every request of every case succeeded | ${allOk ? 'yes' : 'no (see the tables)'} | ${met(allOk)} |`);
	out.push('');
	out.push('### How each route is built');
	out.push('');
	out.push(`- (a): one Wolkvox Cases node (Files: all binary properties; Options → Concurrency), fed by a No Operation node. Inputs are stored into n8n's filesystem binary store from file streams; items carry only the binary id.`);
	out.push(`- (b): n8n-nodes-base ${NODES_BASE_VERSION} (the version n8n ${N8N_VERSION} ships) loaded with n8n-core's PackageDirectoryLoader into the same engine; credential: Header Auth \`Wolkvox-Token\`. Create: HTTP Request 4.4, multipart form-data with the fields and a Form Binary Data part \`file\`. Update Attachments: Extract From File (Move File to Base64 String) → HTTP Request, JSON body \`{"operation": …, "attachments": ["{{ $json.data }}"]}\`. HTTP Request's Batching option only spaces out request starts (it fires every item's request without waiting for earlier ones), so it cannot hold wolkvox's 2 simultaneous requests; equal concurrency N is Loop Over Items (batch size N) → HTTP Request → back to the loop.`);
	out.push(`- (c): node:http keep-alive client streaming each file from disk (form-data with known length for Create, base64 of the file inside the JSON for Update Attachments), N lanes.`);
	out.push(`- Every case runs in a fresh child process after a warm-up run of 2 small files; the emulator runs in a separate process.`);
	return out;
}

main().catch((error) => {
	log(error.stack ?? String(error));
	process.exitCode = 1;
});
