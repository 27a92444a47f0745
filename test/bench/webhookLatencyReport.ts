/**
 * Figures of one phase of the webhook latency measurement, from the stamped events: latency from
 * sending the POST to the batch update that wrote the task's title, the trigger's answer time, the
 * stages in between (which show where the pack's limiter holds requests), and whether every title
 * came out right.
 */
import * as out from './report';
import type { CpuUse } from './webhookLatencyCpu';
import type { LatencyEvent, SendingSummary } from './webhookLatencyEvents';

export interface Distribution {
	count: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
	mean: number;
}

/** Nearest-rank percentiles; undefined values (a stage never seen) are left out. */
export function distribution(values: Array<number | undefined>): Distribution {
	const sorted = values
		.filter((value): value is number => value !== undefined && Number.isFinite(value))
		.sort((a, b) => a - b);
	const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
	const sum = sorted.reduce((total, value) => total + value, 0);
	return {
		count: sorted.length,
		p50: rank(50),
		p90: rank(90),
		p99: rank(99),
		max: sorted[sorted.length - 1] ?? NaN,
		mean: sorted.length > 0 ? sum / sorted.length : NaN,
	};
}

const between = (from: number | undefined, to: number | undefined): number | undefined =>
	from === undefined || to === undefined ? undefined : to - from;

function gapsBetween(arrivals: number[]): Distribution & { min: number } {
	const sorted = [...arrivals].sort((a, b) => a - b);
	const gaps = sorted.slice(1).map((at, index) => at - sorted[index]);
	return { ...distribution(gaps), min: gaps.length > 0 ? Math.min(...gaps) : NaN };
}

export interface PhaseFigures {
	label: string;
	sending: SendingSummary;
	events: number;
	latency: Distribution;
	webhookAnswer: Distribution;
	stages: Array<{ name: string; distribution: Distribution }>;
	/** events whose task was written with the title the rules give */
	titlesRight: number;
	notWritten: number;
	answersNot200: number;
	hubSpotCalls: number;
	rateLimited: number;
	failedCalls: number;
	otherPaths: string[];
	/** time between one HubSpot call's arrival and the next's, over all events of the phase */
	callGaps: Distribution & { min: number };
	/** rules-sheet and token requests */
	otherCalls: number;
	executions: { saved: number; failed: number };
	cpu: CpuUse;
}

/** Share of the machine other processes used above which the latencies are not a quiet machine's. */
const BUSY_MACHINE_SHARE = 0.1;

export interface PhaseInputs {
	label: string;
	events: LatencyEvent[];
	sending: SendingSummary;
	/** the title each task has in the sandbox now */
	storedTitles: Map<string, string | undefined>;
	traffic: { hubSpotCalls: number; rateLimited: number; failed: number; otherPaths: Set<string> };
	callArrivals: number[];
	otherCalls: number;
	executions: { saved: number; failed: number };
	cpu: CpuUse;
}

export function phaseFigures(inputs: PhaseInputs): PhaseFigures {
	const { events } = inputs;
	const stage = (name: string, pick: (event: LatencyEvent) => number | undefined) => ({
		name,
		distribution: distribution(events.map(pick)),
	});
	return {
		label: inputs.label,
		sending: inputs.sending,
		events: events.length,
		latency: distribution(events.map((event) => between(event.sentAt, event.writtenAt))),
		webhookAnswer: distribution(events.map((event) => between(event.sentAt, event.answeredAt))),
		stages: [
			stage('POST sent -> association read arrives', (e) => between(e.sentAt, e.associationReadAt)),
			stage('association read -> task batch read', (e) =>
				between(e.associationReadAt, e.taskReadAt),
			),
			stage('task batch read -> batch update', (e) => between(e.taskReadAt, e.updateArrivedAt)),
			stage('batch update -> answered (title written)', (e) =>
				between(e.updateArrivedAt, e.writtenAt),
			),
		],
		titlesRight: events.filter(
			(event) =>
				event.writtenTitle === event.expectedTitle &&
				inputs.storedTitles.get(event.taskId) === event.expectedTitle,
		).length,
		notWritten: events.filter((event) => event.writtenAt === undefined).length,
		answersNot200: events.filter((event) => event.answerStatus !== 200).length,
		hubSpotCalls: inputs.traffic.hubSpotCalls,
		rateLimited: inputs.traffic.rateLimited,
		failedCalls: inputs.traffic.failed,
		otherPaths: [...inputs.traffic.otherPaths],
		callGaps: gapsBetween(inputs.callArrivals),
		otherCalls: inputs.otherCalls,
		executions: inputs.executions,
		cpu: inputs.cpu,
	};
}

export const ms = (value: number): string =>
	Number.isFinite(value) ? `${value.toFixed(1)} ms` : '-';

export function distributionRow(name: string, d: Distribution): string[] {
	return [name, ms(d.p50), ms(d.p90), ms(d.p99), ms(d.max), ms(d.mean), out.count(d.count)];
}

/** n8n's CPU per event, and the share of the machine other processes took meanwhile. */
export function printCpuUse(cpu: CpuUse, events: number): void {
	const perEventMs = (secondsUsed: number) => ms((secondsUsed * 1000) / Math.max(1, events));
	const othersShare = cpu.otherSeconds / (cpu.wallSeconds * cpu.cores);
	out.say(
		`  CPU per event in n8n: ${perEventMs(cpu.n8nSeconds)} all threads (expression isolates, ` +
			`SQLite, GC), ${perEventMs(cpu.n8nMainThreadSeconds)} on its main thread`,
	);
	out.say(
		`  machine over ${out.seconds(cpu.wallSeconds)} (${cpu.cores} cores): n8n ${out.seconds(cpu.n8nSeconds)}, ` +
			`this process (sender + sandbox) ${out.seconds(cpu.benchSeconds)}, other processes ` +
			`${out.seconds(cpu.otherSeconds)} = ${(othersShare * 100).toFixed(0)}% of the machine ` +
			`(load average ${cpu.loadAverageAtEnd.toFixed(2)})` +
			(othersShare > BUSY_MACHINE_SHARE
				? ': NOT a quiet machine, the latencies include waiting for a core'
				: ''),
	);
}

/** Prints one phase's figures; returns whether it met its goal (every title written, p99 under goal). */
export function printPhase(figures: PhaseFigures, goalP99Ms: number): boolean {
	const { sending } = figures;
	out.heading(figures.label);
	out.say(
		`  ${out.count(figures.events)} events at ${sending.achievedPerSecond.toFixed(2)}/s ` +
			`(asked ${sending.ratePerSecond}/s), sent over ${out.seconds(sending.seconds)}`,
	);
	out.say(
		out.table(
			[
				distributionRow('webhook -> prefixed title', figures.latency),
				distributionRow('webhook 200 (trigger answer)', figures.webhookAnswer),
				...figures.stages.map((stage) => distributionRow(`  ${stage.name}`, stage.distribution)),
			],
			['', 'p50', 'p90', 'p99', 'max', 'mean', 'n'],
		),
	);
	const perEvent = figures.events > 0 ? figures.hubSpotCalls / figures.events : 0;
	out.say(
		`  HubSpot calls ${out.count(figures.hubSpotCalls)} (${perEvent.toFixed(2)} per event), ` +
			`429s ${figures.rateLimited}, failed ${figures.failedCalls}` +
			(figures.otherPaths.length > 0 ? `, other calls: ${figures.otherPaths.join(', ')}` : '') +
			`; rules sheet and token requests ${figures.otherCalls}`,
	);
	const gaps = figures.callGaps;
	out.say(
		`  gap between consecutive HubSpot calls (arrivals, 1 ms resolution): min ${ms(gaps.min)}, ` +
			`p50 ${ms(gaps.p50)}, mean ${ms(gaps.mean)}, p90 ${ms(gaps.p90)}`,
	);
	out.say(
		`  titles right ${figures.titlesRight}/${figures.events}, not written ${figures.notWritten}, ` +
			`answers other than 200: ${figures.answersNot200}; ` +
			`executions saved ${figures.executions.saved}, failed ${figures.executions.failed}`,
	);
	printCpuUse(figures.cpu, figures.events);
	const p99 = figures.latency.p99;
	const met = figures.notWritten === 0 && p99 < goalP99Ms;
	out.say(`  goal p99 < ${goalP99Ms} ms: ${out.verdict(met)} (p99 ${ms(p99)})`);
	return met;
}
