// Runs the e2e once per real n8n version, each in a child process under the Node that version
// needs (the machine's, or one fetched from the npm registry), and sums their counts.
import { spawn } from 'node:child_process';
import { N8N_VERSIONS, ensureNode, nodeEnv } from './setup.mjs';
import { seconds } from './util.mjs';

const SUMMARY = /^(\d+) passed, (\d+) failed$/;

/** Resolves the exit code: 0 when every version passed. Ends with the summed "N passed, N failed". */
export async function runVersions({ script, versions, root, log }) {
	const started = Date.now();
	const results = [];
	for (const version of versions) {
		const spec = N8N_VERSIONS[version];
		const t0 = Date.now();
		let node;
		let env = process.env;
		if (spec.node) {
			try {
				node = await ensureNode(root, spec.node, log);
				env = nodeEnv(node);
				log(`Node ${spec.node} for n8n ${version}: ${node.reused ? 'reused' : 'fetched from the npm registry'} ${node.dir} (${seconds(Date.now() - t0)})`);
			} catch (error) {
				log(`FAIL Node ${spec.node} for n8n ${version}: ${error.message}`);
				results.push({ version, node: spec.node, passed: 0, failed: 1, ms: Date.now() - t0 });
				continue;
			}
		}
		const bin = node?.bin ?? process.execPath;
		log(`\n######## n8n ${version}: ${bin} ${script} --n8n ${version}`);
		const { code, last } = await child(bin, [script, '--n8n', version], env);
		const match = last && SUMMARY.exec(last);
		results.push({
			version,
			node: spec.node ?? process.version.slice(1),
			passed: match ? +match[1] : 0,
			// a run that died before its count is one failure; a non-zero exit with no failures counted too
			failed: match ? +match[2] + (code !== 0 && +match[2] === 0 ? 1 : 0) : 1,
			ms: Date.now() - t0,
		});
	}
	log('\n######## all n8n versions');
	for (const r of results) log(`   n8n ${r.version.padEnd(7)} on Node ${r.node.padEnd(8)} ${String(r.passed).padStart(3)} passed, ${r.failed} failed  (${seconds(r.ms)})`);
	log(`   total ${seconds(Date.now() - started)}`);
	const passed = results.reduce((n, r) => n + r.passed, 0);
	const failed = results.reduce((n, r) => n + r.failed, 0);
	log(`\n${passed} passed, ${failed} failed`);
	return failed > 0 ? 1 : 0;
}

/** Streams the child's output through; resolves its exit code and its last "N passed, N failed" line. */
function child(bin, args, env) {
	return new Promise((resolve) => {
		const proc = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
		const forward = (signal) => proc.kill(signal);
		process.on('SIGINT', forward);
		process.on('SIGTERM', forward);
		let last;
		let rest = '';
		proc.stdout.on('data', (chunk) => {
			process.stdout.write(chunk);
			rest += chunk.toString('utf8');
			const lines = rest.split('\n');
			rest = lines.pop();
			for (const line of lines) if (SUMMARY.test(line)) last = line;
		});
		proc.on('close', (code) => {
			if (SUMMARY.test(rest)) last = rest;
			process.off('SIGINT', forward);
			process.off('SIGTERM', forward);
			resolve({ code, last });
		});
	});
}
