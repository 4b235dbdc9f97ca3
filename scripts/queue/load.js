'use strict';
// The load client: posts payloads to the webhook at a bounded concurrency, retries a request a
// bounded number of times on what a caller of a webhook should retry (connection errors,
// timeouts, HTTP 5xx), and records per payload the final answer, the attempts and the latency.

const http = require('node:http');

const RETRYABLE_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
]);

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function post(agent, url, body, timeoutMs) {
	return new Promise((resolve) => {
		const data = Buffer.from(JSON.stringify(body));
		const request = http.request(
			url,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': data.length },
			},
			(response) => {
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
				);
				response.on('error', (error) => resolve({ error }));
			},
		);
		request.setTimeout(timeoutMs, () => {
			const error = new Error(`no answer within ${timeoutMs} ms`);
			error.code = 'ETIMEDOUT';
			request.destroy(error);
		});
		request.on('error', (error) => resolve({ error }));
		request.end(data);
	});
}

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Posts every payload's body to `url`, at most `concurrency` at a time. A request is retried
 * (up to `maxAttempts` attempts in all, with exponential backoff) on a connection error, a
 * timeout or a 5xx; any other answer is final. `events` run once when the given number of
 * payloads have been answered (the faults), while the load goes on.
 * @returns {Promise<{results: object[], retries: number, retryReasons: Record<string, number>,
 *   ms: number, throughput: number, p50: number, p95: number, events: object[]}>}
 */
async function runLoad(
	url,
	payloads,
	{
		concurrency = 50,
		maxAttempts = 6,
		timeoutMs = 30000,
		events = [],
		progressLabel = 'load',
		onProgress,
	} = {},
) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const results = new Array(payloads.length);
	const retryReasons = {};
	let retries = 0;
	let next = 0;
	let answered = 0;
	const pendingEvents = events
		.map((event) => ({ ...event, done: false }))
		.sort((a, b) => a.afterAnswered - b.afterAnswered);
	const eventRuns = [];
	const started = Date.now();
	const fire = () => {
		for (const event of pendingEvents) {
			if (!event.done && answered >= event.afterAnswered) {
				event.done = true;
				const at = Date.now() - started;
				eventRuns.push(
					Promise.resolve()
						.then(event.run)
						.then(
							(value) => ({ name: event.name, atMs: at, value }),
							(error) => ({ name: event.name, atMs: at, error }),
						),
				);
			}
		}
	};
	const ticker = onProgress
		? setInterval(
				() =>
					onProgress({
						label: progressLabel,
						answered,
						total: payloads.length,
						retries,
						ms: Date.now() - started,
					}),
				10000,
			)
		: null;

	async function one(index) {
		const payload = payloads[index];
		const first = Date.now();
		let attempt = 0;
		let last = null;
		for (;;) {
			attempt++;
			const sent = Date.now();
			const answer = await post(agent, url, payload.body, timeoutMs);
			const reason = answer.error
				? answer.error.code || answer.error.message
				: answer.status >= 500
					? `HTTP ${answer.status}`
					: null;
			const retryable = answer.error
				? RETRYABLE_CODES.has(answer.error.code) || /socket hang up/.test(answer.error.message)
				: answer.status >= 500;
			last = { ...answer, reason, attemptMs: Date.now() - sent };
			if (!retryable || attempt >= maxAttempts) break;
			retries++;
			retryReasons[reason] = (retryReasons[reason] || 0) + 1;
			await sleep(Math.min(5000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random()));
		}
		let json = null;
		if (last.text !== undefined) {
			try {
				json = JSON.parse(last.text);
			} catch {
				// Not JSON: judged as a wrong answer below.
			}
		}
		results[index] = {
			id: payload.id,
			status: last.error ? null : last.status,
			error: last.error ? last.reason : null,
			json,
			text: last.text,
			attempts: attempt,
			latencyMs: Date.now() - first,
		};
		answered++;
		fire();
	}

	async function lane() {
		while (next < payloads.length) {
			const index = next++;
			await one(index);
		}
	}
	fire();
	await Promise.all(Array.from({ length: Math.min(concurrency, payloads.length) }, lane));
	const ms = Date.now() - started;
	if (ticker) clearInterval(ticker);
	agent.destroy();
	const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
	return {
		results,
		retries,
		retryReasons,
		ms,
		throughput: (payloads.length * 1000) / ms,
		p50: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		events: await Promise.all(eventRuns),
	};
}

/**
 * Compares each answer with the payload's expected verdict and problem codes.
 * @returns {{answered: number, right: number, wrong: object[], unanswered: object[]}}
 */
function checkVerdicts(payloads, results) {
	const wrong = [];
	const unanswered = [];
	let right = 0;
	payloads.forEach((payload, i) => {
		const result = results[i];
		if (!result || result.status !== 200 || !result.json) {
			unanswered.push({
				id: payload.id,
				status: result && result.status,
				error: result && result.error,
				text: result && String(result.text || '').slice(0, 200),
			});
			return;
		}
		const codes = Array.isArray(result.json.problems) ? [...result.json.problems].sort() : null;
		const ok =
			result.json.payloadId === payload.id &&
			result.json.verdict === payload.verdict &&
			codes !== null &&
			codes.join(',') === payload.codes.join(',');
		if (ok) right++;
		else
			wrong.push({
				id: payload.id,
				kind: payload.kind,
				expected: { verdict: payload.verdict, problems: payload.codes },
				got: result.json,
			});
	});
	return { answered: payloads.length - unanswered.length, right, wrong, unanswered };
}

module.exports = { runLoad, checkVerdicts, percentile };
