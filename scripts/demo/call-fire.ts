/**
 * `npm run demo:fire -- ringostat-call-to-hubspot [cell]`: posts Ringostat's after-call event for
 * one cell of the call matrix (all of them without a cell), with the demo's secret, as Ringostat
 * posts it (a form); then checks HubSpot (the sandbox) for what that cell must leave there.
 * `npm run demo:fire -- ringostat-smart-forwarding`: rings each example number and checks the
 * destination n8n answers with.
 */
import { DEMO_OWNERS } from '../../sandbox/seed';
import { DEFAULT_TOKEN } from '../../sandbox/server';
import type { CallExample, RingExample } from '../../tools/demo/ready-file';
import { delay } from '../../tools/n8n/process-group';
import { CALL_CELLS } from './call-examples';
import { DemoError } from './settings';

const [, , IOANA, PIOTR, , SENIOR] = DEMO_OWNERS.map((owner) => String(owner.id));
const KEY = 'taskflow_idempotency_key';
const CHECK_WITHIN_MS = 20_000;

interface Expectation {
	/** the call record is logged */
	call: boolean;
	/** tasks by role, with the owner each must have */
	tasks: Record<string, string>;
}

/** A Romanian mobile number nobody in the demo has, typed nationally with spaces. */
function newNumber(): string {
	const digits = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
	return `074${digits[0]} ${digits.slice(1, 4)} ${digits.slice(4)}`;
}

function cellEvent(
	cell: string,
	callId: string,
): { fields: Record<string, string>; expect: Expectation } {
	const base = {
		uniqueid: callId,
		call_type: 'in',
		disposition: 'ANSWERED',
		dst: '0213334455',
		calldate: new Date().toISOString(),
		duration: '95',
		billsec: '80',
		recording: `https://records.example.com/${callId}.mp3`,
	};
	switch (cell) {
		case 'new-answered':
			return {
				fields: { ...base, caller: newNumber(), connected_with: 'piotr_sip', utm_source: 'google' },
				expect: { call: true, tasks: { recording: PIOTR } },
			};
		case 'colleague':
			return {
				fields: { ...base, caller: '40721234568', connected_with: 'piotr_sip' },
				expect: { call: true, tasks: { colleagueAnswered: IOANA, recording: IOANA } },
			};
		case 'missed-new':
			return {
				fields: { ...base, caller: newNumber(), disposition: 'NO ANSWER', billsec: '0' },
				expect: { call: true, tasks: { callBack: SENIOR } },
			};
		case 'missed-known':
			return {
				fields: { ...base, caller: '0721234567', disposition: 'NO ANSWER', billsec: '0' },
				expect: { call: true, tasks: { callBack: IOANA } },
			};
		case 'outgoing':
			return {
				fields: {
					...base,
					call_type: 'out',
					caller: '201',
					employee_number: '201',
					dst: '0721234567',
				},
				expect: { call: true, tasks: { recording: IOANA } },
			};
		case 'unknown-employee':
			return {
				fields: { ...base, caller: '+40 721 234 567', connected_with: 'new_hire_sip' },
				expect: { call: true, tasks: { unknownEmployee: SENIOR } },
			};
		default:
			throw new DemoError(`no call cell "${cell}"; cells: ${Object.keys(CALL_CELLS).join(', ')}`);
	}
}

/** HubSpot allows 5 searches a second per account, n8n's included: this looks at most twice. */
const SEARCH_EVERY_MS = 500;

async function byKey(
	sandboxUrl: string,
	objectType: string,
	key: string,
): Promise<{ id: string; properties: Record<string, string | null> } | undefined> {
	await delay(SEARCH_EVERY_MS);
	const response = await fetch(`${sandboxUrl}/crm/v3/objects/${objectType}/search`, {
		method: 'POST',
		headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			filterGroups: [{ filters: [{ propertyName: KEY, operator: 'EQ', value: key }] }],
			properties: [KEY, 'hubspot_owner_id', 'hs_task_subject', 'hs_task_status'],
		}),
	});
	if (!response.ok)
		throw new DemoError(`search ${objectType}: ${response.status} ${await response.text()}`);
	const { results } = (await response.json()) as {
		results: Array<{ id: string; properties: Record<string, string | null> }>;
	};
	return results[0];
}

async function checkCell(
	sandboxUrl: string,
	callId: string,
	expected: Expectation,
): Promise<boolean> {
	const wanted: Array<[string, string, string | undefined]> = [
		...(expected.call
			? [['calls', `call:${callId}:call`, undefined] as [string, string, undefined]]
			: []),
		...Object.entries(expected.tasks).map(
			([role, owner]) =>
				['tasks', `call:${callId}:task:${role}`, owner] as [string, string, string],
		),
	];
	const deadline = Date.now() + CHECK_WITHIN_MS;
	let ok = true;
	for (const [objectType, key, owner] of wanted) {
		let found = await byKey(sandboxUrl, objectType, key);
		while (!found && Date.now() < deadline) {
			found = await byKey(sandboxUrl, objectType, key);
		}
		const right =
			found !== undefined && (owner === undefined || found.properties.hubspot_owner_id === owner);
		ok &&= right;
		const what =
			objectType === 'calls' ? 'call' : `task "${found?.properties.hs_task_subject ?? key}"`;
		console.log(
			right
				? `ok    ${what} ${found?.id}${owner ? ` for owner ${owner}` : ''}`
				: `WRONG ${what}: ${found ? `owner ${found.properties.hubspot_owner_id}, expected ${owner}` : `not in HubSpot after ${CHECK_WITHIN_MS / 1000} s`}`,
		);
	}
	return ok;
}

export async function fireCall(
	example: CallExample,
	cell: string | undefined,
	sandboxUrl: string,
): Promise<boolean> {
	let ok = true;
	for (const name of cell ? [cell] : example.cells) {
		const callId = `demo-${Date.now()}-${name}`;
		const { fields, expect } = cellEvent(name, callId);
		const response = await fetch(example.url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString(),
		});
		console.log(`\n${name}: ${CALL_CELLS[name]}`);
		console.log(
			`POST ${example.url.replace(/secret=[^&]+/, 'secret=…')} ${new URLSearchParams(fields)} -> ${response.status} ${await response.text()}`,
		);
		ok = response.ok && (await checkCell(sandboxUrl, callId, expect)) && ok;
	}
	if (!ok) console.log("the execution is in the editor under the workflow's Executions tab");
	return ok;
}

export async function fireRings(example: RingExample): Promise<boolean> {
	let ok = true;
	for (const ring of example.rings) {
		const started = performance.now();
		const response = await fetch(example.url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ call_id: `demo-${Date.now()}`, caller: ring.caller }).toString(),
		});
		const answer = await response.text();
		const ms = (performance.now() - started).toFixed(0);
		const right = response.ok && answer === ring.expected;
		ok &&= right;
		console.log(
			`${right ? 'ok   ' : 'WRONG'} ${ring.caller} (${ring.who}) -> ${response.status} "${answer}" in ${ms} ms` +
				(right ? '' : `, expected "${ring.expected}"`),
		);
	}
	return ok;
}
