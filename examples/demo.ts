/**
 * Runs examples/email-to-case.workflow.json in n8n's own engine against the wolkvox emulator,
 * then checks each case as the emulator holds it against what the e-mails carried.
 *   npm run demo      (exit code 1 when anything does not match)
 */
// n8n-core reads its environment when first loaded: this import goes first.
import { userFolder } from '../test/support/env';

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { IConnections, INode, INodeExecutionData } from 'n8n-workflow';

import { WolkvoxEmulator } from '../test/emulator/server';
import type { StoredCase } from '../test/emulator/types';
import { runWorkflow, type WorkflowRun } from '../test/support/engine';
import { binary, bytesOf, credentialsFor, sha256 } from '../test/support/fixtures';

interface WorkflowFile {
	name: string;
	nodes: INode[];
	connections: IConnections;
}

interface SentFile {
	/** undefined for Update Attachments, which sends bare base64 without a name */
	fileName?: string;
	mimeType: string;
	bytes: Buffer;
}

interface Email {
	from: string;
	subject: string;
	text: string;
	attachments: SentFile[];
	/** what "Add follow-up file" sends for this e-mail's case */
	followup: SentFile;
}

const CREATE = 'Create case';
const UPDATE = 'Add follow-up file';

let seed = 0;
const file = (fileName: string, mimeType: string, size: number): SentFile => ({ fileName, mimeType, bytes: bytesOf(size, ++seed) });
const followup = (size: number): SentFile => ({ mimeType: 'application/pdf', bytes: bytesOf(size, ++seed) });

const emails: Email[] = [
	{
		from: 'cliente@example.com',
		subject: 'Cobro doble en la factura de diciembre',
		text: 'Buenos días, en la factura adjunta aparece dos veces el cargo mensual.',
		attachments: [file('factura_diciembre_ñ.pdf', 'application/pdf', 48_213)],
		followup: followup(12_000),
	},
	{
		from: 'maría.núñez@example.com',
		subject: 'URGENTE: daño en el vehículo durante la entrega',
		text: 'Adjunto la foto del daño y el informe del taller.',
		attachments: [
			file('foto_daño_🚗.jpg', 'image/jpeg', 231_577),
			file('informe del taller (v2).docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 18_430),
		],
		followup: followup(9_876),
	},
	{
		from: 'ops@example.com',
		subject: 'Reclamo: llamada cortada tres veces',
		text: 'Van la grabación, la transcripción y una captura del historial.',
		attachments: [
			file('registro_llamada.mp3', 'audio/mpeg', 402_001),
			file('transcripción.csv', 'text/csv', 3_210),
			file('historial_2024-12-19.png', 'image/png', 77_777),
		],
		followup: followup(15_015),
	},
];

const toBinary = (f: SentFile) => binary(f.bytes, f.fileName, f.mimeType);

/** One item per e-mail, shaped as n8n's Email Trigger makes them in its Resolved format. */
const emailItems = (): INodeExecutionData[] =>
	emails.map(({ from, subject, text, attachments }) => ({
		json: { from: { value: [{ address: from, name: '' }], text: from, html: from }, subject, text },
		binary: Object.fromEntries(attachments.map((a, i) => [`attachment_${i}`, toBinary(a)])),
	}));

const out = (line = '') => process.stdout.write(`${line}\n`);
const problems: string[] = [];
const check = (ok: boolean, problem: string) => {
	if (!ok) problems.push(problem);
	return ok ? '✓' : '✗';
};

/** Every failure of a run: the workflow's own error, or an item that failed. */
function checkRun(run: WorkflowRun, nodeName: string, expectedItems: number): INodeExecutionData[] {
	if (run.error) problems.push(`${nodeName}: ${run.error.message}`);
	const items = run.output(nodeName);
	if (items.length !== expectedItems) problems.push(`${nodeName}: ${items.length} items out, ${expectedItems} expected`);
	items.forEach((item, i) => item.error && problems.push(`${nodeName}, item ${i}: ${item.error.message}`));
	// filesystem mode: n8n stored the bytes, so the node had to read them back by id
	for (const item of run.input) {
		for (const [key, data] of Object.entries(item.binary ?? {})) {
			if (!data.id) problems.push(`${nodeName}: binary "${key}" was not stored by n8n`);
		}
	}
	return items;
}

function printCase(index: number, email: Email, stored: StoredCase): void {
	out(`Case ${index + 1}: wolkvox_id ${stored.wolkvoxId}`);
	const rows = [...Object.entries(stored.fields), ...Object.entries(stored.form).map(([k, v]) => [`form.${k}`, v] as const)];
	const width = Math.max(...rows.map(([label]) => label.length));
	for (const [label, value] of rows) out(`  ${label.padEnd(width)}  ${JSON.stringify(value)}`);
	// The workflow's expressions, checked on what the server received.
	const expected = { contact: email.from, description: `${email.subject}\n\n${email.text}` };
	const fieldsOk =
		Object.entries(expected).every(([name, value]) => stored.fields[name] === value) &&
		stored.form.email_subject === email.subject;
	out(`  ${check(fieldsOk, `case ${index + 1}: fields differ from the e-mail`)} contact, description and email_subject match the e-mail`);

	const sent = [...email.attachments, email.followup];
	check(stored.files.length === sent.length, `case ${index + 1}: ${stored.files.length} files stored, ${sent.length} sent`);
	out(`  files (${stored.files.length} stored, ${sent.length} sent)`);
	stored.files.forEach((got, i) => {
		const want = sent[i];
		const same = want !== undefined && got.sha256 === sha256(want.bytes) && got.fileName === want.fileName;
		const mark = check(same, `case ${index + 1}, file ${i + 1} (${got.fileName ?? got.field}) differs from what was sent`);
		const name = got.fileName ?? `${got.field}: base64, no name (follow-up)`;
		out(`    ${mark} ${String(got.size).padStart(7)} B  sha256 ${got.sha256}  ${name}`);
	});
	out();
}

async function main(emulator: WolkvoxEmulator): Promise<void> {
	const workflow = JSON.parse(readFileSync(join(__dirname, 'email-to-case.workflow.json'), 'utf8')) as WorkflowFile;
	const url = await emulator.start();
	out(`wolkvox emulator on ${url}, operation "${emulator.operation}"`);
	out(`workflow "${workflow.name}": E-mails → ${CREATE} → ${UPDATE}, binaries in n8n's filesystem store\n`);
	const credentials = credentialsFor(emulator);

	// In the workflow, n8n's Set and Convert to File nodes write each case's follow-up file;
	// n8n-nodes-base is not loaded in this in-process engine, so the run is split there: first
	// the e-mails up to Create...
	const upToCreate = { nodes: workflow.nodes, connections: {} };
	const created = await runWorkflow({ workflow: upToCreate, startAt: CREATE, items: emailItems(), credentials, binaryMode: 'filesystem' });
	const cases = checkRun(created, CREATE, emails.length);
	if (problems.length > 0) return; // the next step needs every case

	// ...then Create's output items, each given its follow-up file as the binary "followup",
	// go into the Update node, as a node that fetched or rendered the file would hand them on.
	// The case id then comes from the item itself, as Create's output carries it (the workflow
	// reads it with $('Create case'), a node this second run does not execute).
	const followUps = cases.map((item, i) => ({ json: item.json, binary: { followup: toBinary(emails[i].followup) } }));
	const nodes = workflow.nodes.map((node) =>
		node.name === UPDATE ? { ...node, parameters: { ...node.parameters, wolkvoxId: '={{ $json.wolkvox_id }}' } } : node,
	);
	const updated = await runWorkflow({ workflow: { nodes, connections: {} }, startAt: UPDATE, items: followUps, credentials, binaryMode: 'filesystem' });
	checkRun(updated, UPDATE, emails.length);

	emails.forEach((email, i) => {
		const id = String(cases[i]?.json.wolkvox_id ?? '');
		const stored = emulator.findCase(id);
		if (stored) printCase(i, email, stored);
		else problems.push(`e-mail ${i + 1}: the emulator holds no case "${id}"`);
	});
}

async function demo(): Promise<number> {
	const emulator = new WolkvoxEmulator();
	try {
		await main(emulator);
	} catch (error) {
		problems.push(`the demo stopped: ${(error as Error).stack ?? String(error)}`);
	} finally {
		await emulator.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}
	if (problems.length === 0) {
		out(`All ${emails.length} cases hold exactly what the e-mails and follow-ups sent.`);
	} else {
		process.stderr.write(`${problems.length} problem(s):\n${problems.map((p) => `  ✗ ${p}\n`).join('')}`);
	}
	return problems.length === 0 ? 0 : 1;
}

// Exit explicitly: n8n-core's services keep timers of their own (e.g. the SSH tunnel
// manager's cleanup interval) that would hold the process open, as jest's forceExit notes.
void demo().then((code) => process.exit(code));
