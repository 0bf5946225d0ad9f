#!/usr/bin/env node
// End-to-end test inside the real n8n (issues 3 and 10): `npm run test:e2e`.
//
// `node e2e/run.mjs` runs the suite once per real n8n version in setup.mjs's N8N_VERSIONS (n8n 2.8.4
// on the machine's Node 20, n8n 2.41.1 on Node 24 fetched from the npm registry), each in a child
// process of its own under its Node, and sums their counts; `--n8n <version>` (repeatable) picks.
// For one version, it installs (cached) that n8n, Dovecot and Chromium, packs this package and
// installs the tarball as a community package, then proves these things against the wolkvox emulator:
//   1. an e-mail with two attachments arriving in a real IMAP mailbox becomes a case with both
//      files, byte for byte (active workflow under `n8n start`, n8n's Email Trigger (IMAP));
//   2. files read from disk by n8n's Read/Write Files node (filesystem binary mode) are synced
//      onto that case by Update Attachments (workflow run with `n8n execute`);
//   3. the editor shows the node's operations as designed (headless Chromium; screenshots);
//   4. the example workflows run as imported (e2e/scenarios/examples.mjs), the dedupe recipe among them: it opens one
//      case for a sender and updates it on the next e-mail, instead of opening a second one.
// Ends with "N passed, N failed"; exits 1 on any failure. Only loopback addresses are used.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startDovecot } from './lib/dovecot.mjs';
import { emulatorState, freePort, sha256, waitUntil } from './lib/util.mjs';
import { buildMail } from './lib/mail.mjs';
import { cli, n8nEnv, outsideAttempts, parseRawOutput, startN8n, useN8nVersion } from './lib/n8n.mjs';
import { killAllNow, startProcess, stopAll } from './lib/proc.mjs';
import {
	N8N_VERSIONS,
	cacheRoot,
	ensureAptPackages,
	ensureN8n,
	ensurePlaywright,
	installCommunityPackage,
	packPackage,
} from './lib/setup.mjs';
import { createReport } from './lib/report.mjs';
import { runVersions } from './lib/versions.mjs';
import { outputFolder } from '../scripts/outputFolder.mjs';

const E2E = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(E2E);
const PACKAGE = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const NODE_TYPE = `${PACKAGE.name}.wolkvoxCases`;
const IMAP_WORKFLOW = join(REPO, 'examples', 'e2e-imap-to-case.workflow.json');
const SYNC_WORKFLOW = join(REPO, 'examples', 'e2e-sync-attachments.workflow.json');
const EXAMPLE_WORKFLOW = join(REPO, 'examples', 'email-to-case.workflow.json');
const PHOTO_NAME = 'foto_daño_ñ.jpg';
const PDF_NAME = 'informe_daño.pdf';
/** Real-n8n checks kept in files of their own, run in this order after the checks above
 * (WOLKVOX_E2E_SCENARIOS=a,b runs only those, for a developer's quicker loop). */
const ALL_SCENARIOS = [
	'examples',
	'syncTwice',
	'unknownSender',
	'caseSolved',
	'aiAgent',
	'burst',
];
const SCENARIOS = process.env.WOLKVOX_E2E_SCENARIOS ? process.env.WOLKVOX_E2E_SCENARIOS.split(',').map((name) => name.trim()) : ALL_SCENARIOS;
for (const name of SCENARIOS) {
	if (!ALL_SCENARIOS.includes(name)) throw new Error(`WOLKVOX_E2E_SCENARIOS: no scenario "${name}" (known: ${ALL_SCENARIOS.join(', ')})`);
}

// ---------------------------------------------------------------- reporting

const report = createReport();
const { log, check, phase } = report;

// ---------------------------------------------------------------- which n8n

const requested = process.argv.flatMap((arg, i, all) => (arg === '--n8n' ? [all[i + 1]] : arg.startsWith('--n8n=') ? [arg.slice(6)] : []));
const versions = requested.length > 0 ? requested : Object.keys(N8N_VERSIONS);
for (const version of versions) {
	if (!N8N_VERSIONS[version]) {
		log(`unknown n8n version ${version}: the e2e knows ${Object.keys(N8N_VERSIONS).join(', ')} (e2e/lib/setup.mjs)`);
		process.exit(2);
	}
}
const wantedNode = N8N_VERSIONS[versions[0]].node;
if (versions.length > 1 || (wantedNode && process.version !== `v${wantedNode}`)) {
	// Each version in a child process under the Node it needs; their counts summed.
	process.exit(await runVersions({ script: fileURLToPath(import.meta.url), versions, root: cacheRoot(E2E), log }));
}
const N8N_VERSION = versions[0];
useN8nVersion(N8N_VERSION);

// ---------------------------------------------------------------- the run

const runDir = mkdtempSync(join(tmpdir(), 'wolkvox-e2e-'));
chmodSync(runDir, 0o755);
const keepRunDir = process.env.WOLKVOX_E2E_KEEP === '1';
process.on('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		log(`\n${signal}: stopping`);
		killAllNow();
		process.exit(130);
	});
}

async function main() {
	log(`wolkvox end-to-end test in n8n ${N8N_VERSION} on Node ${process.version} (run folder ${runDir})`);
	const root = cacheRoot(E2E);

	await phase('prerequisites (Debian packages)', async () => log(`   ${await ensureAptPackages(log)}`));
	const n8n = await phase(`n8n ${N8N_VERSION} install`, async () => {
		const result = await ensureN8n(root, N8N_VERSION, log);
		log(`   ${result.reused ? 'reused' : 'installed'} ${result.dir}`);
		const version = JSON.parse(readFileSync(join(result.dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
		check(`n8n is version ${N8N_VERSION}`, version === N8N_VERSION, `found ${version}`);
		return result.dir;
	});
	const playwrightDir = await phase('playwright-core install', async () => {
		const result = await ensurePlaywright(root, log);
		log(`   ${result.reused ? 'reused' : 'installed'} ${result.dir}`);
		return result.dir;
	});

	// ---- one n8n user folder, with our package installed from its tarball
	const userFolder = join(runDir, 'n8n-user');
	const filesDir = join(runDir, 'files');
	const syncDir = join(filesDir, 'sync');
	mkdirSync(syncDir, { recursive: true });
	await phase('pack and install the package', async () => {
		const packed = await packPackage(REPO, join(runDir, 'pack'), log);
		log(`   ${packed.tarball} (${packed.files.length} files)`);
		check('the tarball holds only dist/, package.json, README and LICENSE', packed.files.every((f) => /^(dist\/|package\.json$|README|LICEN[CS]E)/i.test(f)), packed.files.join(', '));
		const target = await installCommunityPackage(packed.tarball, userFolder, PACKAGE.name);
		check('installed as a community package', existsSync(join(target, 'dist', 'nodes', 'WolkvoxCases', 'WolkvoxCases.node.js')), target);
	});

	// ---- services: emulator (with its state endpoint) and the IMAP server
	const { emulator, mailbox } = await phase('start the emulator and Dovecot', async () => {
		const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
		if (!existsSync(tsx)) throw new Error(`${tsx} is missing: run npm ci in ${REPO} first (the emulator runs with tsx)`);
		const proc = startProcess(tsx, [join(E2E, 'emulator-with-state.mjs')], { cwd: REPO, name: 'emulator', logFile: join(runDir, 'emulator.log') });
		const info = await proc.waitFor((line) => (line.startsWith('{') ? JSON.parse(line) : undefined), 30_000, 'the emulator address line');
		log(`   emulator ${info.url}, state ${info.stateUrl}`);
		const imapPort = await freePort();
		const box = await startDovecot({ dir: join(runDir, 'dovecot'), port: imapPort });
		log(`   dovecot imap://127.0.0.1:${imapPort} (user ${box.user})`);
		return { emulator: { ...info, proc }, mailbox: box };
	});

	const port = await freePort();
	const env = n8nEnv({ userFolder, restrictTo: filesDir, port, brokerPort: await freePort() });
	const cliEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_PORT: String(await freePort()) };

	// ---- credentials and workflows, through n8n's own CLI
	await phase('import credentials and workflows (n8n CLI)', async () => {
		const credentials = [
			{
				id: 'wolkvoxE2e',
				name: 'Wolkvox (e2e emulator)',
				type: 'wolkvoxApi',
				data: { server: 'custom', customServer: emulator.url, operation: emulator.operation, token: emulator.token },
			},
			{
				id: 'imapE2e',
				name: 'IMAP (e2e mailbox)',
				type: 'imap',
				data: { user: mailbox.user, password: mailbox.password, host: '127.0.0.1', port: mailbox.port, secure: false, allowUnauthorizedCerts: false },
			},
			{
				id: 'wolkvoxDemo',
				name: 'Wolkvox demo',
				type: 'wolkvoxApi',
				data: { server: 'custom', customServer: emulator.url, operation: emulator.operation, token: emulator.token },
			},
		];
		const credFile = join(runDir, 'credentials.json');
		writeFileSync(credFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
		let res = await cli(n8n, cliEnv, ['import:credentials', `--input=${credFile}`], { logFile: join(runDir, 'cli.log') });
		rmSync(credFile);
		check('n8n import:credentials', res.code === 0, res.stderr.slice(-1500) || res.stdout.slice(-1500));

		// Our node as it comes from the node panel (no parameters set), for the editor checks.
		const blank = {
			id: 'wolkvoxE2eBlank',
			name: 'Wolkvox Cases as added from the node panel',
			active: false,
			nodes: [
				{ id: 'a1b2c3d4-0000-4000-8000-000000000001', name: 'Create a case', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'a1b2c3d4-0000-4000-8000-000000000002', name: 'Update the attachments of a case', type: NODE_TYPE, typeVersion: 1, position: [320, 0], parameters: { operation: 'updateAttachments' } },
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		};
		const blankFile = join(runDir, 'blank.workflow.json');
		writeFileSync(blankFile, JSON.stringify(blank, null, 2));
		// One CLI start for all workflows (each start costs seconds): a folder with one file per workflow.
		const wfDir = join(runDir, 'workflows');
		mkdirSync(wfDir);
		for (const file of [IMAP_WORKFLOW, SYNC_WORKFLOW, EXAMPLE_WORKFLOW, blankFile]) copyFileSync(file, join(wfDir, file.split('/').pop()));
		res = await cli(n8n, cliEnv, ['import:workflow', '--separate', `--input=${wfDir}`], { logFile: join(runDir, 'cli.log') });
		check('n8n import:workflow: the IMAP and sync examples, examples/email-to-case and blank nodes', res.code === 0 && /Successfully imported 4 workflows/.test(res.stdout), res.stdout.slice(-1500) + res.stderr.slice(-1500));
		const imapId = JSON.parse(readFileSync(IMAP_WORKFLOW, 'utf8')).id;
		res = await cli(n8n, cliEnv, ['publish:workflow', `--id=${imapId}`], { logFile: join(runDir, 'cli.log') });
		check('n8n publish:workflow (activates the IMAP workflow)', res.code === 0 && !/error/i.test(res.stdout + res.stderr), res.stdout.slice(-1500) + res.stderr.slice(-1500));
	});

	// ---- n8n start: the active IMAP workflow
	const server = await phase('n8n start', async () => {
		const s = await startN8n(n8n, env, { logFile: join(runDir, 'n8n-start.log') });
		log(`   editor ${s.base}`);
		// Active means its trigger listens: logged in to the mailbox and waiting in IMAP IDLE. (n8n 2.8
		// also logs `Activated workflow "…"`; 2.41 activates through its publication service,
		// silently, and its trigger takes only mail that arrives after it selected the mailbox.)
		const activated = await waitUntil('the IMAP trigger to wait in IDLE on the mailbox', 180_000, () => mailbox.logins() > 0 && mailbox.idling()).catch((error) => error);
		check('the IMAP workflow is active (its trigger logged in and waits in IMAP IDLE)', activated === true, activated instanceof Error ? activated.message : '');
		check('no error while loading our package', !s.proc.lines.some((line) => /wolkvox/i.test(line) && /error/i.test(line)), s.proc.lines.filter((l) => /wolkvox/i.test(l)).join('\n'));
		return s;
	});

	// ---- 1. the mailbox chain
	const photo = readFileSync(join(E2E, 'fixtures', 'photo.jpg'));
	const pdf = readFileSync(join(E2E, 'fixtures', 'informe.pdf'));
	const subject = 'Daño en el pedido A-17 — urgente';
	const wolkvoxId = await phase('e-mail → IMAP trigger → Create case', async () => {
		const raw = buildMail({
			from: { name: 'María Núñez', address: 'cliente@example.com' },
			to: `${mailbox.user}@e2e.example.com`,
			subject,
			text: 'Hola,\nla caja llegó abierta y el producto dañado. Adjunto el informe y una foto.\nGracias.',
			attachments: [
				{ fileName: PDF_NAME, contentType: 'application/pdf', bytes: pdf },
				{ fileName: PHOTO_NAME, contentType: 'image/jpeg', bytes: photo },
			],
		});
		writeFileSync(join(runDir, 'mail.eml'), raw);
		mailbox.deliver(raw);
		log(`   delivered ${raw.length} bytes into ${mailbox.maildir}/new`);
		const state = await waitUntil('the case on the emulator', 90_000, async () => {
			const s = await emulatorState(emulator.stateUrl);
			return s.cases.length > 0 ? s : undefined;
		}).catch((error) => error);
		if (!check('a case was created from the e-mail', !(state instanceof Error), state?.message)) {
			log(server.proc.lines.slice(-30).join('\n'));
			return undefined;
		}
		const created = state.cases[0];
		log(`   case ${created.wolkvoxId}: ${created.files.map((f) => `${f.fileName} (${f.size} B)`).join(', ')}`);
		check('exactly one case', state.cases.length === 1, `${state.cases.length} cases`);
		check('the contact is the sender address', created.fields.contact === 'cliente@example.com', created.fields.contact);
		check('the description starts with the decoded subject', created.fields.description?.startsWith(subject), created.fields.description);
		check('priority from the subject ("urgente" → high)', created.fields.priority === 'high', created.fields.priority);
		check('custom fields sent in form', created.form.channel === 'email' && created.form.email_subject === subject, JSON.stringify(created.form));
		check('two files arrived', created.files.length === 2, JSON.stringify(created.files));
		const [first, second] = created.files; // attachment_0, attachment_1: the order of the e-mail
		check(`the PDF arrived as "${PDF_NAME}"`, first?.fileName === PDF_NAME, first?.fileName);
		check(`the photo arrived as "${PHOTO_NAME}" (RFC 2231/2047 name decoded)`, second?.fileName === PHOTO_NAME, second?.fileName);
		check('the PDF byte for byte (sha256)', first?.sha256 === sha256(pdf) && first?.size === pdf.length, JSON.stringify(first));
		check('the photo byte for byte (sha256)', second?.sha256 === sha256(photo) && second?.size === photo.length, JSON.stringify(second));
		check('content types sent', first?.contentType === 'application/pdf' && second?.contentType === 'image/jpeg', `${first?.contentType}, ${second?.contentType}`);
		check('no file lost or ignored by the server', state.droppedFiles.length === 0 && state.ignoredFiles.length === 0);
		check('the e-mail was marked as read', await waitUntil('the message to move to cur/', 15_000, () => readdirSync(join(mailbox.maildir, 'cur')).some((f) => /:2,.*S/.test(f))).catch(() => false));
		return created.wolkvoxId;
	});

	// ---- 3. the editor (while n8n start runs)
	if (process.env.WOLKVOX_E2E_SKIP_EDITOR !== '1') await phase('editor (headless Chromium)', async () => {
		const { editorChecks } = await import('./lib/editor.mjs');
		await editorChecks({ playwrightDir, base: server.base, check, log, screenshotsDir: N8N_VERSIONS[N8N_VERSION].screenshots ? join(outputFolder(E2E), 'screenshots') : join(runDir, 'screenshots'), runDir, nodeType: NODE_TYPE, labels: N8N_VERSIONS[N8N_VERSION].editor,
			workflows: { imap: JSON.parse(readFileSync(IMAP_WORKFLOW, 'utf8')).id, example: JSON.parse(readFileSync(EXAMPLE_WORKFLOW, 'utf8')).id, blank: 'wolkvoxE2eBlank' },
		});
	});

	await phase('stop n8n start', async () => {
		await server.proc.stop(20_000);
	});

	// ---- 2. Update Attachments from files on disk, with the CLI
	await phase('files on disk → Update Attachments (n8n execute)', async () => {
		if (!wolkvoxId) {
			check('sync workflow ran (needs the case from the e-mail)', false, 'no case');
			return;
		}
		const csv = Buffer.from('fecha;nota\n2026-11-23;Cliente envió más fotos — revisión pendiente\n', 'utf8');
		const video = Buffer.concat([photo, Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256))]);
		const files = { 'seguimiento.csv': csv, 'evidencia_añadida.jpg': video };
		for (const [name, bytes] of Object.entries(files)) writeFileSync(join(syncDir, name), bytes);

		const workflow = JSON.parse(readFileSync(SYNC_WORKFLOW, 'utf8'));
		const settings = workflow.nodes.find((n) => n.name === 'Settings').parameters.assignments.assignments;
		settings.find((a) => a.name === 'caseId').value = wolkvoxId;
		settings.find((a) => a.name === 'folder').value = syncDir;
		const wfFile = join(runDir, 'sync.workflow.json');
		writeFileSync(wfFile, JSON.stringify(workflow, null, 2));
		let res = await cli(n8n, cliEnv, ['import:workflow', `--input=${wfFile}`], { logFile: join(runDir, 'cli.log') });
		check('n8n import:workflow (sync, with the case id)', res.code === 0, res.stderr.slice(-1500));
		const before = (await emulatorState(emulator.stateUrl)).cases.find((c) => c.wolkvoxId === wolkvoxId);

		res = await cli(n8n, cliEnv, ['execute', `--id=${workflow.id}`, '--rawOutput'], { logFile: join(runDir, 'cli.log') });
		let output;
		try {
			output = parseRawOutput(res.stdout);
		} catch (error) {
			output = { error };
		}
		check('n8n execute exits 0', res.code === 0, `${res.code}\n${res.stdout.slice(-2500)}\n${res.stderr.slice(-1500)}`);
		const runData = output?.data?.resultData?.runData ?? {};
		const syncRun = runData['Sync attachments']?.[0];
		const items = syncRun?.data?.main?.[0] ?? [];
		check('Sync attachments output one item per file', items.length === 2, JSON.stringify(syncRun ?? output?.data?.resultData?.error ?? output).slice(0, 2000));
		const readItems = runData['Read files']?.[0]?.data?.main?.[0] ?? [];
		check(
			'Read/Write Files kept binaries in the filesystem store (items carry only a binaryData id)',
			readItems.length === 2 && readItems.every((item) => item.binary?.data?.id?.startsWith('filesystem') && item.binary.data.data.length < 32),
			JSON.stringify(readItems.map((item) => item.binary?.data)).slice(0, 800),
		);
		const after = (await emulatorState(emulator.stateUrl)).cases.find((c) => c.wolkvoxId === wolkvoxId);
		const added = after.files.slice(before.files.length);
		check('two attachments added to the case', added.length === 2 && after.updates === before.updates + 2, `${added.length} files, ${after.updates} updates`);
		const addedHashes = added.map((f) => f.sha256).sort();
		const expected = Object.values(files).map(sha256).sort();
		check('the synced files byte for byte (sha256)', JSON.stringify(addedHashes) === JSON.stringify(expected), `${addedHashes} vs ${expected}`);
		check('added as base64 attachments', added.every((f) => f.source === 'base64'));
		check('the case keeps its e-mail files', after.files.slice(0, 2).every((f, i) => f.sha256 === before.files[i].sha256));
		check('custom field from the file name', Object.keys(files).includes(after.form.last_synced_file), JSON.stringify(after.form));
		const requests = (await emulatorState(emulator.stateUrl)).requests;
		check('every request to the emulator carried the token header', requests.length > 0 && requests.every((r) => r.tokenPresent));
	});

	// ---- scenarios of their own (e2e/scenarios/*.mjs), each `export async function run(ctx)`
	const ctx = { n8n, env, cliEnv, emulator, mailbox, runDir, repo: REPO, check, phase, log, n8nVersion: N8N_VERSION };
	for (const scenario of SCENARIOS) await (await import(`./scenarios/${scenario}.mjs`)).run(ctx);

	// ---- every n8n process ran with outside-guard.cjs preloaded: nothing but loopback was tried
	const outside = outsideAttempts(userFolder);
	const hosts = [...new Set(outside.map((a) => `${a.host}${a.port ? `:${a.port}` : ''}`))];
	check('n8n tried to reach no host outside loopback', outside.length === 0, `${hosts.join(', ')}\n${outside.slice(0, 3).map((a) => `${a.kind} ${a.host} from ${a.argv.join(' ')}: ${a.where}`).join('\n')}`);
}

try {
	await main();
} catch (error) {
	report.fail(error);
} finally {
	await phase('stop processes', () => stopAll());
}

process.exit(
	report.finish(() => {
		if (report.failed > 0 || keepRunDir) log(`\nlogs and data kept in ${runDir}`);
		else rmSync(runDir, { recursive: true, force: true });
	}),
);
