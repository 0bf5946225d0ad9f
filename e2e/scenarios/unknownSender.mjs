// Two e-mails from a sender the CRM does not know reach the real IMAP mailbox while
// examples/email-to-case-new-sender.workflow.json is active under `n8n start`: the Email Trigger
// hands them to Wolkvox Cases: Create with "If the Contact Does Not Exist" set to "Create It".
// Expected: one new contact (named as the sender), two cases naming it, each with its files byte
// for byte. The emulator's cases/insert.php refuses unknown contacts, so no contact, no case.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildMail } from '../lib/mail.mjs';
import { cli, startN8n } from '../lib/n8n.mjs';
import { emulatorState, sha256, waitUntil } from '../lib/util.mjs';

const SENDER = { name: 'Lucía Pérez', address: 'lucia.perez@nuevo.example.com' };

export async function run(ctx) {
	const { n8n, env, cliEnv, emulator, mailbox, runDir, repo, check, phase, log } = ctx;
	const workflowFile = join(repo, 'examples', 'email-to-case-new-sender.workflow.json');
	const workflow = JSON.parse(readFileSync(workflowFile, 'utf8'));
	const cliLog = { logFile: join(runDir, 'cli.log') };

	await phase('unknown sender: import and publish the example (n8n CLI)', async () => {
		// Only this workflow may watch the mailbox: the earlier IMAP example would take the same e-mails.
		let res = await cli(n8n, cliEnv, ['unpublish:workflow', '--all'], cliLog);
		check('n8n unpublish:workflow --all', res.code === 0, res.stdout.slice(-1500) + res.stderr.slice(-1500));
		const file = join(runDir, 'email-to-case-new-sender.workflow.json');
		copyFileSync(workflowFile, file);
		res = await cli(n8n, cliEnv, ['import:workflow', `--input=${file}`], cliLog);
		check('n8n import:workflow (examples/email-to-case-new-sender)', res.code === 0, res.stdout.slice(-1500) + res.stderr.slice(-1500));
		res = await cli(n8n, cliEnv, ['publish:workflow', `--id=${workflow.id}`], cliLog);
		check('n8n publish:workflow (the new-sender example)', res.code === 0 && !/error/i.test(res.stdout + res.stderr), res.stdout.slice(-1500) + res.stderr.slice(-1500));
	});

	const server = await phase('unknown sender: n8n start', async () => {
		const loginsBefore = mailbox.logins?.() ?? 0;
		const s = await startN8n(n8n, env, { logFile: join(runDir, 'n8n-start-new-sender.log') });
		// Mail must arrive after the trigger selected the mailbox: where the mailbox can tell (its
		// client waits in IMAP IDLE), wait for that; otherwise for n8n 2.8's activation line.
		const activated = await (typeof mailbox.idling === 'function'
			? waitUntil('the trigger to wait in IMAP IDLE', 180_000, () => mailbox.logins() > loginsBefore && mailbox.idling())
			: s.proc.waitFor((line) => line.startsWith(`Activated workflow "${workflow.name}"`) && line, 60_000, 'the new-sender workflow activation')
		).catch((error) => error);
		check('the new-sender workflow is active', activated === true || typeof activated === 'string', activated instanceof Error ? activated.message : '');
		return s;
	});

	try {
		await phase('unknown sender: two e-mails → one contact, two cases with their files', async () => {
			const before = await emulatorState(emulator.stateUrl);
			check('the sender is not a contact yet', !before.contacts.some((c) => c.fields.emailcontact === SENDER.address));
			const pdf = readFileSync(join(repo, 'e2e', 'fixtures', 'informe.pdf'));
			const photo = readFileSync(join(repo, 'e2e', 'fixtures', 'photo.jpg'));
			const csv = Buffer.from('pedido;estado\nB-9;sin entregar\n', 'utf8');
			const mails = [
				{ subject: 'Primer contacto: pedido B-9 sin entregar', files: [{ fileName: 'factura_B-9.pdf', contentType: 'application/pdf', bytes: pdf }, { fileName: 'caja_dañada.jpg', contentType: 'image/jpeg', bytes: photo }] },
				{ subject: 'Segundo correo: más datos del pedido B-9', files: [{ fileName: 'seguimiento.csv', contentType: 'text/csv', bytes: csv }] },
			];
			// Delivered together, so that the trigger most likely hands both to one execution.
			for (const mail of mails) {
				mailbox.deliver(buildMail({ from: SENDER, to: `${mailbox.user}@e2e.example.com`, subject: mail.subject, text: 'Hola, soy cliente nueva.', attachments: mail.files }));
			}
			const state = await waitUntil('two cases for the new sender', 90_000, async () => {
				const s = await emulatorState(emulator.stateUrl);
				return s.cases.filter((c) => c.fields.contact === SENDER.address).length >= 2 ? s : undefined;
			}).catch((error) => error);
			if (!check('cases were opened for the new sender', !(state instanceof Error), state?.message)) {
				log(server.proc.lines.slice(-30).join('\n'));
				return;
			}
			await new Promise((resolve) => setTimeout(resolve, 2000)); // nothing more may come
			const after = await emulatorState(emulator.stateUrl);
			const contacts = after.contacts.filter((c) => c.fields.emailcontact === SENDER.address);
			const cases = after.cases.filter((c) => c.fields.contact === SENDER.address);
			check('exactly one new contact', contacts.length === 1, JSON.stringify(contacts));
			check(`the contact is named as the sender ("${SENDER.name}")`, contacts[0]?.fields.namecontact === SENDER.name, JSON.stringify(contacts[0]?.fields));
			check('exactly two cases for the sender', cases.length === 2, `${cases.length} cases`);
			for (const mail of mails) {
				const opened = cases.find((c) => c.fields.description?.startsWith(mail.subject));
				const got = (opened?.files ?? []).map((f) => [f.fileName, f.sha256, f.size]);
				const want = mail.files.map((f) => [f.fileName, sha256(f.bytes), f.bytes.length]);
				check(`"${mail.subject}": its ${want.length} file(s) byte for byte (sha256) with their names`, JSON.stringify(got) === JSON.stringify(want), JSON.stringify(got));
			}
			const paths = after.requests.slice(before.requests.length).map((r) => `${r.path.replace('/server/API/v2/', '')} ${r.status}`);
			log(`   requests: ${paths.join(', ')}`);
			const inserts = paths.filter((p) => p.startsWith('custom/insert.php'));
			const caseInserts = paths.filter((p) => p.startsWith('cases/insert.php'));
			check('one contact insert; no case refused', inserts.length === 1 && caseInserts.length === 2 && caseInserts.every((p) => p.endsWith(' 200')), paths.join(', '));
		});
	} finally {
		await phase('unknown sender: stop n8n start', async () => {
			await server.proc.stop(20_000);
			await cli(n8n, cliEnv, ['unpublish:workflow', `--id=${workflow.id}`], cliLog);
		});
	}
}
