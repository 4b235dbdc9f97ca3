import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
	NodeHelpers,
	type INodeProperties,
	type INodeTypeDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { DEFAULTS } from '../../lib/options';
import { HandoffPatternReport } from '../../nodes/HandoffPatternReport/HandoffPatternReport.node';
import { ReturnHandoffGuard } from '../../nodes/ReturnHandoffGuard/ReturnHandoffGuard.node';
import { ReturnHandoffTagger } from '../../nodes/ReturnHandoffTagger/ReturnHandoffTagger.node';
import { ReturnsReconciler } from '../../nodes/ReturnsReconciler/ReturnsReconciler.node';

const NODES: Array<[string, IVersionedNodeType, string[], string[]]> = [
	['ReturnHandoffGuard', new ReturnHandoffGuard(), ['Handoffs', 'ERP Orders'], ['Pass', 'Blocked']],
	[
		'ReturnHandoffTagger',
		new ReturnHandoffTagger(),
		['Failed Handoffs'],
		['Retry', 'Fix', 'Unclassified'],
	],
	[
		'ReturnsReconciler',
		new ReturnsReconciler(),
		['Portal', 'Processor', 'ERP', 'Support'],
		['Mismatch', 'Pending', 'Consistent', 'Unmatched'],
	],
	['HandoffPatternReport', new HandoffPatternReport(), ['Tagged Items'], ['Report']],
];

/** Every parameter, top level and inside collections, by name (a map's two forms share one). */
function parameters(description: INodeTypeDescription): Map<string, INodeProperties> {
	const found = new Map<string, INodeProperties>();
	const visit = (list: readonly INodeProperties[]) => {
		for (const property of list) {
			if (!found.has(property.name)) found.set(property.name, property);
			if (property.type === 'collection') visit(property.options as INodeProperties[]);
		}
	};
	visit(description.properties);
	return found;
}

describe.each(NODES)('%s', (folder, node, inputs, outputs) => {
	const v1 = NodeHelpers.getVersionedNodeType(node, 1).description;
	const dir = path.join(__dirname, '..', '..', 'nodes', folder);

	it('is versioned from v1, usable as a tool, with a subtitle and light and dark icons', () => {
		// New workflows get the newest version; saved ones keep theirs, v1 first.
		const versions = Object.keys(node.nodeVersions).map(Number);
		expect(Math.min(...versions)).toBe(1);
		expect(node.currentVersion).toBe(Math.max(...versions));
		expect(v1.usableAsTool).toBe(true);
		expect(v1.subtitle).toMatch(/^=\{\{/);
		const icon = v1.icon as { light: string; dark: string };
		expect(icon.light).not.toBe(icon.dark);
		for (const file of [icon.light, icon.dark]) {
			const svg = readFileSync(path.join(dir, file.replace(/^file:/, '')), 'utf8');
			expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
			expect(svg.length).toBeLessThan(2000);
		}
	});

	it('names its inputs and outputs as the product does', () => {
		expect((v1.inputs as Array<{ displayName: string }>).map((i) => i.displayName)).toEqual(inputs);
		expect(v1.outputNames).toEqual(outputs);
		expect(v1.outputs).toHaveLength(outputs.length);
	});

	it('has a codex with its README section, the search aliases and accepted categories', () => {
		const codexFile = path.join(dir, `${folder}.node.json`);
		expect(existsSync(codexFile)).toBe(true);
		const codex = JSON.parse(readFileSync(codexFile, 'utf8'));
		expect(codex.node).toBe(`n8n-nodes-returns-handoff.${v1.name}`);
		expect(codex.resources.primaryDocumentation[0].url).toBe(v1.documentationUrl);
		expect(codex.alias).toEqual(
			expect.arrayContaining(['returns', 'refund', 'RMA', 'credit memo', 'NetSuite', 'reconcile']),
		);
		for (const category of codex.categories) {
			expect(['Finance & Accounting', 'Data & Storage', 'Utility']).toContain(category);
		}
	});

	it('only shows its tool arguments when it runs as a tool', () => {
		for (const property of v1.properties) {
			if (typeof property.default === 'string' && property.default.includes('$fromAI')) {
				expect(property.displayOptions?.show?.['@tool']).toEqual([true]);
			}
		}
	});
});

describe('parameter names and defaults follow the core options (docs/rules.md "Option names")', () => {
	const guard = parameters(
		NodeHelpers.getVersionedNodeType(new ReturnHandoffGuard(), 1).description,
	);
	const reconciler = parameters(
		NodeHelpers.getVersionedNodeType(new ReturnsReconciler(), 1).description,
	);
	const report = parameters(
		NodeHelpers.getVersionedNodeType(new HandoffPatternReport(), 1).description,
	);
	const tagger = parameters(
		NodeHelpers.getVersionedNodeType(new ReturnHandoffTagger(), 1).description,
	);

	it('uses the option names', () => {
		for (const name of [
			'slaWindowMinutes',
			'missingAfterMinutes',
			'amountTolerance',
			'idMap',
			'idRules',
			'subsidiaryMap',
			'closedOrderStatuses',
			'amountUnits',
			'fieldPaths',
			'now',
		]) {
			expect(reconciler.has(name)).toBe(true);
		}
		for (const name of ['mode', 'idMap', 'statusMap', 'subsidiaryMap', 'idRules', 'fieldPaths']) {
			expect(guard.has(name)).toBe(true);
		}
		expect(report.has('structuralThreshold')).toBe(true);
		expect(report.has('rememberDays')).toBe(true);
	});

	it('defaults to the core defaults', () => {
		expect(reconciler.get('slaWindowMinutes')?.default).toBe(DEFAULTS.slaWindowMinutes);
		expect(reconciler.get('missingAfterMinutes')?.default).toBe(DEFAULTS.missingAfterMinutes);
		expect(reconciler.get('amountTolerance')?.default).toBe(DEFAULTS.amountTolerance);
		expect(reconciler.get('closedOrderStatuses')?.default).toEqual(DEFAULTS.closedOrderStatuses);
		const idRules = reconciler.get('idRules')?.options as INodeProperties[];
		const byName = Object.fromEntries(idRules.map((p) => [p.name, p.default]));
		expect(byName).toMatchObject({ ...DEFAULTS.idRules });
		expect(guard.get('mode')?.default).toBe(DEFAULTS.mode);
		expect(report.get('structuralThreshold')?.default).toBe(DEFAULTS.structuralThreshold);
		expect(report.get('slaWindowMinutes')?.default).toBe(DEFAULTS.slaWindowMinutes);
		expect(report.get('rememberDays')?.default).toBe(DEFAULTS.rememberDays);
		for (const node of [guard, tagger, reconciler, report]) {
			expect(node.get('tagField')?.default).toBe('handoff');
		}
	});
});
