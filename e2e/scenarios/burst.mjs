// Bursts of simultaneous webhook executions in the real n8n, all sharing one token (issue 9).
//
// A form or webhook that receives N submissions at once starts N executions; wolkvox allows a token
// 2 requests at a time across all of them. Workflow: Webhook (multipart: contact, description and
// an 18 KB PDF, answered when the workflow ends) → Wolkvox Cases: Create with that file. Against
// an emulator with 100 ms latency, N = 40 simultaneous requests, in three set-ups:
//   regular   `n8n start`, default settings;
//   limit 2   the same with n8n's own N8N_CONCURRENCY_PRODUCTION_LIMIT=2 (the comparison);
//   queue     EXECUTIONS_MODE=queue with Redis and PostgreSQL started here, one `n8n start` and two
//             `n8n worker`, binary data in the database, the credential's Simultaneous Requests
//             set as README recommends for 2 workers (1).
// Per burst: N cases, 0 failed executions (n8n's own execution list, read from its database),
// 0 duplicates (every submission carries its own description; the contact is one the CRM knows), no request ever refused as a third in flight at the emulator. Prints a table and
// reports the ratio of regular wall time to the limit-2 one (issue 9's target: ≤ 0.8). Wall times
// are figures to read, not checks: they depend on how busy the machine is.
//
// Binary data lives in n8n's database in every set-up: in filesystem mode n8n 2.8.4 loses webhook
// files when executions of one workflow overlap (the first to end deletes the shared
// executions/temp folder: n8n issue #25066, fixed upstream by n8n PR #31068), whatever node follows.
// WOLKVOX_BURST_BINARY_MODE=filesystem runs the regular set-ups in filesystem mode instead.
//
// Alone: `node e2e/burst.mjs`. Settings: WOLKVOX_BURST_N (40), WOLKVOX_BURST_ROUNDS (3),
// WOLKVOX_BURST_MODES (regular,limit2,queue).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { postgresExecutions, sqliteExecutions } from '../lib/executions.mjs';
import { cli, n8nBin, n8nEnv } from '../lib/n8n.mjs';
import { startPostgres } from '../lib/postgres.mjs';
import { startProcess } from '../lib/proc.mjs';
import { startRedis } from '../lib/redis.mjs';
import { emulatorState, freePort, seconds, sha256, sleep, waitUntil } from '../lib/util.mjs';

const N = Number(process.env.WOLKVOX_BURST_N ?? 40);
const ROUNDS = Number(process.env.WOLKVOX_BURST_ROUNDS ?? 3);
const MODES = (process.env.WOLKVOX_BURST_MODES ?? 'regular,limit2,queue').split(',').map((m) => m.trim());
const BINARY_MODE = process.env.WOLKVOX_BURST_BINARY_MODE ?? 'database';
const LATENCY_MS = 100;
/** README: with W workers (or other applications) on one token, Simultaneous Requests = 2 / W. */
const QUEUE_WORKERS = 2;
const QUEUE_SIMULTANEOUS_REQUESTS = 1;

const WORKFLOW_ID = 'wolkvoxE2eBurst';
const CREDENTIAL_ID = 'wolkvoxE2eBurst';
const WEBHOOK_PATH = 'wolkvox-burst';
const FAILED = new Set(['error', 'crashed', 'canceled']);
/** A contact of the emulator's directory (Create needs one the CRM knows). */
const CONTACT = 'cliente@example.com';
const UNFINISHED = new Set(['new', 'running', 'waiting']);

/** Webhook → Create, as a user would build a web form's intake. */
function burstWorkflow(packageName) {
	return {
		id: WORKFLOW_ID,
		name: 'Web form → wolkvox case (burst test)',
		active: false,
		nodes: [
			{
				id: 'b2b2b2b2-0000-4000-8000-000000000001',
				name: 'Form submission',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b2b2b2b2-0000-4000-8000-0000000000aa',
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'b2b2b2b2-0000-4000-8000-000000000002',
				name: 'Create case',
				type: `${packageName}.wolkvoxCases`,
				typeVersion: 1,
				position: [260, 0],
				parameters: {
					resource: 'case',
					operation: 'create',
					caseType: 'Request',
					responsible: 'ADMIN_@testmodule',
					owner: 'AGENT1_@testmodule',
					contact: '={{ $json.body.contact }}',
					description: '={{ $json.body.description }}',
					status: 'open',
					priority: 'medium',
					files: 'all',
					options: {},
				},
				credentials: { wolkvoxApi: { id: CREDENTIAL_ID, name: 'Wolkvox (burst emulator)' } },
			},
		],
		connections: { 'Form submission': { main: [[{ node: 'Create case', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The n8n versions the bursts run in (WOLKVOX_BURST_VERSIONS, comma-separated): one by default, to
 * keep CI's time; the other versions run every other e2e check.
 */
export const BURST_VERSIONS = (process.env.WOLKVOX_BURST_VERSIONS || '2.8.4').split(',').map((v) => v.trim());

export async function run(ctx) {
	const { check, phase, log } = ctx;
	if (!BURST_VERSIONS.includes(ctx.n8nVersion)) {
		log(`\n== bursts: not in n8n ${ctx.n8nVersion} (WOLKVOX_BURST_VERSIONS=${BURST_VERSIONS.join(',')})`);
		return;
	}
	const dir = join(ctx.runDir, 'burst');
	mkdirSync(dir, { recursive: true });
	const packageName = JSON.parse(readFileSync(join(ctx.repo, 'package.json'), 'utf8')).name;
	const pdf = readFileSync(join(ctx.repo, 'e2e', 'fixtures', 'informe.pdf'));
	const rows = [];

	const emulator = await phase(`burst: emulator with ${LATENCY_MS} ms latency`, async () => {
		const tsx = join(ctx.repo, 'node_modules', '.bin', 'tsx');
		const proc = startProcess(tsx, [join(ctx.repo, 'e2e', 'emulator-with-state.mjs'), '--latency-ms', String(LATENCY_MS)], {
			cwd: ctx.repo,
			name: 'burst emulator',
			logFile: join(dir, 'emulator.log'),
		});
		const info = await proc.waitFor((line) => (line.startsWith('{') ? JSON.parse(line) : undefined), 30_000, 'the emulator address line');
		log(`   emulator ${info.url}, state ${info.stateUrl}`);
		return { ...info, proc };
	});

	// One user folder of our own (SQLite for the regular modes), with the package the suite installed.
	const userFolder = join(dir, 'n8n-user');
	cpSync(join(ctx.env.N8N_USER_FOLDER, '.n8n', 'nodes'), join(userFolder, '.n8n', 'nodes'), { recursive: true });
	const port = await freePort();
	const base = {
		...n8nEnv({ userFolder, restrictTo: join(dir, 'files'), port, brokerPort: await freePort() }),
		N8N_DEFAULT_BINARY_DATA_MODE: BINARY_MODE,
	};
	const cliEnvOf = async (env) => ({ ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_PORT: String(await freePort()) });
	const webhookUrl = `http://127.0.0.1:${port}/webhook/${WEBHOOK_PATH}`;

	const importInto = (env, simultaneousRequests) =>
		importBurstWorkflow({ ctx, dir, env: cliEnvOf(env), emulator, packageName, simultaneousRequests });

	// Queue mode's servers and database get ready alongside the regular set-ups (n8n's CLI start
	// dominates the scenario's time); they sit idle until the queue bursts.
	const queueReady = MODES.includes('queue')
		? phase('burst: PostgreSQL, Redis and the workflow imported there (alongside the regular set-ups)', () =>
				prepareQueue({ ctx, dir, base, importInto }),
			).then(
				(ready) => ({ ready }),
				(error) => ({ error }),
			)
		: undefined;
	const sqlite = sqliteExecutions(ctx.n8n, join(userFolder, '.n8n', 'database.sqlite'));
	let sqliteImported = false;
	for (const mode of MODES) {
		if (mode === 'regular' || mode === 'limit2') {
			if (!sqliteImported) {
				await phase('burst: import the workflow (SQLite)', () => importInto(base));
				sqliteImported = true;
			}
			const env = mode === 'limit2' ? { ...base, N8N_CONCURRENCY_PRODUCTION_LIMIT: '2' } : base;
			const label = mode === 'limit2' ? 'regular, N8N_CONCURRENCY_PRODUCTION_LIMIT=2' : 'regular, default settings';
			const processes = await phase(`burst: n8n start (${label})`, () => startMain(ctx.n8n, env, join(dir, `n8n-${mode}.log`)));
			await bursts({ ctx, mode, label, webhookUrl, emulator, executions: sqlite, pdf, rows });
			await phase(`burst: stop n8n (${label})`, () => Promise.all(processes.map((p) => p.stop(20_000))));
		} else if (mode === 'queue') {
			const { ready, error } = await queueReady;
			if (error) throw error;
			await queueMode({ ctx, dir, ...ready, webhookUrl, emulator, pdf, rows });
		} else {
			throw new Error(`unknown burst mode "${mode}" (WOLKVOX_BURST_MODES: regular, limit2, queue)`);
		}
	}
	await emulator.proc.stop();
	report({ ctx, rows });
}

async function importBurstWorkflow({ ctx, dir, env, emulator, packageName, simultaneousRequests }) {
	const cliEnv = await env;
	const data = { server: 'custom', customServer: emulator.url, operation: emulator.operation, token: emulator.token };
	if (simultaneousRequests !== undefined) data.simultaneousRequests = simultaneousRequests;
	const credFile = join(dir, `credentials-${cliEnv.DB_TYPE}.json`);
	writeFileSync(credFile, JSON.stringify([{ id: CREDENTIAL_ID, name: 'Wolkvox (burst emulator)', type: 'wolkvoxApi', data }]), { mode: 0o600 });
	const logFile = join(dir, `cli-${cliEnv.DB_TYPE}.log`);
	let res = await cli(ctx.n8n, cliEnv, ['import:credentials', `--input=${credFile}`], { logFile });
	rmSync(credFile);
	ctx.check(`burst: n8n import:credentials (${cliEnv.DB_TYPE})`, res.code === 0, res.stderr.slice(-1500) || res.stdout.slice(-1500));
	const wfFile = join(dir, `burst-${cliEnv.DB_TYPE}.workflow.json`);
	writeFileSync(wfFile, JSON.stringify(burstWorkflow(packageName), null, 2));
	res = await cli(ctx.n8n, cliEnv, ['import:workflow', `--input=${wfFile}`], { logFile });
	ctx.check(`burst: n8n import:workflow (${cliEnv.DB_TYPE})`, res.code === 0, res.stderr.slice(-1500) || res.stdout.slice(-1500));
	res = await cli(ctx.n8n, cliEnv, ['publish:workflow', `--id=${WORKFLOW_ID}`], { logFile });
	ctx.check(`burst: n8n publish:workflow (${cliEnv.DB_TYPE})`, res.code === 0 && !/error/i.test(res.stdout + res.stderr), res.stdout.slice(-1500) + res.stderr.slice(-1500));
}

/** `n8n start`; resolves once the production webhook answers (n8n's own "registered for POST" hint). */
async function startMain(installDir, env, logFile) {
	const proc = startProcess(process.execPath, [n8nBin(installDir), 'start'], { env, logFile, name: 'n8n start (burst)' });
	const url = `http://127.0.0.1:${env.N8N_PORT}/webhook/${WEBHOOK_PATH}`;
	await waitUntil('the production webhook to be registered', 240_000, async () => {
		if (proc.exited) throw new Error(`n8n start exited; see ${logFile}:\n${proc.lines.slice(-20).join('\n')}`);
		const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
		return res.status === 404 && /not registered for GET.*POST/i.test(await res.text());
	}).catch(async (error) => {
		await proc.stop();
		throw error;
	});
	return [proc];
}

/** PostgreSQL and Redis started, n8n's queue-mode environment, the workflow imported into PostgreSQL. */
async function prepareQueue({ ctx, dir, base, importInto }) {
	const [pg, redis] = await Promise.all([
		startPostgres({ dir: join(dir, 'postgres'), port: await freePort() }),
		startRedis({ dir: join(dir, 'redis'), port: await freePort() }),
	]);
	ctx.log(`   postgres 127.0.0.1:${pg.port} (database ${pg.database}), redis 127.0.0.1:${redis.port}`);
	const env = {
		...base,
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	};
	await importInto(env, QUEUE_SIMULTANEOUS_REQUESTS);
	return { pg, redis, env };
}

async function queueMode({ ctx, dir, pg, redis, env, webhookUrl, emulator, pdf, rows }) {
	const { phase } = ctx;
	const label = `queue, ${QUEUE_WORKERS} workers, PostgreSQL, binary data in the database, Simultaneous Requests ${QUEUE_SIMULTANEOUS_REQUESTS}`;
	const processes = await phase(`burst: n8n start + ${QUEUE_WORKERS} × n8n worker`, async () => {
		const workers = [];
		for (let i = 1; i <= QUEUE_WORKERS; i++) {
			const workerEnv = {
				...env,
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_PORT: String(await freePort()),
				QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
			};
			const logFile = join(dir, `n8n-worker-${i}.log`);
			const proc = startProcess(process.execPath, [n8nBin(ctx.n8n), 'worker'], { env: workerEnv, logFile, name: `n8n worker ${i}` });
			workers.push(proc.waitFor((line) => /n8n worker is now ready/.test(line), 240_000, 'the "n8n worker is now ready" line').then(() => proc));
		}
		const [main, ...ready] = await Promise.all([startMain(ctx.n8n, env, join(dir, 'n8n-queue-main.log')), ...workers]);
		return [...main, ...ready];
	});
	const executions = postgresExecutions(ctx.n8n, pg);
	await bursts({ ctx, mode: 'queue', label, webhookUrl, emulator, executions, pdf, rows });
	for (const worker of processes.slice(1)) {
		const ran = worker.lines.filter((line) => /Worker started execution/.test(line)).length;
		ctx.check(`burst (queue): ${worker.name} ran executions (${ran})`, ran > 0);
	}
	await phase('burst: stop n8n, workers, PostgreSQL and Redis', async () => {
		await Promise.all(processes.map((p) => p.stop(20_000)));
		await Promise.all([pg.stop(), redis.stop()]);
	});
}

const diff = (after, before) => Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v !== 0));
const sum = (counts, keep) => Object.entries(counts).reduce((total, [status, n]) => total + (keep(status) ? n : 0), 0);

/** One submission of the web form: its own contact and description, and the PDF. */
function submit(url, pdf, contact, description) {
	const form = new FormData();
	form.append('contact', contact);
	form.append('description', description);
	form.append('data', new Blob([pdf], { type: 'application/pdf' }), 'informe.pdf');
	return fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(600_000) }).then(
		async (res) => ({ status: res.status, body: await res.text() }),
		(error) => ({ status: 0, body: String(error) }),
	);
}

async function bursts({ ctx, mode, label, webhookUrl, emulator, executions, pdf, rows }) {
	const { check, phase, log } = ctx;
	const resetEmulator = () => fetch(`${emulator.stateUrl}/reset`, { method: 'POST' });
	await phase(`burst: ${label}: one request first (warm-up, not counted)`, async () => {
		const res = await submit(webhookUrl, pdf, CONTACT, `warm-up ${mode}`);
		const ok = res.status === 200 && /wolkvox_id/.test(res.body);
		check(`burst (${mode}): the warm-up request opens a case`, ok, ok ? '' : `${res.status} ${res.body.slice(0, 500)}; n8n: ${await executions.lastError(WORKFLOW_ID)}`);
	});
	for (let round = 1; round <= ROUNDS; round++) {
		await phase(`burst: ${label}: ${N} simultaneous requests (${round}/${ROUNDS})`, async () => {
			await resetEmulator();
			const before = await executions.count(WORKFLOW_ID);
			const descriptions = Array.from({ length: N }, (_, i) => `Formulario ${i + 1} de ${N} (${mode}, ráfaga ${round})`);
			const t0 = performance.now();
			const replies = await Promise.all(descriptions.map((description) => submit(webhookUrl, pdf, CONTACT, description)));
			const wallMs = performance.now() - t0;
			// n8n's own record of the executions, once every one of them has ended
			const counts = await waitUntil(`n8n to record ${N} ended executions`, 120_000, async () => {
				const d = diff(await executions.count(WORKFLOW_ID), before);
				return sum(d, (s) => !UNFINISHED.has(s)) >= N && sum(d, (s) => UNFINISHED.has(s)) === 0 ? d : undefined;
			}).catch((error) => ({ timedOut: error.message }));
			const state = await emulatorState(emulator.stateUrl);
			const perDescription = new Map();
			for (const c of state.cases) perDescription.set(c.fields.description, (perDescription.get(c.fields.description) ?? 0) + 1);
			const duplicates = [...perDescription.values()].reduce((n, k) => n + Math.max(0, k - 1), 0);
			const missing = descriptions.filter((d) => !perDescription.has(d));
			const row = {
				mode,
				label,
				round,
				http200: replies.filter((r) => r.status === 200).length,
				succeeded: counts.timedOut ? NaN : (counts.success ?? 0),
				failed: counts.timedOut ? NaN : sum(counts, (s) => FAILED.has(s)),
				cases: state.cases.length,
				duplicates,
				refusals: state.tokenStats.simultaneousRefusals,
				peak: state.tokenStats.maxInFlight,
				wallMs,
			};
			rows.push(row);
			log(
				`   ${seconds(wallMs)}: executions ${JSON.stringify(counts)}, HTTP 200 ×${row.http200}, ${row.cases} cases, ` +
					`${duplicates} duplicates, ${row.refusals} refusals, at most ${row.peak} in flight`,
			);
			if (row.failed !== 0) log(`   n8n's error for the last failed execution: ${await executions.lastError(WORKFLOW_ID)}`);
			const tag = `burst (${mode}, ${round}/${ROUNDS})`;
			check(`${tag}: n8n recorded ${N} executions, all succeeded, 0 failed`, row.succeeded === N && row.failed === 0, JSON.stringify(counts));
			check(`${tag}: every request answered 200 with its case`, row.http200 === N, `${N - row.http200} not 200`);
			check(`${tag}: ${N} cases, one per request, 0 duplicates`, row.cases === N && duplicates === 0 && missing.length === 0, `${row.cases} cases, ${duplicates} duplicates, ${missing.length} missing`);
			check(
				`${tag}: every case has the PDF byte for byte`,
				state.cases.every((c) => c.files.length === 1 && c.files[0].sha256 === sha256(pdf)),
				JSON.stringify(state.cases.find((c) => c.files.length !== 1 || c.files[0].sha256 !== sha256(pdf))?.files ?? []),
			);
			check(`${tag}: never more than 2 in flight (no request refused as a third)`, row.peak <= 2 && row.refusals === 0, `${row.refusals} refused, peak ${row.peak}`);
		});
		await sleep(500);
	}
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function report({ ctx, rows }) {
	const { log, check } = ctx;
	const bound = (N * LATENCY_MS) / 2;
	const header = ['N', 'mode', 'burst', 'succeeded', 'failed', 'cases', 'duplicates', 'refusals', 'most in flight', 'wall time', 'lower bound'];
	const lines = rows.map((r) => [N, r.label, `${r.round}/${ROUNDS}`, r.succeeded, r.failed, r.cases, r.duplicates, r.refusals, r.peak, seconds(r.wallMs), seconds(bound)]);
	log(`\n== burst table (n8n ${ctx.n8nVersion}, emulator latency ${LATENCY_MS} ms, lower bound N × latency / 2 = ${seconds(bound)}, binary data: ${BINARY_MODE} in regular mode, database in queue mode)`);
	log(`| ${header.join(' | ')} |`);
	log(`|${header.map(() => '---').join('|')}|`);
	for (const line of lines) log(`| ${line.join(' | ')} |`);
	const medianOf = (mode) => {
		const walls = rows.filter((r) => r.mode === mode).map((r) => r.wallMs);
		return walls.length ? median(walls) : undefined;
	};
	for (const mode of new Set(rows.map((r) => r.mode))) {
		const own = rows.filter((r) => r.mode === mode);
		const total = (key) => own.reduce((n, r) => n + r[key], 0);
		log(`   ${own[0].label}: median wall ${seconds(medianOf(mode))}; failed ${total('failed')} of ${N * own.length}; refusals ${total('refusals')}`);
	}
	const regular = medianOf('regular');
	const limit2 = medianOf('limit2');
	if (regular !== undefined && limit2 !== undefined) {
		const ratio = regular / limit2;
		const verdict = ratio <= 0.8 ? 'met' : 'missed';
		log(`   regular / N8N_CONCURRENCY_PRODUCTION_LIMIT=2 median wall time: ${seconds(regular)} / ${seconds(limit2)} = ${ratio.toFixed(2)} (target ≤ 0.80: ${verdict} in this run)`);
	}
}
