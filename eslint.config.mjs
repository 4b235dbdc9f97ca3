import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// n8n Cloud verification is not a goal: it does not accept routing nodes, so the community
// rules without the cloud-only restrictions apply.
export default [
	...configWithoutCloudSupport,
	{
		ignores: ['test/**', 'scripts/**', 'bench/**', 'gulpfile.js', 'jest.config.js', 'eslint.config.mjs', '.cache/**'],
	},
];
