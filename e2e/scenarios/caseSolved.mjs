// The Wolkvox Trigger in the real n8n (issue 12): examples/case-solved-notify.workflow.json, imported
// unchanged and published, polls cases/queryCases.php for "Solucionado" once a minute and e-mails
// each newly solved case's contact its solution through n8n's Send Email node, to an SMTP server
// started here. Cases move as an agent would move them (the emulator's POST /state/case-status).
//   1. activation: a case solved before it is the baseline: no e-mail;
//   2. n8n restarted before any event, a case solved while it was down: e-mailed once after the
//      restart (the baseline survived the restart; nothing solved meanwhile is lost);
//   3. a case solved while n8n runs: one execution, one e-mail, with that case's solution;
//   4. the next poll: nothing more;
//   5. n8n restarted again: nothing replayed.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { sqliteExecutions } from '../lib/executions.mjs';
import { cli, startN8n } from '../lib/n8n.mjs';
import { startSmtp } from '../lib/smtp.mjs';
import { emulatorState, waitUntil } from '../lib/util.mjs';
import { openCase } from '../../scripts/openCase.mjs';

/** A poll minute plus n8n's start and the e-mail: the longest wait for one poll. */
const POLL_WAIT_MS = 150_000;
const CUSTOMERS = {
	before: 'cliente@example.com',
	whileDown: 'maría.núñez@example.com',
	whileUp: 'ops@example.com',
};

export async function run(ctx) {
	const { n8n, env, cliEnv, emulator, runDir, repo, check, phase, log } = ctx;
	const workflowFile = join(repo, 'examples', 'case-solved-notify.workflow.json');
	const workflow = JSON.parse(readFileSync(workflowFile, 'utf8'));
	const cliLog = { logFile: join(runDir, 'cli.log') };
	const executions = sqliteExecutions(n8n, join(env.N8N_USER_FOLDER, '.n8n', 'database.sqlite'));
	const polls = async () => (await emulatorState(emulator.stateUrl)).requests.filter((r) => r.path.endsWith('/cases/queryCases.php')).length;
	const solve = async (wolkvoxId, solution) => {
		const res = await fetch(`${emulator.stateUrl}/case-status`, { method: 'POST', body: JSON.stringify({ wolkvoxId, status: 'Solucionado', solution }) });
		if (res.status !== 200) throw new Error(`the emulator did not move case ${wolkvoxId}: ${res.status} ${await res.text()}`);
	};

	const smtp = await startSmtp();
	const cases = {};
	let server;
	try {
		await phase('case solved: SMTP server, credential, a solved and two open cases, the recipe published', async () => {
			log(`   SMTP smtp://127.0.0.1:${smtp.port} (user ${smtp.user})`);
			let res = await cli(n8n, cliEnv, ['unpublish:workflow', '--all'], cliLog);
			check('case solved: n8n unpublish:workflow --all (no other workflow polls or reads mail)', res.code === 0, res.stderr.slice(-1500));
			const credentials = [{ id: 'smtpDemo', name: 'SMTP (support mailbox)', type: 'smtp', data: { user: smtp.user, password: smtp.password, host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } }];
			const credFile = join(runDir, 'smtp-credentials.json');
			writeFileSync(credFile, JSON.stringify(credentials), { mode: 0o600 });
			res = await cli(n8n, cliEnv, ['import:credentials', `--input=${credFile}`], cliLog);
			check('case solved: n8n import:credentials (SMTP)', res.code === 0, res.stderr.slice(-1500));

			for (const [key, contact] of Object.entries(CUSTOMERS)) cases[key] = await openCase(emulator, { contact, description: `Pedido con problema (${key})` });
			await solve(cases.before, 'Solucionado antes de activar el flujo');

			const file = join(runDir, 'case-solved-notify.workflow.json');
			copyFileSync(workflowFile, file);
			res = await cli(n8n, cliEnv, ['import:workflow', `--input=${file}`], cliLog);
			check('case solved: n8n import:workflow (examples/case-solved-notify, unchanged)', res.code === 0, res.stderr.slice(-1500));
			res = await cli(n8n, cliEnv, ['publish:workflow', `--id=${workflow.id}`], cliLog);
			check('case solved: n8n publish:workflow', res.code === 0 && !/error/i.test(res.stdout + res.stderr), res.stdout.slice(-1500) + res.stderr.slice(-1500));
		});

		const start = async (name) => {
			const before = await polls();
			const s = await startN8n(n8n, env, { logFile: join(runDir, `n8n-start-${name}.log`) });
			const polled = await waitUntil('the trigger\'s first poll', POLL_WAIT_MS, async () => (await polls()) > before).catch((error) => error);
			check(`case solved (${name}): the trigger polled after n8n started`, polled === true, polled instanceof Error ? `${polled.message}\n${s.proc.lines.slice(-20).join('\n')}` : '');
			return s;
		};
		/** Waits for the poll after the current one to finish (a whole poll with its execution, if any). */
		const nextPoll = async () => {
			const mark = await polls();
			await waitUntil('the next poll', POLL_WAIT_MS, async () => (await polls()) > mark);
			await new Promise((resolve) => setTimeout(resolve, 5000)); // its execution and e-mail, if it made one
		};

		server = await phase('case solved: n8n start; the first poll takes the solved case as its baseline', async () => {
			const s = await start('activation');
			await new Promise((resolve) => setTimeout(resolve, 5000));
			check('case solved: the case solved before activation is not sent', smtp.messages.length === 0, smtp.messages.map((m) => m.parsed.subject).join(' / '));
			const counts = await executions.count(workflow.id); // by status, read once: the detail shows what was checked
			check('case solved: no execution started at activation', Object.keys(counts).length === 0, JSON.stringify(counts));
			return s;
		});

		await phase('case solved: n8n restarted before any event; a case solved while it was down is sent once', async () => {
			await server.proc.stop(20_000);
			await solve(cases.whileDown, 'Enviamos un reemplazo; llega el jueves.');
			server = await start('restart 1');
			const mail = await waitUntil('the e-mail for the case solved while n8n was down', POLL_WAIT_MS, () => smtp.messages.length > 0 && smtp.messages).catch((error) => error);
			if (!check('case solved: an e-mail was sent after the restart', !(mail instanceof Error), mail?.message)) return;
			await nextPoll();
			expectMail(ctx, smtp.messages, [CUSTOMERS.whileDown], 'Enviamos un reemplazo; llega el jueves.');
			const counts = await executions.count(workflow.id);
			check('case solved: one execution, succeeded', counts.success === 1, JSON.stringify(counts));
		});

		await phase('case solved: a case solved while n8n runs → one execution, one e-mail; the next poll → none', async () => {
			await solve(cases.whileUp, 'Ajustamos la factura: el abono se ve en 48 horas.');
			const mail = await waitUntil('the e-mail for the case solved while n8n runs', POLL_WAIT_MS, () => smtp.messages.length > 1 && smtp.messages).catch((error) => error);
			if (!check('case solved: an e-mail was sent for the case solved while n8n runs', !(mail instanceof Error), mail?.message)) return;
			await nextPoll();
			expectMail(ctx, smtp.messages.slice(1), [CUSTOMERS.whileUp], 'Ajustamos la factura: el abono se ve en 48 horas.');
			const counts = await executions.count(workflow.id);
			check('case solved: two executions in all, both succeeded, none failed', counts.success === 2 && Object.keys(counts).length === 1, JSON.stringify(counts));
		});

		await phase('case solved: n8n restarted again → nothing replayed', async () => {
			await server.proc.stop(20_000);
			server = await start('restart 2');
			await nextPoll();
			check('case solved: no e-mail replayed after the restart (still 2)', smtp.messages.length === 2, smtp.messages.map((m) => m.envelope.to.join(',')).join(' / '));
			const counts = await executions.count(workflow.id);
			check('case solved: no execution replayed (still 2)', counts.success === 2, JSON.stringify(counts));
			const state = await emulatorState(emulator.stateUrl);
			const queries = state.requests.filter((r) => r.path.endsWith('/cases/queryCases.php'));
			log(`   ${queries.length} polls (cases/queryCases.php), every one answered ${[...new Set(queries.map((r) => r.status))].join(', ')}`);
			check('case solved: every poll was answered 200 (no refusal)', queries.every((r) => r.status === 200), JSON.stringify(queries.map((r) => r.status)));
		});
	} finally {
		await phase('case solved: stop n8n and the SMTP server; unpublish the recipe', async () => {
			await server?.proc.stop(20_000);
			await cli(n8n, cliEnv, ['unpublish:workflow', `--id=${workflow.id}`], cliLog);
			await smtp.stop();
		});
	}
}

/** The e-mails are exactly one per expected customer, each with the recipe's subject and the solution. */
function expectMail({ check }, messages, customers, solution) {
	const to = messages.map((m) => m.envelope.to.join(','));
	check(`case solved: exactly one e-mail, to ${customers.join(', ')}`, JSON.stringify(to) === JSON.stringify(customers), JSON.stringify(to));
	const [mail] = messages;
	if (!mail) return;
	check('case solved: its subject says the case is solved', /^Tu caso \S+ está solucionado$/.test(mail.parsed.subject ?? ''), mail.parsed.subject);
	check('case solved: its text holds the solution', (mail.parsed.text ?? '').includes(solution), mail.parsed.text);
	check('case solved: sent from the recipe\'s From, with the SMTP login', mail.parsed.from?.value?.[0]?.address === 'soporte@example.com' && mail.user === 'n8n-e2e', JSON.stringify(mail.parsed.from));
}
