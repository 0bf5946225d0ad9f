// The floor: a bare Node client that streams each file from disk straight into the request
// (multipart for Create, base64 inside JSON for Update Attachments), no n8n involved.
//   node --expose-gc bench/raw.mjs '<json spec>'   (spec: operation, files, concurrency, emulator, wolkvoxId)
// The last stdout line is the JSON result, with the same fields as bench/scenario.ts.
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import FormData from 'form-data';

const API = '/server/API/v2/';
const fields = {
	'case-type': 'Request',
	responsible: 'ADMIN_@testmodule',
	owner: 'AGENT1_@testmodule',
	contact: 'cliente@example.com',
	description: 'Case created by the benchmark',
	status: 'open',
	priority: 'low',
	form: '{}',
};

/** Base64 of a byte stream, carrying the 0–2 bytes that do not fill a 3-byte group. */
function base64Encoder() {
	let carry = Buffer.alloc(0);
	return new Transform({
		transform(chunk, _enc, done) {
			const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
			const whole = bytes.length - (bytes.length % 3);
			carry = bytes.subarray(whole);
			done(null, whole ? Buffer.from(bytes.subarray(0, whole).toString('base64')) : undefined);
		},
		flush(done) {
			done(null, carry.length ? Buffer.from(carry.toString('base64')) : undefined);
		},
	});
}

function send(agent, url, headers, writeBody) {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', agent, headers }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		writeBody(req).catch((error) => req.destroy(error));
	});
}

async function sendOne(spec, agent, file) {
	const { url, operation, token } = spec.emulator;
	const size = statSync(file).size;
	if (spec.operation === 'create') {
		const form = new FormData();
		for (const [name, value] of Object.entries({ operation, ...fields })) form.append(name, value);
		form.append('file', createReadStream(file), { filename: basename(file), contentType: 'application/pdf', knownLength: size });
		const headers = { ...form.getHeaders(), 'content-length': String(form.getLengthSync()), 'wolkvox-token': token };
		return await send(agent, `${url}${API}cases/insert.php`, headers, async (req) => void form.pipe(req));
	}
	const head = JSON.stringify({ operation, 'wolkvox-id': spec.wolkvoxId, responsible: fields.responsible, status: fields.status }).slice(0, -1) + ',"attachments":["';
	const tail = '"]}';
	const length = Buffer.byteLength(head) + Math.ceil(size / 3) * 4 + tail.length;
	const headers = { 'content-type': 'application/json', 'content-length': String(length), 'wolkvox-token': token };
	return await send(agent, `${url}${API}cases/updateCaseAttachment.php`, headers, async (req) => {
		req.write(head);
		await pipeline(createReadStream(file), base64Encoder(), req, { end: false });
		req.end(tail);
	});
}

async function runAll(spec, files) {
	const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
	let next = 0;
	let succeeded = 0;
	let error;
	async function lane() {
		while (next < files.length) {
			const file = files[next++];
			try {
				const { status, body } = await sendOne(spec, agent, file);
				const envelope = JSON.parse(body);
				if (Number(envelope.code) === 200) succeeded++;
				else error ??= `HTTP ${status}: ${body.slice(0, 300)}`;
			} catch (caught) {
				error ??= caught.message;
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(spec.concurrency, files.length) }, lane));
	agent.destroy();
	return { items: files.length, succeeded, error };
}

const peakRssSinceReset = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;
function resetPeakRss() {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

const spec = JSON.parse(process.argv[2]);
try {
	const warmup = await runAll(spec, spec.warmupFiles);
	if (warmup.succeeded !== spec.warmupFiles.length) throw new Error(`warm-up failed: ${warmup.error}`);
	globalThis.gc?.();
	globalThis.gc?.();
	await new Promise((resolve) => setTimeout(resolve, 50));
	const baselineRss = process.memoryUsage.rss();
	const hwmReset = resetPeakRss();
	let sampledPeak = baselineRss;
	const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())), 20);
	const started = performance.now();
	const result = await runAll(spec, spec.files);
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
	const hwm = hwmReset ? peakRssSinceReset() : 0;
	const peakRss = Math.max(sampledPeak, hwm);
	process.stdout.write(`${JSON.stringify({ ...result, wallMs, baselineRss, peakRss, sampledPeakRss: sampledPeak, kernelPeakRss: hwm, peakGrowth: peakRss - baselineRss })}\n`);
} catch (error) {
	process.stdout.write(`${JSON.stringify({ fatal: error.stack ?? error.message })}\n`);
	process.exitCode = 1;
}
