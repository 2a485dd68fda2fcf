// Runs between loading mocha's browser build and the suites, so describe/it exist.
// The spec reporter writes with console.log, which reaches the test runner's terminal.
mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 60_000, color: false });
