// What an end-to-end run prints: one line per check, a heading and a time per phase, the timings
// table and the closing "N passed, N failed" that CI sums. Shared by run.mjs and burst.mjs.
import { seconds } from './util.mjs';

export function createReport(write = (message) => process.stdout.write(`${message}\n`)) {
	const started = Date.now();
	const timings = [];
	const counts = { passed: 0, failed: 0 };
	const log = write;

	function check(name, ok, detail = '') {
		if (ok) counts.passed++;
		else counts.failed++;
		log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? `\n       ${String(detail).replace(/\n/g, '\n       ')}` : ''}`);
		return ok;
	}

	async function phase(name, fn) {
		log(`\n== ${name}`);
		const t0 = Date.now();
		try {
			return await fn();
		} finally {
			const ms = Date.now() - t0;
			timings.push([name, ms]);
			log(`   (${name}: ${seconds(ms)})`);
		}
	}

	/** A failure outside any check (an exception that ended the run). */
	function fail(error) {
		counts.failed++;
		log(`\nFAIL ${error?.stack ?? error}`);
	}

	/** The timings table; then, after `beforeCounts` (where the run folder went), the counts line. */
	function finish(beforeCounts = () => {}) {
		log('\n== timings');
		for (const [name, ms] of timings) log(`   ${seconds(ms).padStart(8)}  ${name}`);
		log(`   ${seconds(Date.now() - started).padStart(8)}  total`);
		beforeCounts();
		log(`\n${counts.passed} passed, ${counts.failed} failed`);
		return counts.failed > 0 ? 1 : 0;
	}

	return { log, check, phase, fail, finish, get failed() { return counts.failed; } };
}
