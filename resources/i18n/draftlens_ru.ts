<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Details</name>
    <message>
        <source>not analysed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>analysed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited since it was analysed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>analysis failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provisional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relevance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last result (before the edit):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-analysis failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Put the cursor in a paragraph to see its analysis.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentMap</name>
    <message>
        <source>Document map: every paragraph in its role colour, as tall as its share of the text; the line is its relevance to the topic; the frame is what the editor shows. Click to jump.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DraftEditor</name>
    <message>
        <source>Paste or type your draft here, or open a file (Ctrl+O).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventLog</name>
    <message>
        <source>time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol events of the network backends (the API key never shows). Expand an event to read its JSON.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Cannot open the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (read as cp1251)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The draft has unsaved changes. Save them first?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore unsaved draft?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DraftLens did not close properly last time. Restore the unsaved draft?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key kept for this session only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Roles and colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About DraftLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each paragraph gets a main role (and sometimes a second one) relative to the draft&apos;s topic. The editor colours the paragraph&apos;s background by its main role; some roles also change the text style, so colour is never the only cue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent for analysis, no answer yet (hatched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed since it was analysed: the faint colour is the old result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the analysis failed (wavy underline); earlier results stay, faded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document map beside the editor shows the same colours: each band is a paragraph, as tall as its share of the text; the line is its relevance to the topic; the frame is the part the editor shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles and colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;DraftLens %1&lt;/h3&gt;&lt;p&gt;See what every paragraph of your draft does: ten semantic roles relative to the topic, streamed live from a local classifier or an OpenAI-compatible server.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About DraftLens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>● total · △ first token · × failed · dashed line: p95</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time since start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No requests yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LegendPanel</name>
    <message>
        <source>Count: paragraphs with this main role · share of the draft&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent for analysis, no answer yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed since it was analysed: the faint colour is the old result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The analysis failed; wavy underline. Details in the Paragraph panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Prev</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour every role again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous paragraph of the selected role (Alt+Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next paragraph of the selected role (Alt+Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2% of the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing analysed yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 analysed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 analysed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Topic of the draft (what it is about)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the draft is about: roles are judged against it. Remembered for each file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the suggested topic (the draft&apos;s title)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analyse every paragraph (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the analysis (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-analyse edited paragraphs after you pause typing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Topic: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No topic given: using the suggested topic (the draft&apos;s title). Change it in the Topic field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to analyse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched to %1: restarting the analysis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earlier results of %1 are kept and marked as stale (faded, wavy underline).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. Press Ctrl+Enter to analyse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stale results dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: analysing… %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: done %2/%3 in %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: stopped at %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: failed — %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>Report as Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report as HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latency chart as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English sample draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Russian sample draft (Русский)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Analyze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;all roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next paragraph of the role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Previous paragraph of the role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the latency chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Live mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MethodSwitcher</name>
    <message>
        <source>Local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline classifier on this computer: instant, no key needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible Chat Completions, streamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI Realtime API over a WebSocket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realtime with automatic fallback to REST.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PerformancePanel</name>
    <message>
        <source>Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Performance panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request latency chart and protocol event log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Plural</name>
    <message>
        <source>paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paragraphs (2-4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paragraphs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleRow</name>
    <message>
        <source>In the editor: coloured background and %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to colour only these paragraphs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paragraphs whose main role this is, and their share of the draft&apos;s text (by characters).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleStyle</name>
    <message>
        <source>bold text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>italic text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dotted underline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dashed underline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dash-dot underline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>solid underline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>develops, expands or continues the main topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>illustrates the topic with a concrete case, analogue or everyday situation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a meaningful departure: cultural, philosophical or emotional reflection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a concise statement of the central idea or main conclusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unrelated to the topic, adds no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>figurative expression, comparison, allegory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meant to amuse; irony, sarcasm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a bridge between parts of the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an explicit or implicit switch to another topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stresses a difference, opposition or conflict of ideas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: $OPENAI_BASE_URL, else OpenAI. Any OpenAI-compatible server works (Ollama, LM Studio, llama.cpp, vLLM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat Completions model (REST and Hybrid&apos;s fallback).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realtime model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realtime API model (Realtime and Hybrid).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language; takes effect after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consecutive paragraphs per REST request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REST requests in flight at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context paragraphs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neighbours sent around each batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total time one request may take.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No-progress timeout (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Silence after which a server counts as hung.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max retries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retries of a failed request (retryable errors only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realtime sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WebSocket sessions in the pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-flight per session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Responses in flight per session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaker: consecutive failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid: failures in a row that open a backend&apos;s breaker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaker: failure rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid: failure share over the window that opens the breaker (0-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaker: window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests in the sliding window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaker: minimum samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fewest requests before the rate counts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaker: cool-down (s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds open before one trial request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hedging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid: also ask the other backend when the first is slower than its recent p95.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hedge budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of requests that may be hedged (0-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local when both are down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid: provisional Local answers when neither network backend works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local (offline, on this computer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REST (Chat Completions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realtime (WebSocket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hybrid (Realtime, falls back to REST)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DraftLens settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batching, concurrency, timeouts, circuit breaker and hedging: for power users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key is stored (type to replace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sk-… (kept in the system keyring)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the system keyring (or $OPENAI_API_KEY), never in the settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: REST, Realtime and Hybrid talk to a small server on this computer that answers like OpenAI, so you can try them offline, without a key (answers come from the Local analyser).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server for its models, try the chat model and open a Realtime session (takes a few seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the network methods offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check failed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server works with DraftLens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something does not work yet: see the steps above.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
