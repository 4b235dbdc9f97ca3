/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 60000,
	// A skipped or todo test fails the run: it proves nothing, and jest would count it green.
	reporters: ['default', '<rootDir>/test/helpers/no-skipped-reporter.js'],
};
