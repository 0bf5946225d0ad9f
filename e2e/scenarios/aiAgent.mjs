// The node as an AI Agent's tool in the real n8n: n8n's own AI Agent node, an OpenAI Chat Model
// whose credential's Base URL points at a SCRIPTED model on loopback (e2e/lib/scriptedModel.mjs:
// no language model can be reached from here, so the model's part — which tool to call, with
// which arguments — is a fixed script), and two Wolkvox Cases tool nodes whose parameters come
// from $fromAI(). The script searches the customer's cases, then opens one with the fields it
// chose; the emulator must then hold that case, and the agent's final answer must come back.
// Run with `n8n execute`.
import { writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cli, parseRawOutput } from '../lib/n8n.mjs';
import { startScriptedModel } from '../lib/scriptedModel.mjs';
import { emulatorState } from '../lib/util.mjs';

const WORKFLOW_ID = 'wolkvoxE2eAiAgent';
/** A contact the emulator's CRM knows (defaultDirectory), with no case yet in this run. */
const CONTACT = 'maría.núñez@example.com';
/** What the scripted model "decides" to open: the checks find exactly these on the emulator. */
const CHOSEN = { contact_email: CONTACT, summary: 'Factura duplicada de noviembre: pide anular la segunda', priority: 'high' };

/** The search field value for a contact's e-mail, as the built node names it (its value list may change). */
function contactSearchField(repo) {
	const require = createRequire(join(repo, 'package.json'));
	const { WolkvoxCases } = require(join(repo, 'dist', 'nodes', 'WolkvoxCases', 'WolkvoxCases.node.js'));
	const field = new WolkvoxCases().description.properties.find((p) => p.name === 'searchField');
	const option = field?.options?.find((o) => /contact/i.test(o.name) && /e-?mail/i.test(o.name));
	if (!option) throw new Error(`no "Contact Email" search field in the built node: ${JSON.stringify(field?.options)}`);
	return option.value;
}

/**
 * The model's script, decided from the conversation n8n sends (stateless, like a real model):
 * no tool result yet → search the contact's cases; after the search → open a case;
 * after the case is opened → answer with its id.
 */
function script(body) {
	const tools = (body.tools ?? []).map((t) => t.function?.name ?? t.name);
	const search = tools.find((name) => /search/i.test(name));
	const open = tools.find((name) => /open/i.test(name));
	if (!search || !open) throw new Error(`n8n offered no search and open tools: ${tools.join(', ')}`);
	const results = (body.messages ?? []).filter((m) => m.role === 'tool');
	if (results.length === 0) return { toolCalls: [{ name: search, args: { contact_email: CONTACT } }] };
	if (results.length === 1) return { toolCalls: [{ name: open, args: CHOSEN }] };
	const text = results.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).pop();
	const id = /wolkvox_id\\?"\s*:\s*\\?"([^"\\]+)/.exec(text)?.[1];
	if (!id) return { content: `(scripted model) The case could not be opened: ${text.slice(0, 300)}` };
	return { content: `(scripted model) Case ${id} is open for ${CONTACT}, priority ${CHOSEN.priority}.` };
}

function workflow({ searchField }) {
	const tool = (id, name, parameters, x) => ({
		id,
		name,
		type: 'n8n-nodes-wolkvox.wolkvoxCasesTool',
		typeVersion: 1,
		position: [x, 220],
		parameters,
		credentials: { wolkvoxApi: { id: 'wolkvoxE2e', name: 'Wolkvox (e2e emulator)' } },
	});
	const fromAI = (key, what) => `={{ $fromAI('${key}', '${what}', 'string') }}`;
	return {
		id: WORKFLOW_ID,
		name: 'E2E: AI Agent with Wolkvox Cases tools (scripted model)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'a9e00000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a9e00000-0000-4000-8000-000000000002',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [240, 0],
				parameters: {
					promptType: 'define',
					text: `Customer ${CONTACT} writes: "I was billed twice in November, please cancel the second invoice." Check her cases and open one if needed.`,
					options: { systemMessage: 'You are a support agent. Use the Wolkvox tools to look up and open cases.' },
				},
			},
			{
				id: 'a9e00000-0000-4000-8000-000000000003',
				name: 'Scripted model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [120, 220],
				// Chat completions, as OpenAI-compatible servers speak it (not the Responses API).
				parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, responsesApiEnabled: false, options: {} },
				credentials: { openAiApi: { id: 'openAiScripted', name: 'Scripted model on loopback' } },
			},
			tool('a9e00000-0000-4000-8000-000000000004', 'Search cases', {
				resource: 'case',
				operation: 'search',
				searchField,
				searchValue: fromAI('contact_email', 'The e-mail address of the customer'),
			}, 360),
			tool('a9e00000-0000-4000-8000-000000000005', 'Open a case', {
				resource: 'case',
				operation: 'create',
				caseType: 'Request',
				responsible: 'ADMIN_@testmodule',
				owner: 'AGENT1_@testmodule',
				status: 'open',
				contact: fromAI('contact_email', 'The e-mail address of the customer'),
				description: fromAI('summary', 'One sentence: what the customer needs'),
				priority: fromAI('priority', 'low, medium or high'),
				files: 'none',
			}, 520),
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Scripted model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Search cases': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			'Open a case': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

export async function run({ n8n, cliEnv, emulator, runDir, repo, check, phase, log }) {
	await phase('AI Agent with our node as its tools (SCRIPTED model on loopback, n8n execute)', async () => {
		const model = await startScriptedModel(script);
		log(`   scripted OpenAI-compatible model at ${model.url} — not a language model: its tool calls are scripted`);
		try {
			const credFile = join(runDir, 'ai-credentials.json');
			writeFileSync(credFile, JSON.stringify([{ id: 'openAiScripted', name: 'Scripted model on loopback', type: 'openAiApi', data: { apiKey: model.apiKey, url: model.url } }]), { mode: 0o600 });
			let res = await cli(n8n, cliEnv, ['import:credentials', `--input=${credFile}`], { logFile: join(runDir, 'cli.log') });
			rmSync(credFile);
			check('AI Agent: n8n import:credentials (OpenAI credential, Base URL on loopback)', res.code === 0, res.stderr.slice(-1500));
			const wfFile = join(runDir, 'ai-agent.workflow.json');
			writeFileSync(wfFile, JSON.stringify(workflow({ searchField: contactSearchField(repo) }), null, 2));
			res = await cli(n8n, cliEnv, ['import:workflow', `--input=${wfFile}`], { logFile: join(runDir, 'cli.log') });
			check('AI Agent: n8n import:workflow', res.code === 0, res.stderr.slice(-1500));

			// Other scenarios may have opened cases for the same contact: only this run's count.
			const casesBefore = new Set((await emulatorState(emulator.stateUrl)).cases.map((c) => c.wolkvoxId));
			res = await cli(n8n, cliEnv, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], { logFile: join(runDir, 'cli.log') });
			let output;
			try {
				output = parseRawOutput(res.stdout);
			} catch (error) {
				output = { error: error.message };
			}
			check('AI Agent: n8n execute exits 0', res.code === 0, `${res.code}\n${res.stdout.slice(-2500)}\n${res.stderr.slice(-1500)}`);
			const runData = output?.data?.resultData?.runData ?? {};

			const chats = model.requests.filter((r) => r.path.endsWith('/chat/completions'));
			const first = chats[0]?.body;
			const offered = (first?.tools ?? []).map((t) => t.function ?? t);
			log(`   the model was asked ${chats.length} times; tools offered: ${offered.map((t) => t.name).join(', ')}`);
			check('AI Agent: every model request carried the credential key', model.requests.length > 0 && model.requests.every((r) => r.authorization), JSON.stringify(model.requests.map((r) => `${r.method} ${r.path}`)));
			const searchTool = offered.find((t) => /search/i.test(t.name));
			const openTool = offered.find((t) => /open/i.test(t.name));
			check(
				'AI Agent: n8n offered our two nodes as tools, their arguments from $fromAI()',
				Object.keys(searchTool?.parameters?.properties ?? {}).join() === 'contact_email' &&
					['contact_email', 'priority', 'summary'].every((key) => key in (openTool?.parameters?.properties ?? {})),
				JSON.stringify(offered).slice(0, 1500),
			);
			check('AI Agent: the scripted model was asked three times (search, open, answer)', chats.length === 3 && chats.every((r) => !r.scriptError), JSON.stringify(chats.map((r) => r.scriptError ?? r.reply)).slice(0, 1500));
			const searchResult = chats[1]?.body?.messages?.filter((m) => m.role === 'tool').pop()?.content;
			check('AI Agent: the search ran as a tool and its result went back to the model', runData['Search cases']?.length === 1 && typeof searchResult === 'string' && /count|cases/i.test(searchResult), JSON.stringify({ searchResult, runs: runData['Search cases']?.length }).slice(0, 800));

			const cases = (await emulatorState(emulator.stateUrl)).cases.filter((c) => c.fields.contact === CONTACT && !casesBefore.has(c.wolkvoxId));
			check('AI Agent: the emulator holds one new case for the contact', cases.length === 1, `${cases.length} new cases`);
			check(
				'AI Agent: the case has the fields the model chose',
				cases[0]?.fields.description === CHOSEN.summary && cases[0]?.fields.priority === CHOSEN.priority,
				JSON.stringify(cases[0]?.fields ?? {}),
			);
			// n8n 2.x runs the agent node again after each tool call: the answer is its last run's output
			const answer = runData['AI Agent']?.at(-1)?.data?.main?.[0]?.[0]?.json?.output;
			check('AI Agent: the final answer names the case opened', typeof answer === 'string' && cases[0] !== undefined && answer.includes(cases[0].wolkvoxId), `${answer}`);
			log(`   agent's answer: ${answer}`);
		} finally {
			await model.close();
		}
	});
}
