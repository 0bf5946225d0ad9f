/**
 * npm run probe -- --server crm0001.wolkvox.com --operation NAME [--allow-writes --contact … --priority …]
 * The token comes from WOLKVOX_TOKEN (or --token); it is never printed.
 */
import { parseArgs } from 'node:util';

import { CUSTOM_SERVER } from '../credentials/WolkvoxCredentials';
import { apiBaseUrl } from '../credentials/serverUrl';
import { redactToken } from '../nodes/WolkvoxCases/transport/request';
import { PROBE_DESCRIPTION, runProbe, type CaseDefaults, type ProbeReport } from './probes';

const HELP = `Asks a real wolkvox account what its public pages leave open, and prints guess → observed.

  npm run probe -- --server HOST --operation NAME [options]

  --server HOST        the CRM host (e.g. crm0001.wolkvox.com), or WOLKVOX_SERVER
  --operation NAME     the CRM operation, or WOLKVOX_OPERATION
  --token TOKEN        the token; better WOLKVOX_TOKEN (a flag shows in the process list). Never printed.
  --allow-writes       also ask the questions that create test cases (described
                       "${PROBE_DESCRIPTION}"); without it only read-only questions are asked
  --contact EMAIL      (writes) an existing contact's e-mail
  --priority VALUE     (writes) an existing priority of the case type
  --status VALUE       (writes) an existing open status; default Abierto
  --case-type VALUE    (writes) default Request
  --responsible USER   (writes) a Wolkvox Email; default ADMIN_@<operation>
  --owner USER         (writes) default: the responsible
  --json               print the report as JSON
  --help
`;

function fail(message: string): never {
	process.stderr.write(`${message}\n\n${HELP}`);
	process.exit(2);
}

function table(report: ProbeReport): string {
	const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
	const lines = ['| question | guess | observed |', '|---|---|---|'];
	for (const row of report.rows) lines.push(`| ${cell(row.question)} | ${cell(row.guess)} | ${cell(row.observed)} |`);
	lines.push('', `${report.requests} request(s) sent (each counts against the token's daily quota).`);
	if (report.createdCases.length) {
		lines.push(`Test cases created (description "${PROBE_DESCRIPTION}"), safe to delete: ${report.createdCases.join(', ')}`);
	}
	return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			server: { type: 'string' },
			operation: { type: 'string' },
			token: { type: 'string' },
			'allow-writes': { type: 'boolean', default: false },
			contact: { type: 'string' },
			priority: { type: 'string' },
			status: { type: 'string', default: 'Abierto' },
			'case-type': { type: 'string', default: 'Request' },
			responsible: { type: 'string' },
			owner: { type: 'string' },
			json: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) return void process.stdout.write(HELP);
	const token = (values.token ?? process.env.WOLKVOX_TOKEN ?? '').trim();
	const operation = (values.operation ?? process.env.WOLKVOX_OPERATION ?? '').trim();
	const server = apiBaseUrl({ server: CUSTOM_SERVER, customServer: values.server ?? process.env.WOLKVOX_SERVER ?? '' });
	if ('problem' in server) fail(server.problem);
	if (!operation) fail('Give the operation: --operation NAME or WOLKVOX_OPERATION.');
	if (!token) fail('Give the token in WOLKVOX_TOKEN (or --token).');

	let defaults: CaseDefaults | undefined;
	if (values['allow-writes']) {
		if (!values.contact || !values.priority) fail('--allow-writes needs --contact and --priority: values that exist in your CRM.');
		const responsible = values.responsible ?? `ADMIN_@${operation}`;
		defaults = {
			caseType: values['case-type']!,
			responsible,
			owner: values.owner ?? responsible,
			contact: values.contact,
			status: values.status!,
			priority: values.priority,
		};
	}
	try {
		const report = await runProbe({ apiBaseUrl: server.url, operation, token }, { allowWrites: values['allow-writes']!, defaults });
		process.stdout.write(redactToken(values.json ? `${JSON.stringify(report, null, 2)}\n` : table(report), token));
	} catch (error) {
		process.stderr.write(`${redactToken(`The probe stopped: ${(error as Error).message}`, token)}\n`);
		process.exit(1);
	}
}

void main();
