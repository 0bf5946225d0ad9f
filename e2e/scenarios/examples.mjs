// The example workflows run as a user imports them: examples/email-to-case and examples/dedupe,
// unchanged, with `n8n import:workflow` and `n8n execute` (their sample data comes from n8n's own
// Set and Convert to File nodes; their credential is the "Wolkvox demo" one typed as README says).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cli, parseRawOutput } from '../lib/n8n.mjs';
import { emulatorState, sha256 } from '../lib/util.mjs';

/** Runs an imported workflow once with the CLI; returns its run data (node name → runs). */
async function execute(ctx, id) {
	const res = await cli(ctx.n8n, ctx.cliEnv, ['execute', `--id=${id}`, '--rawOutput'], { logFile: join(ctx.runDir, 'cli.log') });
	let output = {};
	try {
		output = parseRawOutput(res.stdout);
	} catch {
		// reported by the exit-code check
	}
	ctx.check(`${id}: n8n execute exits 0`, res.code === 0, `${res.stdout.slice(-2500)}\n${res.stderr.slice(-1000)}`);
	return output?.data?.resultData?.runData ?? {};
}

const itemsOf = (runData, node) => runData[node]?.[0]?.data?.main?.[0] ?? [];

/** The bytes of the sample attachment a Set node of the example holds, as Convert to File writes them. */
function sampleFile(workflow, setNode, field) {
	const node = workflow.nodes.find((n) => n.name === setNode);
	return Buffer.from(node.parameters.assignments.assignments.find((a) => a.name === field).value, 'utf8');
}

export async function run(ctx) {
	const { check, phase, emulator } = ctx;
	const files = ['email-to-case', 'dedupe'].map((name) => join(ctx.repo, 'examples', `${name}.workflow.json`));
	const [emailToCase, dedupe] = files.map((file) => JSON.parse(readFileSync(file, 'utf8')));

	await phase('examples as imported (n8n import:workflow, n8n execute)', async () => {
		for (const file of files) {
			const res = await cli(ctx.n8n, ctx.cliEnv, ['import:workflow', `--input=${file}`], { logFile: join(ctx.runDir, 'cli.log') });
			check(`import ${file.split('/').pop()} unchanged`, res.code === 0, res.stderr.slice(-1500));
		}

		// ---- email-to-case: sample e-mail → Create (with its file) → a follow-up file added
		let runData = await execute(ctx, emailToCase.id);
		const created = itemsOf(runData, 'Create case')[0]?.json;
		const added = itemsOf(runData, 'Add follow-up file')[0]?.json;
		writeFileSync(join(ctx.runDir, 'example-email-to-case.json'), JSON.stringify(runData, null, 2));
		let state = await emulatorState(emulator.stateUrl);
		const stored = state.cases.find((c) => c.wolkvoxId === created?.wolkvox_id);
		check('email-to-case: a case was created', Boolean(stored), JSON.stringify(created ?? runData).slice(0, 1500));
		const csv = sampleFile(emailToCase, 'Sample attachment', 'content');
		check('email-to-case: the contact is the sample sender address', stored?.fields.contact === 'cliente@example.com', stored?.fields.contact);
		check(
			'email-to-case: the sample attachment arrived byte for byte, under its name',
			stored?.files[0]?.fileName === 'pedido_A-17.csv' && stored?.files[0]?.sha256 === sha256(csv),
			JSON.stringify(stored?.files),
		);
		check('email-to-case: the follow-up file was added to that case', added?.wolkvox_id === created?.wolkvox_id && stored?.files.length === 2, JSON.stringify(added));

		// ---- dedupe: run twice; the second run updates the case the first found or opened
		const sender = 'ops@example.com';
		const openCases = (s) => s.cases.filter((c) => c.fields.contact === sender);
		const before = openCases(await emulatorState(emulator.stateUrl));
		const ran = [];
		for (let round = 1; round <= 2; round++) {
			runData = await execute(ctx, dedupe.id);
			ran.push(['Create case', 'Add to open case'].filter((name) => runData[name]));
		}
		state = await emulatorState(emulator.stateUrl);
		const after = openCases(state);
		const expectedFirst = before.length === 0 ? 'Create case' : 'Add to open case';
		check(
			`dedupe: first run → ${expectedFirst}, second run → Add to open case`,
			JSON.stringify(ran) === JSON.stringify([[expectedFirst], ['Add to open case']]),
			JSON.stringify(ran),
		);
		check('dedupe: one case for the sender, not a new one per e-mail', after.length === Math.max(before.length, 1), `${before.length} → ${after.length}`);
		const invoice = sha256(sampleFile(dedupe, 'Sample attachment', 'content'));
		const copies = after.flatMap((c) => c.files).filter((f) => f.sha256 === invoice).length;
		check("dedupe: the e-mail's attachment reached the case on each run", copies >= 2, `${copies} copies`);
	});
}
