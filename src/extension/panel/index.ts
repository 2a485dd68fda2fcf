// The panel room: the one trace panel (panel.ts draws what a source builds), its commands and
// serializer (commands.ts), its settings (settings.ts), exports (export.ts, numpyCode.ts) and the
// webview's strings. Other rooms (literal/, run/, debug/, examples/) import it from here.
export { TracePanel, type Built, type GraphSource, type PanelState, type Reviver, type SourceView } from './panel';
export { readSettings } from './settings';
