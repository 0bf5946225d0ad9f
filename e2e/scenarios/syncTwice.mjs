// A scheduled sync run again attaches nothing twice (issue 9): the example
// examples/e2e-sync-attachments.workflow.json (Read/Write Files from Disk → Update Attachments with
// "Skip Files Already Sent to This Case"), run three times with `n8n execute` onto one case:
//   1. two files in the folder: both attached;
//   2. the same two files: nothing sent, both reported as skipped;
//   3. one file changed: only that one sent again.
// n8n's own deduplication store (its database) remembers what was sent between the runs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cli, parseRawOutput } from '../lib/n8n.mjs';
import { emulatorState, sha256 } from '../lib/util.mjs';
import { openCase } from '../../scripts/openCase.mjs';

const WORKFLOW_ID = 'wolkvoxSyncTwice';

export async function run(ctx) {
	const { check, phase, log, emulator } = ctx;
	await phase('sync twice: Skip Files Already Sent to This Case (n8n execute ×3)', async () => {
		const example = JSON.parse(readFileSync(join(ctx.repo, 'examples', 'e2e-sync-attachments.workflow.json'), 'utf8'));
		const syncNode = example.nodes.find((n) => n.name === 'Sync attachments');
		check('the sync example has "Skip Files Already Sent to This Case" on', syncNode.parameters.options?.skipFilesAlreadySent === true, JSON.stringify(syncNode.parameters.options));

		const caseId = await openCase(emulator, { description: 'Expediente con documentos sincronizados cada hora' });
		const folder = join(ctx.env.N8N_RESTRICT_FILE_ACCESS_TO, 'sync-twice');
		mkdirSync(folder, { recursive: true });
		const files = {
			'acta_firmada.pdf': readFileSync(join(ctx.repo, 'e2e', 'fixtures', 'informe.pdf')),
			'inventario.csv': Buffer.from('código;cantidad\nA-17;3\nB-02;1\n', 'utf8'),
		};
		for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);

		const workflow = { ...example, id: WORKFLOW_ID, name: `${example.name} (run twice)` };
		const settings = workflow.nodes.find((n) => n.name === 'Settings').parameters.assignments.assignments;
		settings.find((a) => a.name === 'caseId').value = caseId;
		settings.find((a) => a.name === 'folder').value = folder;
		const wfFile = join(ctx.runDir, 'sync-twice.workflow.json');
		writeFileSync(wfFile, JSON.stringify(workflow, null, 2));
		const logFile = join(ctx.runDir, 'cli.log');
		const imported = await cli(ctx.n8n, ctx.cliEnv, ['import:workflow', `--input=${wfFile}`], { logFile });
		check('sync twice: n8n import:workflow', imported.code === 0, imported.stderr.slice(-1500));

		const caseNow = async () => (await emulatorState(emulator.stateUrl)).cases.find((c) => c.wolkvoxId === caseId);
		const syncRun = async (round) => {
			const before = await caseNow();
			const res = await cli(ctx.n8n, ctx.cliEnv, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], { logFile });
			let items = [];
			try {
				items = parseRawOutput(res.stdout)?.data?.resultData?.runData?.['Sync attachments']?.[0]?.data?.main?.[0] ?? [];
			} catch {
				// reported by the exit-code check
			}
			check(`sync twice, run ${round}: n8n execute exits 0`, res.code === 0, `${res.stdout.slice(-2000)}\n${res.stderr.slice(-1000)}`);
			const after = await caseNow();
			return { items: items.map((item) => item.json), added: after.files.slice(before.files.length), updates: after.updates - before.updates };
		};

		const first = await syncRun(1);
		log(`   run 1: ${first.added.map((f) => `${f.field} (${f.size} B)`).join(', ')}`);
		check('run 1: both files attached, byte for byte', JSON.stringify(first.added.map((f) => f.sha256).sort()) === JSON.stringify(Object.values(files).map(sha256).sort()), JSON.stringify(first.added));
		check('run 1: nothing reported as skipped', first.items.length === 2 && first.items.every((j) => j.skippedFiles?.length === 0), JSON.stringify(first.items));

		const second = await syncRun(2);
		log(`   run 2: ${second.added.length} files added, ${second.updates} updates; ${second.items.map((j) => j.message).join(' / ')}`);
		check('run 2: nothing sent again (no file added, no update)', second.added.length === 0 && second.updates === 0, JSON.stringify(second.added));
		check('run 2: each item says its file was already sent', second.items.length === 2 && second.items.every((j) => j.skippedFiles?.length === 1 && j.files?.length === 0), JSON.stringify(second.items));

		const changed = Buffer.from('código;cantidad\nA-17;3\nB-02;1\nC-09;4\n', 'utf8');
		writeFileSync(join(folder, 'inventario.csv'), changed);
		const third = await syncRun(3);
		log(`   run 3: ${third.added.map((f) => `${f.field} (${f.size} B)`).join(', ')}`);
		check('run 3: the changed file sent again, and only it', third.added.length === 1 && third.added[0].sha256 === sha256(changed) && third.updates === 1, JSON.stringify(third.added));
		const after = await caseNow();
		check('the case holds each version once', after.files.length === 3 && new Set(after.files.map((f) => f.sha256)).size === 3, JSON.stringify(after.files.map((f) => f.sha256)));
	});
}
