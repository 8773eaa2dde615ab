/// The HTML page `HTMLDashboardTests.dashboard` renders to; regenerated only on purpose.
let smallDashboardGolden = #"""
  <!DOCTYPE html>
  <html lang="en">
  <head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="generator" content="Vigil">
  <title>payment-api &lt;dev&gt; · dashboard preview</title>
  <style>
  :root { --ok: #1d8102; --alarm: #d13212; --insufficient: #879596; --text: #16191f; --muted: #5f6b7a; --line: #d5dbdb; }
  * { box-sizing: border-box; }
  body { margin: 0; padding: 16px; background: #f2f3f3; color: var(--text); min-width: 1200px;
    font: 14px/1.4 "Amazon Ember", "Helvetica Neue", Roboto, Arial, "DejaVu Sans", sans-serif; }
  .page-header { display: flex; align-items: baseline; gap: 16px; margin: 0 0 12px; }
  .page-header h1 { font-size: 22px; font-weight: 700; margin: 0; }
  .subtitle { margin: 0; color: var(--muted); }
  .grid { display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 40px; gap: 10px; }
  .widget { background: #fff; border: 1px solid var(--line); border-radius: 2px; box-shadow: 0 1px 1px rgba(0, 28, 36, 0.12);
    padding: 8px 12px; display: flex; flex-direction: column; min-width: 0; min-height: 0; overflow: hidden; }
  .widget h2 { font-size: 14px; font-weight: 700; margin: 0 0 6px; line-height: 18px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .chart-box { flex: 1; min-height: 0; }
  svg.chart { display: block; width: 100%; height: 100%; font-size: 11px; }
  svg.chart .grid { stroke: #e9ebed; stroke-width: 1; }
  svg.chart .axis, svg.chart .tick { stroke: #aab7b8; stroke-width: 1; }
  svg.chart .y-label { fill: var(--muted); text-anchor: end; }
  svg.chart .x-label { fill: var(--muted); }
  svg.chart .series { fill: none; stroke-width: 1.75; stroke-linejoin: round; stroke-linecap: round; }
  svg.chart .threshold { stroke: var(--alarm); stroke-width: 1.5; stroke-dasharray: 6 4; }
  svg.chart .threshold-label { fill: var(--alarm); text-anchor: end; font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
  svg.chart .alarm-span rect { fill: var(--alarm); fill-opacity: 0.12; }
  svg.chart .alarm-span rect.alarm-band { fill-opacity: 0.85; }
  svg.chart .no-data { fill: var(--muted); text-anchor: middle; font-size: 13px; }
  .legend { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 14px; font-size: 12px; color: var(--muted); line-height: 16px; }
  .legend li { display: flex; align-items: center; gap: 6px; }
  .swatch { display: inline-block; width: 14px; height: 3px; border-radius: 1px; }
  .swatch.threshold { height: 0; border-top: 2px dashed var(--alarm); }
  .swatch.alarm { height: 10px; background: rgba(209, 50, 18, 0.18); border-top: 3px solid var(--alarm); }
  .alarms { display: flex; flex-direction: column; gap: 8px; }
  .alarm-head { display: flex; align-items: center; gap: 8px; font-size: 13px; min-width: 0; }
  .alarm-name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .since { color: var(--muted); white-space: nowrap; margin-left: auto; font-size: 12px; }
  .state { display: inline-block; font-size: 11px; font-weight: 700; padding: 1px 6px; border-radius: 9px; color: #fff; white-space: nowrap; }
  .state.ok { background: var(--ok); }
  .state.alarm { background: var(--alarm); }
  .state.insufficient { background: var(--insufficient); }
  svg.strip { display: block; width: 100%; height: 10px; margin-top: 4px; border-radius: 2px; }
  svg.strip .ok { fill: var(--ok); fill-opacity: 0.75; }
  svg.strip .alarm { fill: var(--alarm); }
  svg.strip .insufficient { fill: var(--insufficient); fill-opacity: 0.5; }
  .strip-axis { position: relative; height: 16px; font-size: 11px; color: var(--muted); }
  .strip-axis span { position: absolute; top: 0; }
  .markdown { overflow: auto; }
  .markdown h3 { font-size: 18px; margin: 0 0 4px; }
  .markdown h4, .markdown h5, .markdown h6 { font-size: 15px; margin: 0 0 4px; }
  .markdown p, .markdown ul { margin: 0 0 6px; }
  .markdown a { color: #0073bb; }
  code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; background: #f2f3f3; padding: 0 3px; border-radius: 2px; }
  .table-box { overflow: auto; flex: 1; min-height: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeded; white-space: nowrap; }
  th { color: var(--muted); font-weight: 700; background: #fafafa; position: sticky; top: 0; }
  td { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
  .num { text-align: right; width: 1%; }
  .empty { color: var(--muted); }
  </style>
  </head>
  <body>
  <header class="page-header">
  <h1>payment-api &lt;dev&gt;</h1>
  <p class="subtitle">2026-03-02 10:00 – 10:40 UTC · preview from sample data</p>
  </header>
  <main class="grid">
  <section class="widget text" style="grid-column: 1 / span 24; grid-row: 1 / span 2">
  <div class="markdown">
  <h4>Runbook</h4>
  <p>Call &lt;on-call&gt; &amp; see <a href="https://example.com/?a=1&amp;b=2" rel="noopener noreferrer">map</a>, not [this](javascript:alert(1)).</p>
  </div>
  </section>
  <section class="widget metric" style="grid-column: 1 / span 12; grid-row: 3 / span 6">
  <h2>Latency</h2>
  <div class="chart-box">
  <svg class="chart" viewBox="0 0 755 228" role="img" aria-label="line chart">
  <defs><clipPath id="w1-plot"><rect x="35" y="11" width="706" height="196"/></clipPath></defs>
  <g class="alarm-span"><title>p99-high in ALARM 10:10–10:20 UTC</title><rect x="211.5" y="12" width="176.5" height="194"/><rect class="alarm-band" x="211.5" y="12" width="176.5" height="3"/></g>
  <line class="grid" x1="35" x2="741" y1="206" y2="206"/><text class="y-label" x="29" y="210">0</text>
  <line class="grid" x1="35" x2="741" y1="141.3" y2="141.3"/><text class="y-label" x="29" y="145.3">100</text>
  <line class="grid" x1="35" x2="741" y1="76.7" y2="76.7"/><text class="y-label" x="29" y="80.7">200</text>
  <line class="grid" x1="35" x2="741" y1="12" y2="12"/><text class="y-label" x="29" y="16">300</text>
  <line class="axis" x1="35" x2="741" y1="206" y2="206"/>
  <line class="tick" x1="35" x2="35" y1="206" y2="210"/><text class="x-label" text-anchor="start" x="35" y="223">10:00</text>
  <line class="tick" x1="123.3" x2="123.3" y1="206" y2="210"/><text class="x-label" text-anchor="middle" x="123.3" y="223">10:05</text>
  <line class="tick" x1="211.5" x2="211.5" y1="206" y2="210"/><text class="x-label" text-anchor="middle" x="211.5" y="223">10:10</text>
  <line class="tick" x1="299.8" x2="299.8" y1="206" y2="210"/><text class="x-label" text-anchor="middle" x="299.8" y="223">10:15</text>
  <line class="tick" x1="388" x2="388" y1="206" y2="210"/><text class="x-label" text-anchor="middle" x="388" y="223">10:20</text>
  <line class="tick" x1="476.3" x2="476.3" y1="206" y2="210"/><text class="x-label" text-anchor="middle" x="476.3" y="223">10:25</text>
  <line class="tick" x1="564.5" x2="564.5" y1="206" y2="210"/><text class="x-label" text-anchor="middle" x="564.5" y="223">10:30</text>
  <line class="tick" x1="652.8" x2="652.8" y1="206" y2="210"/><text class="x-label" text-anchor="middle" x="652.8" y="223">10:35</text>
  <line class="tick" x1="741" x2="741" y1="206" y2="210"/><text class="x-label" text-anchor="end" x="741" y="223">10:40</text>
  <g clip-path="url(#w1-plot)">
  <path class="series" stroke="#1f77b4" d="M35 141.3 L211.5 12 M564.5 76.7 L741 141.3"><title>p99</title></path>
  </g>
  <line class="threshold" x1="35" x2="741" y1="44.3" y2="44.3"/><text class="threshold-label" x="737" y="39.3">p99 &gt; 250</text>
  </svg>
  </div>
  <ul class="legend"><li><span class="swatch" style="background: #1f77b4"></span>p99 (ms)</li><li><span class="swatch threshold"></span>p99 &gt; 250</li><li><span class="swatch alarm"></span>ALARM: p99-high</li></ul>
  </section>
  <section class="widget alarm" style="grid-column: 13 / span 12; grid-row: 3 / span 6">
  <h2>Alarms</h2>
  <div class="alarms">
  <div class="alarm-row">
  <div class="alarm-head"><span class="state ok">OK</span><span class="alarm-name">p99-high</span><span class="since">since 10:20</span></div>
  <svg class="strip" viewBox="0 0 1000 10" preserveAspectRatio="none"><rect class="ok" x="0" y="0" width="250" height="10"><title>OK 10:00–10:10 UTC</title></rect><rect class="alarm" x="250" y="0" width="250" height="10"><title>ALARM 10:10–10:20 UTC</title></rect><rect class="ok" x="500" y="0" width="500" height="10"><title>OK 10:20–10:40 UTC</title></rect></svg>
  </div>
  <div class="strip-axis"><span style="left: 0%; transform: translateX(0)">10:00</span><span style="left: 25%; transform: translateX(-50%)">10:10</span><span style="left: 50%; transform: translateX(-50%)">10:20</span><span style="left: 75%; transform: translateX(-50%)">10:30</span><span style="left: 100%; transform: translateX(-100%)">10:40</span></div>
  </div>
  </section>
  <section class="widget log" style="grid-column: 1 / span 24; grid-row: 9 / span 3">
  <h2>Errors &quot;top&quot;</h2>
  <div class="table-box">
  <table>
  <thead><tr><th class="num">status</th><th>message</th></tr></thead>
  <tbody>
  <tr><td class="num">503</td><td>&lt;timeout&gt; &amp; retry</td></tr>
  </tbody>
  </table>
  </div>
  </section>
  </main>
  </body>
  </html>
  """#
