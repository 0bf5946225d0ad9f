// A SCRIPTED stand-in for an OpenAI chat model, on loopback: no language model can be reached from
// this machine, so the e2e plays the model's part with a script. It speaks the OpenAI
// chat-completions protocol (POST <url>/chat/completions, JSON or server-sent events when
// `stream` is asked), and each answer — a tool call or the final text — comes from `decide`,
// a function of the request n8n sent (the conversation so far and the tools it offers).
// What is tested is n8n's side: the AI Agent node, its tool calling, and our node as a tool.
import { createServer } from 'node:http';

/**
 * @param decide (request body, index of the request) => { toolCalls: [{name, args}] } | { content }
 * @returns {Promise<{url: string, apiKey: string, requests: object[], close: () => Promise<void>}>}
 *   url is the base URL to give n8n's OpenAI credential; requests holds every request received
 *   ({method, path, authorization, body}).
 */
export async function startScriptedModel(decide, { apiKey = 'scripted-model-no-real-key', model = 'scripted-model' } = {}) {
	const requests = [];
	let calls = 0;
	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			let body;
			try {
				body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
			} catch {
				body = Buffer.concat(chunks).toString('utf8');
			}
			const path = new URL(req.url, 'http://127.0.0.1').pathname;
			const entry = { method: req.method, path, authorization: req.headers.authorization === `Bearer ${apiKey}`, body };
			requests.push(entry);
			const send = (status, json) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
			if (!entry.authorization) return send(401, { error: { message: 'Incorrect API key provided (scripted model)', type: 'invalid_request_error', code: 'invalid_api_key' } });
			if (req.method === 'GET' && path.endsWith('/models')) return send(200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'scripted' }] });
			if (req.method !== 'POST' || !path.endsWith('/chat/completions') || typeof body !== 'object') {
				return send(404, { error: { message: `the scripted model serves POST /chat/completions only, not ${req.method} ${path}`, type: 'invalid_request_error' } });
			}
			let step;
			try {
				step = decide(body, calls);
			} catch (error) {
				entry.scriptError = error.message;
				return send(500, { error: { message: `scripted model: ${error.message}`, type: 'server_error' } });
			}
			const n = ++calls;
			entry.reply = step;
			const toolCalls = (step.toolCalls ?? []).map((call, index) => ({
				index,
				id: `call_scripted_${n}_${index}`,
				type: 'function',
				function: { name: call.name, arguments: JSON.stringify(call.args) },
			}));
			const message = { role: 'assistant', content: step.content ?? (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls.map(({ index, ...c }) => c) } : {}) };
			const finish = toolCalls.length ? 'tool_calls' : 'stop';
			const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
			const head = { id: `chatcmpl-scripted-${n}`, created: Math.floor(Date.now() / 1000), model: body.model ?? model, system_fingerprint: 'scripted' };
			if (!body.stream) return send(200, { ...head, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish, logprobs: null }], usage });
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			const event = (json) => res.write(`data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', ...json })}\n\n`);
			event({ choices: [{ index: 0, delta: { role: 'assistant', content: step.content ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: null }] });
			event({ choices: [{ index: 0, delta: {}, finish_reason: finish }] });
			if (body.stream_options?.include_usage) event({ choices: [], usage });
			res.end('data: [DONE]\n\n');
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		url: `http://127.0.0.1:${server.address().port}/v1`,
		apiKey,
		model,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
